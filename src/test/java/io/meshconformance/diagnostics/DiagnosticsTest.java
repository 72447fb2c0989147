package io.meshconformance.diagnostics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.meshconformance.bookinfo.BookinfoEvidence;
import io.meshconformance.config.LabelSelector;
import io.meshconformance.cluster.MeshCluster;
import io.meshconformance.cluster.MockClusters;
import io.meshconformance.cluster.NamespaceEvidence;
import io.meshconformance.istio.IstiodDebug;
import io.meshconformance.istio.IstiodEvidence;
import io.meshconformance.istio.ProxyAdmin;
import io.meshconformance.lifecycle.Evidence;
import io.meshconformance.text.FakeSecrets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Component tier: the evidence each component's collector gives, collected from two mock API servers holding a
 * failing mesh, in the order the run registers them. The tests put the pods, their statuses and events in place
 * themselves, as the kubelet and the scheduler would have.
 */
@Tag("component")
class DiagnosticsTest {

    static final String NS = "bookinfo-20261125-1400-abcd";
    static final String FAKE_TOKEN = FakeSecrets.jwt("sidecar");

    MockClusters clusters;

    @BeforeEach
    void failingMesh() {
        clusters = new MockClusters();
        // Remote: details-v1 cannot pull its image; its sidecar restarts.
        clusters.remote().client().pods().inNamespace(NS).resource(new PodBuilder()
                .withNewMetadata().withName("details-v1-7d4d9d5fcb-x2x9q").withNamespace(NS).endMetadata()
                .withNewStatus().withPhase("Pending")
                .addNewCondition().withType("Ready").withStatus("False").withReason("ContainersNotReady")
                .withMessage("containers with unready status: [details]").endCondition()
                .addNewContainerStatus().withName("details").withReady(false).withRestartCount(0)
                .withNewState().withNewWaiting().withReason("ImagePullBackOff")
                .withMessage("Back-off pulling image \"docker.io/istio/examples-bookinfo-details-v1:1.20.3\"")
                .endWaiting().endState().endContainerStatus()
                .addNewContainerStatus().withName("istio-proxy").withReady(false).withRestartCount(3)
                .withNewState().withNewRunning().endRunning().endState().endContainerStatus()
                .endStatus().build()).create();
        clusters.remote().client().v1().events().inNamespace(NS).resource(new EventBuilder()
                .withNewMetadata().withName("details.1").withNamespace(NS).endMetadata()
                .withType("Warning").withReason("Failed").withLastTimestamp("2026-11-25T14:00:05Z")
                .withNewInvolvedObject().withKind("Pod").withName("details-v1-7d4d9d5fcb-x2x9q").endInvolvedObject()
                .withMessage("Failed to pull image: rate limit exceeded").build()).create();
        // Primary: productpage is ready.
        clusters.primary().client().pods().inNamespace(NS).resource(new PodBuilder()
                .withNewMetadata().withName("productpage-v1-6b7c9f5d8-kq2lp").withNamespace(NS)
                .addToLabels("app", "productpage").endMetadata()
                .withNewSpec().addNewContainer().withName("productpage").endContainer().endSpec()
                .withNewStatus().withPhase("Running")
                .addNewContainerStatus().withName("productpage").withReady(true).withRestartCount(0).endContainerStatus()
                .endStatus().build()).create();
        // The restarting sidecar's log, which mentions a token it must not leak.
        clusters.server("remote").expect().get()
                .withPath("/api/v1/namespaces/" + NS + "/pods/details-v1-7d4d9d5fcb-x2x9q/log"
                        + "?container=istio-proxy&tailLines=120")
                .andReturn(200, "warning envoy config  StreamAggregatedResources gRPC config stream to"
                        + " xds-grpc closed: connection error: desc = \"transport: authentication handshake failed:"
                        + " x509: certificate signed by unknown authority\" token " + FAKE_TOKEN + "\n")
                .always();
        clusters.server("remote").expect().get()
                .withPath("/api/v1/namespaces/" + NS + "/pods/details-v1-7d4d9d5fcb-x2x9q/log"
                        + "?container=istio-proxy&previous=true&tailLines=120")
                .andReturn(200, ("info envoy main  a long line the crashed run wrote before it ended, over and over"
                        + " again\n").repeat(250) + "error envoy config  crashed before: previous run's last words\n")
                .always();
    }

    @AfterEach
    void close() {
        clusters.close();
    }

    static IstiodDebug istiod() {
        Map<String, String> files = Map.of("debug/clusterz", "clusterz-timeout.json",
                "debug/registryz", "registryz-with-details.json",
                "debug/endpointShardz", "endpointshardz-local-only.json",
                "debug/syncz", "syncz-primary-only.json");
        return path -> Files.readString(Path.of("fixtures/istiod", files.get(path))
                ).replace("\"bookinfo\"", "\"" + NS + "\"").replaceAll("\\.bookinfo\\b", "." + NS);
    }

    static Map<String, String> byTitle(List<Evidence> evidence) {
        return evidence.stream().collect(Collectors.toMap(Evidence::title, Evidence::text, (a, b) -> a + "\n" + b,
                LinkedHashMap::new));
    }

    /** As a run registers them once the clusters, istiod and Bookinfo exist. */
    static Diagnostics registered(List<MeshCluster> clusters, List<String> namespaces, IstiodDebug istiod) {
        Diagnostics diagnostics = new Diagnostics();
        for (String namespace : namespaces) {
            for (MeshCluster cluster : clusters) {
                diagnostics.add(cluster.name() + ": " + namespace, new NamespaceEvidence(cluster, namespace));
            }
        }
        diagnostics.add("istiod", new IstiodEvidence(istiod));
        diagnostics.add("bookinfo", new BookinfoEvidence(clusters.get(0), istiod, ProxyAdmin.EXEC, NS,
                LabelSelector.of("istio-injection", "enabled")));
        return diagnostics;
    }

    @Test
    void onSeveralNetworksIstiodsNetworkGatewaysAreEvidenceToo() {
        IstiodDebug istiod = path -> path.equals("debug/networkz")
                ? Files.readString(Path.of("fixtures/istiod/networkz-two-networks.json")) : "[]";
        Map<String, String> found = byTitle(new IstiodEvidence(istiod, true).collect());
        assertTrue(found.get("istiod: debug/networkz").contains("\"Network\": \"network2\", \"Cluster\": \"remote\","
                + " \"Addr\": \"172.18.0.3\", \"Port\": 15443"), found.toString());
        assertEquals(List.of("istiod: debug/clusterz", "istiod: debug/syncz"),
                List.copyOf(byTitle(new IstiodEvidence(istiod, false).collect()).keySet()), "not on one network");
    }

    @Test
    void collectsWhatExplainsTheFailureFromBothClustersAndIstiod() {
        List<Evidence> evidence = registered(List.of(clusters.primary(), clusters.remote()),
                List.of("istio-system", NS), istiod()).collect();
        Map<String, String> found = byTitle(evidence);

        String notReady = found.get("remote: pods not ready in " + NS);
        assertTrue(notReady.contains("details-v1-7d4d9d5fcb-x2x9q phase=Pending"), notReady);
        assertTrue(notReady.contains("condition Ready=False ContainersNotReady: containers with unready status:"
                + " [details]"), notReady);
        assertTrue(notReady.contains("container details ready=false restarts=0 waiting ImagePullBackOff: Back-off"
                + " pulling image"), notReady);
        assertEquals("every pod is ready", found.get("primary: pods not ready in " + NS));

        String events = found.get("remote: recent events in " + NS);
        assertTrue(events.contains("Warning Failed Pod/details-v1-7d4d9d5fcb-x2x9q: Failed to pull image: rate limit"
                + " exceeded"), events);

        String log = found.get("remote: log of " + NS + "/details-v1-7d4d9d5fcb-x2x9q istio-proxy (last 120 lines)");
        assertTrue(log.contains("x509: certificate signed by unknown authority"), log);
        assertFalse(log.contains(FAKE_TOKEN), "a token in a log must be redacted: " + log);
        assertTrue(found.getOrDefault("remote: previous log of " + NS + "/details-v1-7d4d9d5fcb-x2x9q istio-proxy (last"
                + " 120 lines)", "").contains("previous run's last words"), "a restarted container's crashed run: "
                + found);

        assertTrue(found.get("istiod: debug/clusterz").contains("\"syncStatus\": \"timeout\""));
        assertTrue(found.get("istiod: registryz entry for details." + NS + ".svc.cluster.local")
                .contains("hostname=details." + NS + ".svc.cluster.local"));
        assertTrue(found.get("istiod: debug/syncz").contains("productpage-v1-6b7c9f5d8-kq2lp." + NS + " cluster=primary"));
        assertTrue(found.get("primary: productpage proxy's endpoints for details." + NS + ".svc.cluster.local")
                .contains("has no istio-proxy container: it was not injected"));
        String previous = found.get("remote: previous log of " + NS + "/details-v1-7d4d9d5fcb-x2x9q istio-proxy (last"
                + " 120 lines)");
        assertTrue(previous.startsWith("("), "a long log is cut at its start: " + previous.substring(0, 80));
        assertTrue(previous.contains("earlier characters left out"));
        assertTrue(evidence.stream().allMatch(e -> e.text().length() <= Evidence.MAX_CHARS + 100));
    }

    @Test
    void anUnreadablePieceSaysWhyAndTheRestIsStillCollected() {
        IstiodDebug down = path -> {
            throw new IllegalStateException("no running istiod pod (label app=istiod in istio-system); pods found: 0");
        };
        Map<String, String> found = byTitle(registered(List.of(clusters.remote()), List.of(NS), down).collect());
        assertTrue(found.get("istiod: debug/clusterz").startsWith("could not be read: no running istiod pod"));
        assertTrue(found.get("remote: pods not ready in " + NS).contains("ImagePullBackOff"));
    }

    @Test
    void aCollectorThatFailsEvenWithAnErrorCostsOnlyItsOwnPiece() {
        Diagnostics diagnostics = new Diagnostics();
        diagnostics.add("a runaway collector", () -> {
            throw new StackOverflowError();
        });
        diagnostics.add("a broken collector", () -> {
            throw new IllegalStateException("token " + FAKE_TOKEN + " refused");
        });
        diagnostics.add("a good one", () -> List.of(Evidence.of("good", "still here")));
        Map<String, String> found = byTitle(diagnostics.collect());
        assertEquals("could not be collected: StackOverflowError", found.get("a runaway collector"));
        assertEquals("could not be collected: IllegalStateException: token <redacted> refused",
                found.get("a broken collector"));
        assertEquals("still here", found.get("good"));
    }
}
