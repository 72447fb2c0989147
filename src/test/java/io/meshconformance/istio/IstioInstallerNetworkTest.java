package io.meshconformance.istio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServiceStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.meshconformance.cluster.MeshCluster;
import io.meshconformance.cluster.MockClusters;
import io.meshconformance.lifecycle.CleanupStack;
import io.meshconformance.lifecycle.RunId;
import io.meshconformance.lifecycle.Waits;
import io.meshconformance.topology.ClusterSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Component tier: the multi-network steps of the installer against fabric8's mock API server. The mock runs neither
 * Helm nor k3s's servicelb: the chart installer here creates the gateway Service as the gateway chart renders it for
 * {@code networkGateway} (istio/istio 1.30.3 manifests/charts/gateway/templates/service.yaml: the network label and
 * ports 15021, 15443, 15012, 15017), and the test gives it a load-balancer address as servicelb would, and says so.
 */
@Tag("component")
class IstioInstallerNetworkTest {

    static final RunId RUN = new RunId("20261202-0700-abcd");

    MockClusters clusters;
    MeshCluster remote;
    final List<HelmRelease> installed = new ArrayList<>();

    /** Helm's part: records the release and creates the gateway Service the chart would. */
    final ChartInstaller charts = (release, cluster, timeout, cleanup) -> {
        installed.add(release);
        cluster.client().services().inNamespace(release.namespace()).resource(new ServiceBuilder().withNewMetadata()
                .withName(release.values().get("name")).withNamespace(release.namespace())
                .withLabels(Map.of("topology.istio.io/network", release.values().get("networkGateway"),
                        "istio", "eastwestgateway")).endMetadata().withNewSpec().withType("LoadBalancer")
                .addNewPort().withName("status-port").withPort(15021).endPort()
                .addNewPort().withName("tls").withPort(15443).endPort()
                .addNewPort().withName("tls-istiod").withPort(15012).endPort()
                .addNewPort().withName("tls-webhook").withPort(15017).endPort().endSpec().build()).create();
        return new ChartInstaller.Installed(release, "1.30.3", "deployed", Duration.ZERO);
    };

    @BeforeEach
    void clusters() {
        clusters = new MockClusters();
        ClusterSpec spec = clusters.remote().spec();
        remote = new MeshCluster(new ClusterSpec(spec.name(), spec.role(), "network2", spec.podCidr(),
                spec.serviceCidr(), spec.clusterDns()), clusters.remote().client(), "", "");
    }

    @AfterEach
    void close() {
        clusters.close();
    }

    @Test
    void theRemotesGatewayIsInstalledForItsNetworkAndWaitedForUntilItHasAnAddress() throws Exception {
        // servicelb's part, a moment after the Service exists: the node's address as the load balancer's.
        CompletableFuture<Void> servicelb = CompletableFuture.runAsync(() -> {
            KubernetesClient client = remote.client();
            Waits.until("the gateway Service", Duration.ofSeconds(10), Duration.ofMillis(100), () ->
                    client.services().inNamespace("istio-system").withName("istio-eastwestgateway").get() == null
                            ? Optional.of("none") : Optional.empty());
            client.services().inNamespace("istio-system").withName("istio-eastwestgateway").editStatus(s ->
                    new ServiceBuilder(s).withStatus(new ServiceStatusBuilder().withNewLoadBalancer().addNewIngress()
                            .withIp(MockClusters.REMOTE_NODE).endIngress().endLoadBalancer().build()).build());
        });
        CleanupStack cleanup = new CleanupStack();
        IstioInstaller.GatewayInstalled gateway = new IstioInstaller(charts, Duration.ofSeconds(20), RUN)
                .installNetworkGateway(remote, cleanup);
        servicelb.get(5, TimeUnit.SECONDS);
        assertEquals(List.of(IstioPlan.networkGateway(remote.spec())), installed);
        assertEquals(new NetworkGateway("remote", "istio-system/istio-eastwestgateway", "network2",
                Optional.of(MockClusters.REMOTE_NODE), 15443), gateway.gateway());
        assertEquals("network2", gateway.release().release().values().get("networkGateway"));
    }

    @Test
    void aGatewayThatNeverGetsAnAddressEndsInANamedTimeoutSayingWhy() {
        CleanupStack cleanup = new CleanupStack();
        Waits.WaitTimeoutException e = assertThrows(Waits.WaitTimeoutException.class, () -> new IstioInstaller(
                charts, Duration.ofSeconds(3), RUN).installNetworkGateway(remote, cleanup));
        assertTrue(e.getMessage().contains("cluster 'remote': the east-west gateway of network 'network2' (Service"
                + " labelled topology.istio.io/network=network2 with port 15443) has an address"), e.getMessage());
        assertTrue(e.lastSeen().contains("istio-system/istio-eastwestgateway in 'remote' for network 'network2' at"
                + " (no address yet)]: no address yet; the gateway needs a LoadBalancer implementation"),
                e.lastSeen());
    }

    @Test
    void theCrossNetworkGatewayIsAppliedInThePrimaryWithTheRunsLabelsAndUndone() {
        CleanupStack cleanup = new CleanupStack();
        new IstioInstaller(charts, Duration.ofSeconds(5), RUN).exposeServices(clusters.primary(), cleanup);
        KubernetesClient primary = clusters.primary().client();
        GenericKubernetesResource gateway = primary.genericKubernetesResources("networking.istio.io/v1", "Gateway")
                .inNamespace("istio-system").withName("cross-network-gateway").get();
        assertEquals(Map.of("istio", "eastwestgateway"), gateway.get("spec", "selector"));
        List<Map<String, Object>> servers = gateway.get("spec", "servers");
        assertEquals(Map.of("name", "tls", "number", 15443, "protocol", "TLS"), servers.get(0).get("port"));
        assertEquals(Map.of("mode", "AUTO_PASSTHROUGH"), servers.get(0).get("tls"));
        assertEquals(List.of("*.local"), servers.get(0).get("hosts"));
        assertTrue(RUN.owns(gateway.getMetadata().getLabels()), "labelled with the run");
        cleanup.close();
        assertEquals(null, primary.genericKubernetesResources("networking.istio.io/v1", "Gateway")
                .inNamespace("istio-system").withName("cross-network-gateway").get(), "removed with the run");
    }

    @Test
    void istioSystemIsLabelledWithTheClustersNetwork() {
        CleanupStack cleanup = new CleanupStack();
        new IstioInstaller(charts, Duration.ofSeconds(5), RUN).claimNamespace(remote, cleanup);
        assertEquals("network2", remote.client().namespaces().withName("istio-system").get().getMetadata().getLabels()
                .get("topology.istio.io/network"));
    }
}
