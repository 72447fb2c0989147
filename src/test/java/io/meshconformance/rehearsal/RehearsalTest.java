package io.meshconformance.rehearsal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import io.meshconformance.cluster.MockClusters;
import io.meshconformance.config.MeshSettings;
import io.meshconformance.config.Mode;
import io.fabric8.kubernetes.api.model.Namespace;
import io.meshconformance.istio.IstioPlan;
import io.meshconformance.cluster.ClusterSnapshot;
import io.meshconformance.rehearsal.RehearsalRun.AllureCase;
import io.meshconformance.rehearsal.RehearsalRun.Outcome;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;

/**
 * Rehearsal tier: the conformance suite class itself, all eight stages in order, run by the JUnit launcher in a
 * world of stand-ins ({@link Rehearsal}): green in k3s mode and in existing mode, and every fault of the catalogue
 * ({@link Fault}) diagnosed as a user must see it. Each run's results stay in target/rehearsal/&lt;run&gt; (the
 * Allure results of a rehearsed run render as a real run's do).
 */
@Tag("rehearsal")
class RehearsalTest {

    static final List<String> EIGHT_PASSED = List.of("passed", "passed", "passed", "passed", "passed", "passed",
            "passed", "passed");

    /** The details chain of a green run across networks: verdict 1 adds the sidecar's path to the gateway. */
    static final List<String> ACROSS_NETWORKS_MARKS = List.of("details-v1 ready in 'remote'", "details in registryz",
            "an endpoint from Kubernetes/remote in endpointShardz", "the details proxy of cluster 'remote' in syncz",
            "productpage's sidecar sends details to network 'network2''s gateway",
            "the first page showing the details", "3 consecutive pages showing the details");

    /** Every object of both clusters, once their controllers have caught up (pods, EndpointSlices). */
    static Map<String, List<String>> settled(Rehearsal world) {
        world.primaryControllers.reconcileOnce();
        world.remoteControllers.reconcileOnce();
        return Map.of("primary", ClusterSnapshot.objects(world.primary()), "remote",
                ClusterSnapshot.objects(world.remote()));
    }

    static Rehearsal world(String name, Mode mode) throws IOException {
        return world(name, mode, Path.of(MeshSettings.DEFAULT_TOPOLOGY));
    }

    static Rehearsal world(String name, Mode mode, Path topology) throws IOException {
        Path dir = Path.of("target/rehearsal", name);
        if (Files.exists(dir)) {
            try (Stream<Path> old = Files.walk(dir)) {
                for (Path p : old.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        return new Rehearsal(mode, dir, topology);
    }

    @Test
    void k3sModeRunsAllEightStagesToAGreenVerdictAndRemovesTheClusters() throws IOException {
        try (Rehearsal world = world("k3s-green", Mode.K3S).open()) {
            Outcome outcome = RehearsalRun.of(world);

            assertEquals(EIGHT_PASSED, outcome.outcomes(), outcome.stages().toString());
            assertEquals(8, outcome.tests().stream().filter(t -> t.status().equals("successful")).count(),
                    outcome.tests().toString());
            assertGreenReport(outcome);
            assertTrue(world.k3s.removed(), "the clusters are removed after the run");
            assertEquals(List.of("primary/istio-system/istio-base", "primary/istio-system/istiod",
                    "primary/istio-system/istio-eastwestgateway", "primary/istio-system/istio-ingressgateway",
                    "remote/istio-system/istio-base", "remote/istio-system/istiod"), world.helm.installed());
            assertEquals(List.of("remote secret for 'remote' created in 'primary'", "istiod reports 'remote' synced"),
                    outcome.marks("attach"));
        }
    }

    /**
     * The remote on a network of its own (fixtures/topologies/multi-network.yaml, both pod ranges 10.42.0.0/16):
     * istio-system labelled with each cluster's network, the remote's east-west gateway installed after the
     * attachment and the cross-network Gateway in the primary; productpage's sidecar sends details to the remote's
     * gateway on 15443, and the page shows the details.
     */
    @Test
    void k3sModeAcrossTwoNetworksGoesThroughTheRemotesGatewayAndRemovesEverything() throws IOException {
        try (Rehearsal world = world("k3s-multi-network-green", Mode.K3S, Rehearsal.MULTI_NETWORK).open()) {
            NetworkWatch seen = NetworkWatch.of(world);
            Outcome outcome = RehearsalRun.of(world);

            assertEquals(EIGHT_PASSED, outcome.outcomes(), outcome.stages().toString());
            assertGreenReport(outcome, ACROSS_NETWORKS_MARKS, Stage.EPIC_NETWORKS);
            assertEquals(List.of("primary/istio-system/istio-base", "primary/istio-system/istiod",
                    "primary/istio-system/istio-eastwestgateway", "primary/istio-system/istio-ingressgateway",
                    "remote/istio-system/istio-base", "remote/istio-system/istiod",
                    "remote/istio-system/istio-eastwestgateway"), world.helm.installed());
            assertEquals(Map.of("primary", "network1", "remote", "network2"), seen.networkLabels(),
                    "istio-system's network label in each cluster, as the run left it");
            assertTrue(seen.crossNetworkGateway(), "the cross-network Gateway was in the primary");
            assertEquals(List.of("remote secret for 'remote' created in 'primary'", "istiod reports 'remote' synced",
                    "east-west gateway of network 'network2' at " + MockClusters.REMOTE_NODE + ":15443"),
                    outcome.marks("attach"));
            AllureCase registry = outcome.allure().stream().filter(c -> c.name().equals(Stage.REGISTRY_VERDICT))
                    .findFirst().orElseThrow();
            assertTrue(registry.attachments().contains("productpage's endpoints for details (remote)"),
                    registry.attachments().toString());
            String endpoints = RehearsalRun.attachment(world, "productpage's endpoints for details (remote)");
            assertTrue(endpoints.contains(MockClusters.REMOTE_NODE + ":15443"), endpoints);
            assertTrue(endpoints.contains("outbound|9080||details.bookinfo-"), endpoints);
            assertTrue(world.k3s.removed(), "the clusters, and everything the run made in them, are removed");
        }
    }

    @Test
    void existingModeVerifiesTheMeshAsFoundAndLeavesEveryObjectAsItWas() throws IOException {
        try (Rehearsal world = world("existing-green", Mode.EXISTING).open()) {
            // The user's mesh as its controllers keep it (pods, EndpointSlices), before the run.
            Map<String, List<String>> before = settled(world);
            Outcome outcome = RehearsalRun.of(world);

            assertEquals(EIGHT_PASSED, outcome.outcomes(), outcome.stages().toString());
            assertGreenReport(outcome);
            assertEquals(List.of(), world.helm.installed(), "nothing installed: Istio verified as found");
            assertEquals(List.of("istiod reports 'remote' synced"), outcome.marks("attach"));
            // The run's own objects (its namespaces, and what the controllers made in them) are gone; what the
            // user had is there with the same resourceVersion.
            assertEquals(before, settled(world));
        }
    }

    @Test
    void existingModeAcrossTwoNetworksVerifiesTheGatewaysAndTheSidecarsPath() throws IOException {
        try (Rehearsal world = world("existing-multi-network-green", Mode.EXISTING, Rehearsal.MULTI_NETWORK).open()) {
            Map<String, List<String>> before = settled(world);
            Outcome outcome = RehearsalRun.of(world);

            assertEquals(EIGHT_PASSED, outcome.outcomes(), outcome.stages().toString());
            assertGreenReport(outcome, ACROSS_NETWORKS_MARKS, Stage.EPIC_NETWORKS);
            assertEquals(List.of(), world.helm.installed(), "nothing installed: the user's gateways verified");
            String doctor = RehearsalRun.attachment(world, "preflight doctor");
            for (String network : List.of("network1", "network2")) {
                assertTrue(doctor.lines().anyMatch(l -> l.startsWith("PASS  network-gateway")
                        && l.contains("network '" + network + "'") && l.contains("15443")), network + ":\n" + doctor);
            }
            String endpoints = RehearsalRun.attachment(world, "productpage's endpoints for details (remote)");
            assertTrue(endpoints.contains(":15443"), endpoints);
            assertEquals(before, settled(world), "the user's objects as before");
        }
    }

    /**
     * What the world saw of the networks while a run went on (the run removes it all at the end): the last network
     * label on each cluster's istio-system, and whether the primary ever had the cross-network Gateway.
     */
    static final class NetworkWatch {
        private final Map<String, String> labels = new ConcurrentHashMap<>();
        private volatile boolean gateway;

        static NetworkWatch of(Rehearsal world) {
            NetworkWatch watch = new NetworkWatch();
            world.always(w -> {
                for (String cluster : List.of("primary", "remote")) {
                    Namespace ns = w.cluster(cluster).client().namespaces().withName(IstioPlan.NAMESPACE).get();
                    String label = ns == null || ns.getMetadata().getLabels() == null ? null
                            : ns.getMetadata().getLabels().get(IstioPlan.NETWORK_LABEL);
                    if (label != null) {
                        watch.labels.put(cluster, label);
                    }
                }
                watch.gateway |= PageStandIn.crossNetworkGateway(w.primary());
            });
            return watch;
        }

        Map<String, String> networkLabels() {
            return new TreeMap<>(labels);
        }

        boolean crossNetworkGateway() {
            return gateway;
        }
    }

    /** What a green run's report holds: the timeline, the marks in order, the attachments of each stage. */
    static void assertGreenReport(Outcome outcome) {
        assertGreenReport(outcome, List.of("details-v1 ready in 'remote'", "details in registryz",
                "an endpoint from Kubernetes/remote in endpointShardz", "the details proxy of cluster 'remote' in syncz",
                "the first page showing the details", "3 consecutive pages showing the details"));
    }

    static void assertGreenReport(Outcome outcome, List<String> detailsMarks) {
        assertGreenReport(outcome, detailsMarks, Stage.EPIC);
    }

    static void assertGreenReport(Outcome outcome, List<String> detailsMarks, String epic) {
        assertEquals(detailsMarks, outcome.marks("details"));
        List<String> attachments = new ArrayList<>();
        outcome.allure().forEach(c -> attachments.addAll(c.attachments()));
        for (String expected : List.of("preflight doctor", "bookinfo/primary.yaml", "productpage details part",
                "bookinfo/remote.yaml", "endpointShardz extract", "timeline (stages and propagation marks)")) {
            assertTrue(attachments.stream().anyMatch(a -> a.startsWith(expected)), "attachment '" + expected
                    + "' in " + attachments);
        }
        assertEquals(8, outcome.allure().stream().filter(c -> c.status().equals("passed")).count(),
                outcome.allure().toString());
        assertStagesAsTheReportNamesThem(outcome, epic);
    }

    static void assertStagesAsTheReportNamesThem(Outcome outcome) {
        assertStagesAsTheReportNamesThem(outcome, Stage.EPIC);
    }

    /**
     * The report's test cases are the eight stages by their README wording (not the suite's method names), in order,
     * each under the mesh model and "Stage" in Behaviors, as a story of its own, linked to the istio.io page it
     * follows.
     */
    static void assertStagesAsTheReportNamesThem(Outcome outcome, String epic) {
        assertStagesAsTheReportNamesThem(outcome, epic, Stage.ALL);
    }

    /** As {@link #assertStagesAsTheReportNamesThem(Outcome, String)}, with the titles {@code titles}. */
    static void assertStagesAsTheReportNamesThem(Outcome outcome, String epic, List<String> titles) {
        assertEquals(titles, outcome.allure().stream().map(AllureCase::name).toList());
        for (AllureCase stage : outcome.allure()) {
            assertEquals(List.of(epic), stage.label("epic"), stage.name());
            assertEquals(List.of(Stage.FEATURE), stage.label("feature"), stage.name());
            assertEquals(1, stage.label("story").size(), stage.name() + ": " + stage.labels());
            assertTrue(stage.name().startsWith(stage.label("story").get(0).substring(0, 3)), "the story of "
                    + stage.name() + " is its stage: " + stage.label("story"));
            assertTrue(!stage.links().isEmpty() && stage.links().stream().allMatch(u -> u.startsWith(
                    "https://istio.io/latest/docs/")), stage.name() + " links to istio.io: " + stage.links());
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Fault.class)
    void eachFaultIsDiagnosedAtItsStageAndLayerWithItsEvidence(Fault fault) throws IOException {
        try (Rehearsal world = world("fault-" + fault.name().toLowerCase().replace('_', '-'), fault.mode,
                fault.topology)) {
            fault.inject.accept(world);
            world.open();
            Outcome outcome = RehearsalRun.of(world);

            JsonNode failed = outcome.firstFailedStage().orElseThrow(() -> new AssertionError(fault.description
                    + ": no stage failed: " + outcome.stages()));
            AllureCase report = outcome.failedCase();
            String message = failed.get("message").asString();
            String summary = fault.description + ": stage '" + failed.get("stage").asString() + "' layer '"
                    + failed.get("layer").asString() + "' message: " + message + "\nreport: " + report;
            assertEquals(fault.failingTest, report.name(), summary);
            assertStagesAsTheReportNamesThem(outcome, fault.topology.equals(Rehearsal.MULTI_NETWORK)
                    ? Stage.EPIC_NETWORKS : Stage.EPIC);
            assertEquals(fault.layer, failed.get("layer").asString(), summary);
            assertTrue(message.startsWith("Broken layer: " + fault.layer + " "), summary);
            fault.message.forEach(words -> assertTrue(message.contains(words), "'" + words + "' in " + summary));
            assertTrue(report.categories().contains(fault.category), "category '" + fault.category + "' in "
                    + report.categories() + "; " + summary);
            fault.attachments.forEach(a -> assertTrue(report.attachments().stream().anyMatch(n -> n.startsWith(a)),
                    "attachment '" + a + "' in " + report.attachments() + "; " + summary));
            assertTrue(outcome.tests().stream().filter(t -> t.status().equals("aborted")).allMatch(t -> t.message()
                    .startsWith("not reached")), "the stages after it are not reached: " + outcome.tests());
            if (fault.mode == Mode.K3S) {
                assertTrue(world.k3s.removed() || !world.k3s.started(),
                        "whatever clusters were started are removed after a failed run");
            }
        }
    }
}
