package io.meshconformance.istio;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.Test;

class AttachCheckTest {

    @Test
    void syncedRemotePasses() {
        AttachCheck.awaitSynced(Fixtures.istiod(Map.of("debug/clusterz", "clusterz-synced.json")), "primary", "remote",
                Duration.ofSeconds(2), "istio-system");
    }

    @Test
    void timeoutStatusIsQuotedWithTheLikelyCauses() {
        IstioInstallException e = assertThrows(IstioInstallException.class, () -> AttachCheck.awaitSynced(
                Fixtures.istiod(Map.of("debug/clusterz", "clusterz-timeout.json")), "primary", "remote",
                Duration.ofMillis(300), "istio-system"));
        assertTrue(e.getMessage().contains("waiting for istiod in cluster 'primary' reports cluster 'remote' synced"
                + " (debug/clusterz); last seen: cluster 'remote' is timeout (secret"
                + " istio-system/istio-remote-secret-remote)"), e.getMessage());
        assertTrue(e.getMessage().contains("never 127.0.0.1 or localhost"), e.getMessage());
    }

    @Test
    void aSecretIstiodDoesNotSeeIsExplained() {
        IstioInstallException e = assertThrows(IstioInstallException.class, () -> AttachCheck.awaitSynced(
                Fixtures.istiod(Map.of("debug/clusterz", "clusterz-primary-only.json")), "primary", "remote",
                Duration.ofMillis(300), "istio-system"));
        assertTrue(e.getMessage().contains("clusterz lists no cluster 'remote' (it lists ['primary'])"), e.getMessage());
        assertTrue(e.getMessage().contains("label istio/multiCluster=true"), e.getMessage());
        assertTrue(e.getMessage().contains("data key must be 'remote'"), e.getMessage());
    }

    @Test
    void theCausesNameIstiodsOwnNamespace() {
        IstioInstallException e = assertThrows(IstioInstallException.class, () -> AttachCheck.awaitSynced(
                Fixtures.istiod(Map.of("debug/clusterz", "clusterz-primary-only.json")), "primary", "remote",
                Duration.ofMillis(300), "istio-cp"));
        assertTrue(e.getMessage().contains("it must be in istiod's own namespace (istio-cp; istioctl"
                + " create-remote-secret -i istio-cp)"), e.getMessage());
        assertTrue(AttachCheck.causes(new AttachCheck.Problem(AttachCheck.State.UNREADABLE, "x"), "remote",
                "istio-cp").contains("pods/exec in istio-cp"));
    }

    @Test
    void unreadableIstiodIsNamed() {
        IstioInstallException e = assertThrows(IstioInstallException.class, () -> AttachCheck.awaitSynced(
                path -> {
                    throw new IllegalStateException("no running istiod pod");
                }, "primary", "remote", Duration.ofMillis(300), "istio-system"));
        assertTrue(e.getMessage().contains("debug/clusterz could not be read: no running istiod pod"), e.getMessage());
        assertTrue(e.getMessage().contains("the credentials need pods/exec in istio-system"), e.getMessage());
    }

    @Test
    void anUnreadableIstiodIsNotMistakenForAnUnsyncedRemote() {
        // The exec itself timed out: the advice is about reading istiod, not about the remote's API server.
        IstioInstallException e = assertThrows(IstioInstallException.class, () -> AttachCheck.awaitSynced(
                path -> {
                    throw new TimeoutException("exec timeout after 20s");
                }, "primary", "remote", Duration.ofMillis(300), "istio-system"));
        assertTrue(e.getMessage().contains("istio-system (pilot-discovery request)"), e.getMessage());
        assertTrue(!e.getMessage().contains("cannot list the remote's API"), e.getMessage());
    }
}
