package io.meshconformance.istio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.meshconformance.cluster.MeshCluster;
import io.meshconformance.cluster.MockClusters;
import io.meshconformance.lifecycle.CleanupStack;
import io.meshconformance.lifecycle.Layer;
import io.meshconformance.lifecycle.RunId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Component tier: an east-west gateway whose LoadBalancer Service gets no address makes Helm's --wait run out on it;
 * the installer says so, naming the network and the Service, and points at the cluster. The chart installer here
 * plays Helm: it creates the gateway's Service (the mock gives it no address, as a cluster without a LoadBalancer
 * implementation would not) and fails with Helm's deadline words.
 */
@Tag("component")
class IstioInstallerTest {

    static final RunId RUN = new RunId("20261202-0800-abcd");

    MockClusters clusters;
    CleanupStack cleanup;

    @BeforeEach
    void setUp() {
        clusters = new MockClusters();
        cleanup = new CleanupStack();
    }

    @AfterEach
    void tearDown() {
        clusters.close();
    }

    /** Creates the gateway's LoadBalancer Service, then fails as Helm's wait does when it runs out. */
    static ChartInstaller helmTimingOut(String message) {
        return (release, cluster, timeout, cleanup) -> {
            cluster.client().services().inNamespace(release.namespace()).resource(new ServiceBuilder()
                    .withNewMetadata().withName(release.name()).withNamespace(release.namespace()).endMetadata()
                    .withNewSpec().withType("LoadBalancer").addNewPort().withName("tls").withPort(15443).endPort()
                    .endSpec().build()).create();
            throw HelmInstaller.failure(release, "1.30.3", new IllegalStateException(message));
        };
    }

    @Test
    void aNetworkGatewayWithoutAnAddressIsNamedWithItsNetworkAndPointsAtTheCluster() {
        MeshCluster remote = clusters.remote();
        IstioInstaller installer = new IstioInstaller(helmTimingOut("context deadline exceeded"),
                Duration.ofSeconds(10), RUN);

        GatewayAddressException e = assertThrows(GatewayAddressException.class,
                () -> installer.installNetworkGateway(remote, cleanup));

        assertTrue(e.getMessage().startsWith("Cluster 'remote': the east-west gateway of network '"
                + remote.network() + "' has no address: helm install istio-eastwestgateway waited until Service"
                + " istio-system/istio-eastwestgateway has a LoadBalancer address, for 10 s"), e.getMessage());
        assertTrue(e.getMessage().contains("servicelb"), e.getMessage());
        assertTrue(e.getMessage().endsWith("Helm said: " + e.getCause().getMessage()), e.getMessage());
        assertEquals(Optional.of(Layer.CLUSTER), e.brokenLayer());
    }

    @Test
    void anotherHelmFailureIsLeftInHelmsWords() {
        ChartInstaller helm = helmTimingOut("cannot re-use a name that is still in use");
        IstioInstaller installer = new IstioInstaller(helm, Duration.ofSeconds(10), RUN);

        IstioInstallException e = assertThrows(IstioInstallException.class,
                () -> installer.installNetworkGateway(clusters.remote(), cleanup));

        assertEquals(IstioInstallException.class, e.getClass());
        assertTrue(e.getMessage().contains("cannot re-use a name"), e.getMessage());
    }

    @Test
    void aGatewayThatHasItsAddressLeavesHelmsTimeoutAsItIs() {
        ChartInstaller timingOut = helmTimingOut("context deadline exceeded");
        ChartInstaller addressed = (release, cluster, timeout, cleanup) -> {
            try {
                return timingOut.install(release, cluster, timeout, cleanup);
            } catch (IstioInstallException e) {
                cluster.client().services().inNamespace(release.namespace()).withName(release.name())
                        .editStatus(s -> new ServiceBuilder(s).withNewStatus().withNewLoadBalancer().addNewIngress()
                                .withIp(MockClusters.REMOTE_NODE).endIngress().endLoadBalancer().endStatus().build());
                throw e;
            }
        };
        IstioInstaller installer = new IstioInstaller(addressed, Duration.ofSeconds(10), RUN);

        IstioInstallException e = assertThrows(IstioInstallException.class,
                () -> installer.installNetworkGateway(clusters.remote(), cleanup));

        assertSame(IstioInstallException.class, e.getClass(), e.getMessage());
    }

    /** The cross-network Gateway's absence is named, and its presence (as exposeServices applies it) clears it. */
    @Test
    void servicesNotExposedAcrossNetworksAreNamedUntilTheGatewayIsApplied() {
        MeshCluster primary = clusters.primary();
        Optional<String> missing = NetworkGateways.notExposed(primary, "istio-system");
        assertTrue(missing.isPresent() && missing.get().contains("cross-network-gateway")
                && missing.get().contains("AUTO_PASSTHROUGH"), String.valueOf(missing));

        new IstioInstaller(helmTimingOut("unused"), Duration.ofSeconds(10), RUN).exposeServices(primary, cleanup);

        assertEquals(Optional.empty(), NetworkGateways.notExposed(primary, "istio-system"));
    }
}
