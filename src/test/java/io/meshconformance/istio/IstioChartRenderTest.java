package io.meshconformance.istio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.meshconformance.cluster.MockClusters;
import io.meshconformance.topology.ClusterSpec;
import io.meshconformance.topology.MeshTopology;
import io.meshconformance.topology.TopologyLoader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Renders the harness's Helm values with the real Istio charts ({@code helm template}, in-process). The charts are
 * Istio's, not this project's, so they are not in the repository: point {@code MESH_TEST_ISTIO_CHARTS} at a
 * directory holding the {@code base}, {@code istiod} and {@code gateway} charts (unpacked, as in istio/istio's
 * {@code manifests/charts}, or the released {@code .tgz} archives). Without it these tests are skipped; set to a
 * directory without those charts, they fail.
 */
@Tag("charts")
class IstioChartRenderTest {

    static Map<String, Path> charts;

    @BeforeAll
    static void charts() throws IOException {
        String dir = System.getenv("MESH_TEST_ISTIO_CHARTS");
        assumeTrue(dir != null, "MESH_TEST_ISTIO_CHARTS is not set; chart rendering not exercised");
        // Set but wrong is a mistake to report, not a reason to skip.
        assertTrue(Files.isDirectory(Path.of(dir)), "MESH_TEST_ISTIO_CHARTS = '" + dir + "' is not a directory;"
                + " point it at a directory holding the base, istiod and gateway charts");
        charts = new HashMap<>();
        try (Stream<Path> files = Files.walk(Path.of(dir), 3)) {
            for (Path p : files.toList()) {
                String file = p.getFileName().toString();
                if (file.equals("Chart.yaml")) {
                    String name = Files.readAllLines(p).stream().filter(l -> l.startsWith("name:"))
                            .map(l -> l.substring(5).trim()).findFirst().orElse("");
                    charts.putIfAbsent(name, p.getParent());
                } else if (file.matches("(base|istiod|gateway)-.*\\.tgz")) {
                    charts.putIfAbsent(file.substring(0, file.indexOf('-')), p);
                }
            }
        }
        assertTrue(charts.keySet().containsAll(List.of("base", "istiod", "gateway")),
                "MESH_TEST_ISTIO_CHARTS holds " + charts.keySet() + ", not base, istiod and gateway: add the missing"
                        + " charts (helm pull istio/<chart> --version <version>)");
    }

    static List<HasMetadata> render(HelmRelease release) {
        TemplateCommand template = new Helm(charts.get(release.chart())).template()
                .withName(release.name()).withNamespace(release.namespace());
        release.values().forEach(template::set);
        String yaml = template.call();
        return Serialization.unmarshal(new ByteArrayInputStream(yaml.getBytes()));
    }

    static List<String> kinds(List<HasMetadata> objects) {
        return objects.stream().map(o -> o.getKind() + "/" + o.getMetadata().getName()).toList();
    }

    static HasMetadata find(List<HasMetadata> objects, String kind, String name) {
        return objects.stream().filter(o -> o.getKind().equals(kind) && o.getMetadata().getName().equals(name))
                .findFirst().orElseThrow(() -> new AssertionError(kind + "/" + name + " not rendered: " + kinds(objects)));
    }

    @Test
    void primaryIstiodKnowsItsClusterIdAndServesExternally() {
        List<HasMetadata> objects = render(IstioPlan.primary(MockClusters.TOPOLOGY.primary()).get(1));
        String deployment = Serialization.asYaml(find(objects, "Deployment", "istiod"));
        assertTrue(deployment.contains("name: \"CLUSTER_ID\"\n") || deployment.contains("name: CLUSTER_ID\n"), deployment);
        assertTrue(deployment.matches("(?s).*CLUSTER_ID\"?\\s+value: \"?primary\"?.*"), "CLUSTER_ID=primary");
        assertTrue(deployment.matches("(?s).*EXTERNAL_ISTIOD\"?\\s+value: \"?true\"?.*"), "EXTERNAL_ISTIOD=true");
    }

    @Test
    void gatewaysCarryTheLabelsTheGatewayResourcesSelect() {
        List<HelmRelease> primary = IstioPlan.primary(MockClusters.TOPOLOGY.primary());
        List<HasMetadata> eastwest = render(primary.get(2));
        String ewService = Serialization.asYaml(find(eastwest, "Service", "istio-eastwestgateway"));
        assertTrue(ewService.contains("istio: \"eastwestgateway\"") || ewService.contains("istio: eastwestgateway"),
                ewService);
        for (String port : List.of("15012", "15017", "15443")) {
            assertTrue(ewService.contains("port: " + port), "east-west gateway port " + port + ":\n" + ewService);
        }
        List<HasMetadata> ingress = render(primary.get(3));
        String ingressService = Serialization.asYaml(find(ingress, "Service", "istio-ingressgateway"));
        assertTrue(ingressService.contains("istio: \"ingressgateway\"") || ingressService.contains("istio: ingressgateway"),
                ingressService);
        assertTrue(ingressService.contains("port: 80\n"), "bookinfo's Gateway listens on 80:\n" + ingressService);
        // k3s's servicelb binds every LoadBalancer port on the one node: the gateways must not share one.
        assertTrue(ingressService.contains("type: \"ClusterIP\"") || ingressService.contains("type: ClusterIP"),
                ingressService);
        assertTrue(ewService.contains("type: \"LoadBalancer\"") || ewService.contains("type: LoadBalancer"), ewService);
    }

    @Test
    void remoteIstiodRendersNoDeploymentAndPointsAtTheGatewayAddress() {
        List<HasMetadata> objects = render(IstioPlan.remote(MockClusters.TOPOLOGY.remotes().get(0), "192.168.255.2")
                .get(1));
        assertFalse(kinds(objects).stream().anyMatch(k -> k.startsWith("Deployment/")), kinds(objects).toString());
        String slice = Serialization.asYaml(find(objects, "EndpointSlice", "istiod"));
        assertTrue(slice.contains("192.168.255.2"), slice);
        String webhook = Serialization.asYaml(find(objects, "MutatingWebhookConfiguration", "istio-sidecar-injector"));
        assertTrue(webhook.contains("/inject/cluster/remote/net/network1"), webhook);
    }

    @Test
    void remoteBaseCreatesTheReaderServiceAccount() {
        List<HasMetadata> objects = render(IstioPlan.remote(MockClusters.TOPOLOGY.remotes().get(0), "192.168.255.2")
                .get(0));
        assertEquals("istio-system", find(objects, "ServiceAccount", RemoteSecret.READER_SERVICE_ACCOUNT)
                .getMetadata().getNamespace());
        assertTrue(kinds(objects).contains("CustomResourceDefinition/virtualservices.networking.istio.io"),
                kinds(objects).toString());
    }

    @Test
    void multiNetworkTheRemotesGatewayIsItsNetworksGatewayAsIstiodReadsIt() {
        MeshTopology topology = TopologyLoader.load(Path.of("fixtures/topologies/multi-network.yaml"));
        ClusterSpec remote = topology.remotes().get(0);
        assertTrue(IstioPlan.ownsNetworkGateway(remote, topology.primary()));
        List<HasMetadata> objects = render(IstioPlan.networkGateway(remote));
        Service service = (Service) find(objects, "Service", "istio-eastwestgateway");
        // The label and port istiod's network manager looks for (network.go getGatewayDetails).
        assertEquals("network2", service.getMetadata().getLabels().get(IstioPlan.NETWORK_LABEL));
        assertEquals("eastwestgateway", service.getSpec().getSelector().get("istio"),
                "expose-services.yaml's Gateway selects istio: eastwestgateway");
        assertEquals("LoadBalancer", service.getSpec().getType());
        assertTrue(NetworkGateways.of("remote", service).isPresent(), "istiod takes it for network2's gateway: "
                + Serialization.asYaml(service));
        String deployment = Serialization.asYaml(find(objects, "Deployment", "istio-eastwestgateway"));
        assertTrue(deployment.matches("(?s).*ISTIO_META_REQUESTED_NETWORK_VIEW\"?\\s+value: \"?network2\"?.*"),
                deployment);
        assertTrue(deployment.contains("topology.istio.io/network"), "the pods carry the network: " + deployment);
        // The remote's istiod values name the same network in the injection path.
        String webhook = Serialization.asYaml(find(render(IstioPlan.remote(remote, "192.168.255.2").get(1)),
                "MutatingWebhookConfiguration", "istio-sidecar-injector"));
        assertTrue(webhook.contains("/inject/cluster/remote/net/network2"), webhook);
    }
}
