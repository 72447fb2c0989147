package io.meshconformance.bookinfo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.PodBuilder;
import io.meshconformance.cluster.MeshCluster;
import io.meshconformance.cluster.MockClusters;
import io.meshconformance.istio.NetworkGateway;
import io.meshconformance.lifecycle.Layer;
import io.meshconformance.lifecycle.Waits;
import io.meshconformance.topology.MeshTopology;
import io.meshconformance.topology.TopologyLoader;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The data-plane verdict across networks, on sidecar answers shaped as Envoy writes them (fixtures/envoy). */
class CrossNetworkVerdictTest {

    static final MeshTopology TOPOLOGY = TopologyLoader.load(Path.of("fixtures/topologies/multi-network.yaml"));
    static final NetworkGateway GATEWAY = new NetworkGateway("remote", "istio-system/istio-eastwestgateway",
            "network2", Optional.of("172.18.0.3"), 15443);

    static String fixture(String name) throws IOException {
        return Files.readString(Path.of("fixtures/envoy", name));
    }

    static Optional<String> problem(String fixture, List<NetworkGateway> gateways) throws IOException {
        return CrossNetworkVerdict.problem(fixture(fixture), "bookinfo", "network2", gateways);
    }

    @Test
    void detailsAtTheRemoteNetworksGatewayOn15443Holds() throws IOException {
        assertEquals(Optional.empty(), problem("clusters-split-horizon.json", List.of(GATEWAY)));
    }

    @Test
    void podAddressesOfTheOtherNetworkAreNamedWithTheCause() throws IOException {
        String p = problem("clusters-pod-addresses.json", List.of(GATEWAY)).orElseThrow();
        assertEquals("productpage's sidecar sends details to [10.42.0.12:9080 HEALTHY], not to network 'network2''s"
                + " gateway [172.18.0.3:15443]: pod addresses of another network cannot be reached from the primary;"
                + " istiod applies split horizon only when it knows the networks' gateways and the endpoints'"
                + " networks (label istiod's namespace topology.istio.io/network in each cluster)", p);
    }

    @Test
    void anotherGatewayAddressOrPortIsNotTheRemotes() throws IOException {
        NetworkGateway elsewhere = new NetworkGateway("remote", "istio-system/istio-eastwestgateway", "network2",
                Optional.of("172.18.0.9"), 15443);
        assertTrue(problem("clusters-split-horizon.json", List.of(elsewhere)).orElseThrow()
                .contains("not to network 'network2''s gateway [172.18.0.9:15443]"));
        NetworkGateway otherPort = new NetworkGateway("remote", "istio-system/istio-eastwestgateway", "network2",
                Optional.of("172.18.0.3"), 15444);
        assertTrue(problem("clusters-split-horizon.json", List.of(otherPort)).isPresent(), "15444 is not 15443");
    }

    @Test
    void aGatewayKnownByHostnameIsMatchedOnItsPort() throws IOException {
        // istiod resolves a hostname gateway to addresses the harness does not know: the port is what can be judged.
        NetworkGateway named = new NetworkGateway("remote", "istio-system/istio-eastwestgateway", "network2",
                Optional.of("a1b2.elb.eu-west-1.amazonaws.com"), 15443);
        assertEquals(Optional.empty(), problem("clusters-split-horizon.json", List.of(named)));
        assertTrue(problem("clusters-pod-addresses.json", List.of(named)).isPresent());
    }

    @Test
    void aGatewayReachedThroughNodesIsMatchedOnItsNodePort() throws IOException {
        NetworkGateway nodes = new NetworkGateway("remote", "istio-system/gw", "network2", Optional.empty(), 15443,
                Optional.of("{}"));
        assertEquals(Optional.empty(), problem("clusters-split-horizon.json", List.of(nodes)));
        assertTrue(problem("clusters-pod-addresses.json", List.of(nodes)).isPresent());
    }

    @Test
    void noGatewayWithAnAddressIsSaidFirst() throws IOException {
        assertEquals("network 'network2' has no east-west gateway with an address: istiod then knows no way into it;"
                + " install one there (gateway chart with networkGateway=network2) on a LoadBalancer",
                problem("clusters-split-horizon.json", List.of()).orElseThrow());
        NetworkGateway pending = new NetworkGateway("remote", "istio-system/istio-eastwestgateway", "network2",
                Optional.empty(), 15443);
        assertTrue(problem("clusters-split-horizon.json", List.of(pending)).orElseThrow().contains("(found"
                + " [istio-system/istio-eastwestgateway in 'remote' for network 'network2' at (no address yet)])"));
    }

    @Test
    void noDetailsClusterAndNoEndpointsEachGetTheirCause() throws IOException {
        String none = CrossNetworkVerdict.problem("{\"cluster_statuses\": []}", "bookinfo", "network2",
                List.of(GATEWAY)).orElseThrow();
        assertTrue(none.startsWith("productpage's sidecar has no cluster outbound|9080||details.bookinfo.svc.cluster"
                + ".local: istiod has not sent it details yet"), none);
        String empty = problem("clusters-no-endpoints.json", List.of(GATEWAY)).orElseThrow();
        assertTrue(empty.startsWith("productpage's sidecar has no endpoints for outbound|9080||details.bookinfo.svc"
                + ".cluster.local, none at the gateway [172.18.0.3:15443]"), empty);
    }

    @Test
    void evidenceListsTheSidecarsEndpointsAndTheGateways() throws IOException {
        assertEquals("outbound|9080||details.bookinfo.svc.cluster.local\n  172.18.0.3:15443 HEALTHY\ngateways:"
                + " [istio-system/istio-eastwestgateway in 'remote' for network 'network2' at 172.18.0.3:15443]\n",
                CrossNetworkVerdict.evidence(fixture("clusters-split-horizon.json"), "bookinfo", List.of(GATEWAY)));
    }

    /** Playing the injector and the kubelet: productpage's pod in the primary, with or without its sidecar. */
    static void productpage(MeshCluster primary, boolean injected) {
        PodBuilder pod = new PodBuilder().withNewMetadata().withName("productpage-v1-abc").withNamespace("bookinfo")
                .withLabels(Map.of("app", "productpage")).endMetadata().withNewSpec().addNewContainer()
                .withName("productpage").endContainer().endSpec();
        if (injected) {
            pod.editSpec().addNewContainer().withName("istio-proxy").endContainer().endSpec();
        }
        primary.client().pods().inNamespace("bookinfo").resource(pod.build()).create();
    }

    @Test
    @Tag("component")
    void theWaitMarksTheSightingAndATimeoutPointsAtTheDataPlane() throws IOException {
        try (MockClusters clusters = new MockClusters()) {
            MeshCluster primary = clusters.primary();
            MeshCluster remote = new MeshCluster(TOPOLOGY.remotes().get(0), clusters.remote().client(), "", "");
            productpage(primary, true);
            List<String> marks = new ArrayList<>();
            String good = fixture("clusters-split-horizon.json");
            CrossNetworkVerdict.await((cluster, namespace, pods, path, timeout) -> {
                assertEquals("primary", cluster.name());
                assertEquals(CrossNetworkVerdict.PRODUCTPAGE, pods);
                assertEquals("clusters?format=json", path);
                return good;
            }, primary, "bookinfo", remote, () -> List.of(GATEWAY), Duration.ofSeconds(5), marks::add);
            assertEquals(List.of("productpage's sidecar sends details to network 'network2''s gateway"), marks);

            String bad = fixture("clusters-pod-addresses.json");
            Waits.WaitTimeoutException e = assertThrows(Waits.WaitTimeoutException.class,
                    () -> CrossNetworkVerdict.await((cluster, namespace, pods, path, timeout) -> bad, primary,
                            "bookinfo", remote, () -> List.of(GATEWAY), Duration.ofMillis(200), marks::add));
            assertEquals(Optional.of(Layer.DATA_PLANE), e.brokenLayer());
            assertTrue(e.getMessage().contains("10.42.0.12:9080"), e.getMessage());
            Waits.WaitTimeoutException unreadable = assertThrows(Waits.WaitTimeoutException.class,
                    () -> CrossNetworkVerdict.await((cluster, namespace, pods, path, timeout) -> {
                        throw new IllegalStateException("no running pod labelled app=productpage");
                    }, primary, "bookinfo", remote, () -> List.of(GATEWAY), Duration.ofMillis(200), marks::add));
            assertTrue(unreadable.getMessage().contains("productpage's sidecar could not be read: no running pod"),
                    unreadable.getMessage());
        }
    }

    @Test
    @Tag("component")
    void aProductpageWithoutASidecarEndsTheWaitAtOncePointingAtTheInjector() {
        try (MockClusters clusters = new MockClusters()) {
            productpage(clusters.primary(), false);
            MeshCluster remote = new MeshCluster(TOPOLOGY.remotes().get(0), clusters.remote().client(), "", "");
            long begin = System.nanoTime();
            CrossNetworkVerdict.NotInjectedException e = assertThrows(CrossNetworkVerdict.NotInjectedException.class,
                    () -> CrossNetworkVerdict.await((cluster, namespace, pods, path, timeout) -> {
                        throw new IllegalStateException("container istio-proxy not found");
                    }, clusters.primary(), "bookinfo", remote, () -> List.of(GATEWAY), Duration.ofSeconds(60),
                            what -> { }));
            assertTrue(Duration.ofNanos(System.nanoTime() - begin).toSeconds() < 10, "not the 60 s timeout");
            assertEquals(Optional.of(Layer.CONTROL_PLANE), e.brokenLayer());
            assertTrue(e.getMessage().startsWith("productpage in bookinfo of 'primary' runs without a sidecar (no"
                    + " istio-proxy container in 1 pod)"), e.getMessage());
            assertTrue(e.getMessage().contains("injection-webhook"), e.getMessage());
        }
    }
}
