package io.meshconformance.bookinfo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.fabric8.kubernetes.api.model.PodBuilder;
import io.meshconformance.cluster.MockClusters;
import io.meshconformance.config.LabelSelector;
import io.meshconformance.istio.ProxyAdmin;
import io.meshconformance.lifecycle.Evidence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Component tier: what productpage's sidecar knows of details, as a failed verdict's evidence. The mock runs no
 * injector and no Envoy: the test creates productpage's pod as the injector leaves it (with an istio-proxy container)
 * and answers the sidecar's admin API with a fixture (fixtures/envoy), and says so.
 */
@Tag("component")
class BookinfoEvidenceTest {

    static final LabelSelector INJECTION = LabelSelector.of("istio-injection", "enabled");

    MockClusters clusters;

    @BeforeEach
    void productpage() {
        clusters = new MockClusters();
        clusters.primary().client().pods().inNamespace("bookinfo").resource(new PodBuilder().withNewMetadata()
                .withName("productpage-v1-abc").withNamespace("bookinfo").withLabels(Map.of("app", "productpage"))
                .endMetadata().withNewSpec().addNewContainer().withName("productpage").endContainer()
                .addNewContainer().withName("istio-proxy").endContainer().endSpec().build()).create();
    }

    @AfterEach
    void close() {
        clusters.close();
    }

    @Test
    void theSidecarsEndpointsForDetailsAreReadThroughTheProxySeam() throws Exception {
        String body = Files.readString(Path.of("fixtures/envoy/clusters-split-horizon.json"));
        ProxyAdmin proxies = (cluster, namespace, pods, path, timeout) -> {
            assertEquals("primary", cluster.name());
            assertEquals("bookinfo", namespace);
            assertEquals(LabelSelector.of("app", "productpage"), pods);
            assertEquals("clusters?format=json", path);
            return body;
        };
        assertEquals("outbound|9080||details.bookinfo.svc.cluster.local [172.18.0.3:15443 HEALTHY]",
                BookinfoEvidence.proxyView(clusters.primary(), proxies, "bookinfo", INJECTION));
        String none = Files.readString(Path.of("fixtures/envoy/clusters-no-endpoints.json"));
        assertEquals("the proxy knows no endpoint of outbound|9080||details.bookinfo.svc.cluster.local",
                BookinfoEvidence.proxyView(clusters.primary(), (c, n, p, a, t) -> none, "bookinfo", INJECTION));
    }

    @Test
    void aSidecarThatCannotBeReadIsSaidInTheEvidenceNotThrown() {
        ProxyAdmin refusing = (cluster, namespace, pods, path, timeout) -> {
            throw new IllegalStateException("exec refused: pods/exec is forbidden");
        };
        List<Evidence> evidence = new BookinfoEvidence(clusters.primary(), path -> "[]", refusing, "bookinfo",
                INJECTION).collect();
        Map<String, String> byTitle = evidence.stream().collect(Collectors.toMap(Evidence::title, Evidence::text));
        String proxy = byTitle.get("primary: productpage proxy's endpoints for details.bookinfo.svc.cluster.local");
        assertTrue(proxy.contains("exec refused: pods/exec is forbidden"), proxy);
    }
}
