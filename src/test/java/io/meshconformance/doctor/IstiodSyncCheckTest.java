package io.meshconformance.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Component tier: check 'istiod-sync', istiod's own word (debug/clusterz) that it has synced the remote. */
@Tag("component")
class IstiodSyncCheckTest extends AgainstHealthyMesh {

    @Test
    void istiodReportsTheRemoteTimedOut() {
        istiod = HealthyMesh.istiod("clusterz-timeout.json");
        assertFails(run(), "istiod-sync", "remote", "cluster 'remote' is timeout",
                "reachable from istiod's pod");
    }

    @Test
    void istiodThatCannotBeAskedIsAFailureOfThatCheckOnly() {
        istiod = path -> {
            throw new IllegalStateException("no running istiod pod");
        };
        DoctorReport report = run();
        assertFails(report, "istiod-sync", "remote", "could not be read: no running istiod pod",
                "istiod must be running there and the credentials need pods/exec in istio-system");
        assertEquals(1, report.failures().size(), report.table());
    }

    @Test
    void anIstiodThatIsNotReadyIsNotAsked() {
        clusters.primary().client().apps().deployments().inNamespace("istio-system").withName("istiod").delete();
        HealthyMesh.istiod(clusters.primary().client(), "primary", 0);
        istiod = path -> {
            throw new AssertionError("istiod was asked although it is not ready");
        };
        DoctorReport report = run();
        assertSkipped(report, "istiod-sync", "remote", "not checked: needs a ready istiod and a usable remote secret"
                + " (see 'istio-primary' and 'remote-secret')");
        assertEquals(1, report.failures().size(), "only 'istio-primary' fails:\n" + report.table());
    }
}
