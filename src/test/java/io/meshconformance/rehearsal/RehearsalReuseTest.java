package io.meshconformance.rehearsal;

import static io.meshconformance.rehearsal.RehearsalTest.EIGHT_PASSED;
import static io.meshconformance.rehearsal.RehearsalTest.world;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.meshconformance.cluster.KeptMesh;
import io.meshconformance.config.Mode;
import io.meshconformance.istio.IstioPlan;
import io.meshconformance.rehearsal.RehearsalRun.AllureCase;
import io.meshconformance.rehearsal.RehearsalRun.Outcome;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Rehearsal tier, warm runs (mesh.reuse=true, k3s mode): the suite run twice or more in one world, as a user runs it
 * twice on one machine. A passing run keeps its mesh (Istio and the attachment, not its Bookinfo); the next run with
 * the same settings reuses it without installing anything and says so in the report and stages.json; a kept mesh
 * that cannot serve (other settings, a release removed, a node stopped) is removed with the reason and the run
 * starts afresh; without mesh.reuse, or after a failed run, nothing is kept.
 */
@Tag("rehearsal")
class RehearsalReuseTest {

    /** The releases a cold run installs, in order, on one network. */
    static final List<String> RELEASES = List.of("primary/istio-system/istio-base", "primary/istio-system/istiod",
            "primary/istio-system/istio-eastwestgateway", "primary/istio-system/istio-ingressgateway",
            "remote/istio-system/istio-base", "remote/istio-system/istiod");
    /** How a stage that reused the kept mesh says so in its step. */
    static final String REUSED = " reused (mesh.reuse; ";
    static final List<String> REUSED_STAGES = List.of("Istio primary reused", "Istio remote reused", "Attach reused");

    static Rehearsal reusing(String name) throws IOException {
        return world(name, Mode.K3S).set("mesh.reuse", "true");
    }

    @Test
    void aPassingRunKeepsItsMeshAndTheNextRunReusesItWithoutInstallingAnything() throws IOException {
        try (Rehearsal world = reusing("reuse-cold-then-warm").open()) {
            BookinfoNamespaces bookinfo = BookinfoNamespaces.of(world);
            Outcome cold = RehearsalRun.of(world, "run-1");

            assertEquals(EIGHT_PASSED, cold.outcomes(), cold.stages().toString());
            JsonNode first = cold.stages().get("run");
            assertEquals("cold", first.get("kind").asString(), first.toString());
            String id1 = first.get("id").asString();
            assertFalse(cold.stages().has("comparison"), "a cold run has nothing to compare with");
            assertEquals(List.of(), world.k3s.removals(), "a passing run's mesh is kept, not removed");
            KeptMesh kept = world.k3s.keptMesh().orElseThrow(() -> new AssertionError("no mesh kept after a passing"
                    + " run"));
            assertEquals(id1, kept.madeBy());
            assertEquals(id1, kept.lastRun());
            assertEquals(1, kept.runs());
            assertEquals(first.get("fingerprint").asString(), kept.fingerprint());
            assertEquals(List.of("Istio in 'primary': istio-base, istiod, istio-eastwestgateway, istio-ingressgateway",
                    "Istio remote profile in 'remote': istio-base, istiod",
                    "remote secret istio-system/istio-remote-secret-remote in 'primary' attaching 'remote'"),
                    kept.holds());
            assertEquals(8, kept.coldStages().size(), kept.coldStages().toString());
            assertEquals(RELEASES, world.helm.installed());
            assertEquals(releases(world), Map.of("primary", List.of("istio-base", "istio-eastwestgateway",
                    "istio-ingressgateway", "istiod"), "remote", List.of("istio-base", "istiod")),
                    "Istio's releases stay in the kept clusters");
            String ns1 = "bookinfo-" + id1;
            assertEquals(Map.of("primary", Set.of(ns1), "remote", Set.of(ns1)), bookinfo.seen(),
                    "run 1's Bookinfo namespace, in both clusters");
            assertEquals(Map.of("primary", Set.of(), "remote", Set.of()), BookinfoNamespaces.now(world),
                    "run 1's own objects are removed though its mesh is kept");

            Outcome warm = RehearsalRun.of(world, "run-2");

            assertEquals(EIGHT_PASSED, warm.outcomes(), warm.stages().toString());
            JsonNode second = warm.stages().get("run");
            String id2 = second.get("id").asString();
            assertNotEquals(id1, id2);
            assertEquals("warm", second.get("kind").asString(), second.toString());
            assertEquals(id1, second.get("reusedFrom").asString(), second.toString());
            assertEquals(kept.fingerprint(), second.get("fingerprint").asString());
            assertTrue(second.get("ageSeconds").asLong() >= 0, second.toString());
            String comparison = warm.stages().path("comparison").asString("");
            assertTrue(comparison.startsWith("warm run: ") && comparison.contains("(run " + id1 + ", "),
                    "the comparison with the cold run: " + comparison);
            List<String> names = stageNames(warm);
            for (int i : List.of(1, 2, 4)) {
                assertTrue(names.get(i).startsWith(REUSED_STAGES.get(i == 4 ? 2 : i - 1)) && names.get(i).contains(
                        "made by run " + id1), "stage " + (i + 1) + " says what it reused: " + names.get(i));
            }
            assertFalse(names.get(0).contains(REUSED) || names.get(3).contains(REUSED), names.toString());
            assertEquals(RELEASES, world.helm.installed(), "the warm run installs nothing");
            assertEquals(1, world.k3s.starts(), "the warm run starts no clusters");
            String ns2 = "bookinfo-" + id2;
            assertEquals(Map.of("primary", Set.of(ns1, ns2), "remote", Set.of(ns1, ns2)), bookinfo.seen(),
                    "run 2's Bookinfo in a namespace of its own, in both clusters");
            assertEquals(Map.of("primary", Set.of(), "remote", Set.of()), BookinfoNamespaces.now(world));
            KeptMesh again = world.k3s.keptMesh().orElseThrow(() -> new AssertionError("no mesh kept after the warm"
                    + " run"));
            assertEquals(2, again.runs());
            assertEquals(id2, again.lastRun());
            assertEquals(id1, again.madeBy());
            assertEquals(kept.coldStages(), again.coldStages(), "the cold run's times stay what warm runs compare to");
            assertEquals(List.of(), world.k3s.removals());
            // The report: the same eight test cases; the reused stages' steps name the run that made the mesh.
            RehearsalTest.assertStagesAsTheReportNamesThem(warm, Stage.EPIC, Stage.ALL_REUSED);
            AllureCase primary = warm.allure().stream().filter(c -> c.name().equals(Stage.PRIMARY_REUSED)).findFirst()
                    .orElseThrow();
            assertTrue(primary.steps().stream().anyMatch(s -> s.startsWith("Istio primary reused (mesh.reuse; made by"
                    + " run " + id1 + ", ") && s.endsWith(" before this run) -> istiod ready, as the doctor saw it")),
                    primary.steps().toString());
            List<String> reusedSteps = warm.allure().stream().filter(c -> Stage.ALL_REUSED.contains(c.name())
                    && !Stage.ALL.contains(c.name())).flatMap(c -> c.steps().stream())
                    .filter(s -> s.contains(" reused (mesh.reuse; ")).map(s -> s.replaceAll("^.* reused \\(", "("))
                    .map(s -> s.substring(0, s.indexOf(") -> ") + 1)).distinct().toList();
            assertEquals(1, reusedSteps.size(), "every reused stage says the same of the kept mesh: " + reusedSteps);
            assertTrue(RehearsalRun.attachment(world, "run kind (mesh.reuse)").startsWith("warm: reusing the kept mesh "
                    + kept.fingerprint()));
        }
    }

    @Test
    void aRunWithAnotherK3sImageRemovesTheKeptMeshNamingThePartAndInstallsAfresh() throws IOException {
        try (Rehearsal world = reusing("reuse-other-fingerprint").open()) {
            String id1 = runId(RehearsalRun.of(world, "run-1"));
            world.set("mesh.k3s.image", "rancher/k3s:v1.34.6-k3s1");
            Outcome rebuilt = RehearsalRun.of(world, "run-2");

            assertEquals(EIGHT_PASSED, rebuilt.outcomes(), rebuilt.stages().toString());
            JsonNode run = rebuilt.stages().get("run");
            assertEquals("rebuilt", run.get("kind").asString(), run.toString());
            String reasons = run.get("reasons").toString();
            assertTrue(reasons.contains("k3s.image: kept 'rancher/k3s:v1.35.4-k3s1', this run"
                    + " 'rancher/k3s:v1.34.6-k3s1'") && reasons.contains("of run " + id1), reasons);
            assertFalse(run.has("reusedFrom") || rebuilt.stages().has("comparison"), rebuilt.stages().toString());
            assertEquals(1, world.k3s.removals().size(), world.k3s.removals().toString());
            List<String> installs = new ArrayList<>(RELEASES);
            installs.addAll(RELEASES);
            assertEquals(installs, world.helm.installed(), "Istio installed again in the new clusters");
            assertTrue(stageNames(rebuilt).stream().noneMatch(n -> n.contains(REUSED)), stageNames(rebuilt).toString());
            KeptMesh kept = world.k3s.keptMesh().orElseThrow();
            assertEquals(runId(rebuilt), kept.madeBy(), "the new mesh is kept in place of the old");
            assertEquals("rancher/k3s:v1.34.6-k3s1", kept.parts().get("k3s.image"));
        }
    }

    @Test
    void aKeptMeshWhoseIstiodWasUninstalledFailsTheDoctorAndIsRebuilt() throws IOException {
        try (Rehearsal world = reusing("reuse-release-removed").open()) {
            RehearsalRun.of(world, "run-1");
            // helm uninstall istiod -n istio-system in the primary, by hand between the runs.
            world.helm.uninstallRelease(world.cluster("primary"), "istiod", IstioPlan.NAMESPACE);
            world.primaryControllers.reconcileOnce(); // istiod's pods go with their Deployment
            Outcome rebuilt = RehearsalRun.of(world, "run-2");

            assertEquals(EIGHT_PASSED, rebuilt.outcomes(), rebuilt.stages().toString());
            JsonNode run = rebuilt.stages().get("run");
            assertEquals("rebuilt", run.get("kind").asString(), run.toString());
            String reasons = run.get("reasons").toString();
            assertTrue(reasons.contains("is not healthy, the doctor found: istio-primary [primary]"), reasons);
            assertEquals(2 * RELEASES.size(), world.helm.installed().size(), world.helm.installed().toString());
            AllureCase clusters = rebuilt.allure().stream().filter(c -> c.name().equals(Stage.CLUSTERS)).findFirst()
                    .orElseThrow();
            assertTrue(clusters.attachments().contains("kept mesh not reused: the doctor's table"),
                    clusters.attachments().toString());
            assertEquals(1, world.k3s.removals().size(), world.k3s.removals().toString());
            assertTrue(world.k3s.keptMesh().isPresent(), "the rebuilt mesh is kept");
        }
    }

    @Test
    void aKeptMeshWithAStoppedNodeIsRemovedNamingTheNodeAndRebuilt() throws IOException {
        try (Rehearsal world = reusing("reuse-node-stopped").open()) {
            RehearsalRun.of(world, "run-1");
            world.k3s.stopNode("remote");
            Outcome rebuilt = RehearsalRun.of(world, "run-2");

            assertEquals(EIGHT_PASSED, rebuilt.outcomes(), rebuilt.stages().toString());
            JsonNode run = rebuilt.stages().get("run");
            assertEquals("rebuilt", run.get("kind").asString(), run.toString());
            String reasons = run.get("reasons").toString();
            assertTrue(reasons.contains("the node of cluster 'remote' (container ") && reasons.contains("-remote) is"
                    + " exited"), reasons);
            assertFalse(reasons.contains("'primary'"), reasons);
            assertEquals(2 * RELEASES.size(), world.helm.installed().size(), world.helm.installed().toString());
            assertEquals(2, world.k3s.starts());
            assertTrue(world.k3s.keptMesh().isPresent(), "the rebuilt mesh is kept");
        }
    }

    @Test
    void withoutReuseAPassingRunsClustersAreRemovedAndNothingIsKept() throws IOException {
        try (Rehearsal world = world("reuse-off", Mode.K3S).open()) {
            Outcome outcome = RehearsalRun.of(world);

            assertEquals(EIGHT_PASSED, outcome.outcomes(), outcome.stages().toString());
            assertEquals("cold", outcome.stages().get("run").get("kind").asString());
            assertFalse(outcome.stages().get("run").has("fingerprint"), outcome.stages().get("run").toString());
            assertEquals(1, world.k3s.removals().size(), world.k3s.removals().toString());
            assertEquals(Optional.empty(), world.k3s.keptMesh());
            assertEquals(Map.of("primary", List.of(), "remote", List.of()), namespaces(world),
                    "the clusters are gone, with everything in them");
        }
    }

    @Test
    void aWarmRunThatFailsRemovesTheKeptMesh() throws IOException {
        try (Rehearsal world = reusing("reuse-warm-fails").open()) {
            RehearsalRun.of(world, "run-1");
            assertTrue(world.k3s.keptMesh().isPresent());
            world.remoteControllers.podsStuck(d -> "details-v1".equals(d.getMetadata().getName())
                    ? Optional.of("ImagePullBackOff") : Optional.empty());
            Outcome failed = RehearsalRun.of(world, "run-2");

            assertEquals("warm", failed.stages().get("run").get("kind").asString());
            JsonNode stage = failed.firstFailedStage().orElseThrow(() -> new AssertionError(failed.stages()
                    .toString()));
            assertEquals("details in the remote -> details-v1 ready", stage.get("stage").asString());
            assertEquals(Stage.DETAILS, failed.failedCase().name());
            assertEquals(Optional.empty(), world.k3s.keptMesh(), "a failed run's mesh is not kept for the next");
            assertEquals(1, world.k3s.removals().size(), world.k3s.removals().toString());
            assertEquals(Map.of("primary", List.of(), "remote", List.of()), namespaces(world),
                    "the kept clusters are removed, with everything in them");
        }
    }

    /** The names of the stages as stages.json has them, in order. */
    static List<String> stageNames(Outcome outcome) {
        List<String> names = new ArrayList<>();
        outcome.stages().get("stages").forEach(s -> names.add(s.get("stage").asString()));
        return names;
    }

    static String runId(Outcome outcome) {
        assertEquals(EIGHT_PASSED, outcome.outcomes(), outcome.stages().toString());
        return outcome.stages().get("run").get("id").asString();
    }

    /** Helm's release records in istio-system of each cluster, by release name. */
    static Map<String, List<String>> releases(Rehearsal world) {
        Map<String, List<String>> releases = new TreeMap<>();
        for (String cluster : List.of("primary", "remote")) {
            releases.put(cluster, world.cluster(cluster).client().secrets().inNamespace(IstioPlan.NAMESPACE)
                    .withLabel("owner", "helm").list().getItems().stream()
                    .map(s -> s.getMetadata().getLabels().get("name")).sorted().toList());
        }
        return releases;
    }

    static Map<String, List<String>> namespaces(Rehearsal world) {
        Map<String, List<String>> names = new TreeMap<>();
        for (String cluster : List.of("primary", "remote")) {
            names.put(cluster, world.cluster(cluster).client().namespaces().list().getItems().stream()
                    .map(HasMetadata::getMetadata).map(m -> m.getName()).sorted().toList());
        }
        return names;
    }

    /** The Bookinfo namespaces ("bookinfo-&lt;run&gt;") each cluster had at some point, as the world saw them. */
    static final class BookinfoNamespaces {
        private final Map<String, Set<String>> seen = new ConcurrentHashMap<>();

        static BookinfoNamespaces of(Rehearsal world) {
            BookinfoNamespaces watch = new BookinfoNamespaces();
            world.always(w -> now(w).forEach((cluster, names) -> watch.seen.computeIfAbsent(cluster,
                    c -> ConcurrentHashMap.newKeySet()).addAll(names)));
            return watch;
        }

        /** The Bookinfo namespaces in each cluster now. */
        static Map<String, Set<String>> now(Rehearsal world) {
            Map<String, Set<String>> now = new TreeMap<>();
            for (String cluster : List.of("primary", "remote")) {
                now.put(cluster, new TreeSet<>(world.cluster(cluster).client().namespaces().list().getItems().stream()
                        .map(n -> n.getMetadata().getName()).filter(n -> n.startsWith("bookinfo-")).toList()));
            }
            return now;
        }

        Map<String, Set<String>> seen() {
            Map<String, Set<String>> copy = new TreeMap<>();
            seen.forEach((cluster, names) -> copy.put(cluster, new TreeSet<>(names)));
            return copy;
        }
    }
}
