package io.meshconformance.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import io.meshconformance.bookinfo.RegistryVerdict;
import io.meshconformance.cluster.ClusterProviders;
import io.meshconformance.cluster.DockerAvailability;
import io.meshconformance.cluster.ImageUnavailableException;
import io.meshconformance.cluster.RouteInstaller;
import io.meshconformance.config.MeshSettings;
import io.meshconformance.config.SettingSource;
import io.meshconformance.diagnostics.Diagnostics;
import io.meshconformance.diagnostics.FailureClassifier;
import io.meshconformance.doctor.Check;
import io.meshconformance.doctor.CheckResult;
import io.meshconformance.doctor.DoctorReport;
import io.meshconformance.doctor.PreflightFailedException;
import io.meshconformance.istio.AttachCheck;
import io.meshconformance.istio.IstiodDebug;
import io.meshconformance.lifecycle.Layer;
import io.meshconformance.diagnostics.ReportEnvironment;
import io.meshconformance.lifecycle.RunId;
import io.meshconformance.topology.MeshTopology;
import io.meshconformance.topology.TopologyLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.TestAbortedException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The stage mechanics of the conformance suite, without clusters: order, "not reached", layer, durations. */
class StageRunnerTest {

    static final MeshTopology TOPOLOGY = TopologyLoader.load(Path.of("fixtures/topologies/default.yaml"));

    static StageRunner run() {
        return new StageRunner(new Diagnostics());
    }

    @Test
    void aFailedStageNamesItsLayerAndLaterStagesAreNotReached(@TempDir Path results) throws Exception {
        StageRunner run = run();
        assertEquals("made", run.run("Clusters -> up", Layer.CLUSTER, () -> "made"), "a stage returns what it made");
        StageFailedException failed = assertThrows(StageFailedException.class, () -> run.run("Routes -> in place",
                Layer.CLUSTER, () -> {
                    throw new RouteInstaller.RouteException("Flat network routes could not be set up (1)");
                }));
        assertEquals(Layer.NETWORK_ROUTES, failed.layer());
        assertTrue(failed.getMessage().startsWith("Broken layer: network routes (the routes between the clusters'"
                + " nodes). Stage 'Routes -> in place' failed: Flat network routes could not be set up (1)"),
                failed.getMessage());
        TestAbortedException skipped = assertThrows(TestAbortedException.class,
                () -> run.run("Istio primary -> installed", Layer.CONTROL_PLANE, () -> { }));
        assertEquals("not reached: stage 'Routes -> in place' failed before 'Istio primary -> installed'",
                skipped.getMessage());
        assertTrue(run.failed());

        run.write(results);
        JsonNode stages = JsonMapper.builder().build().readTree(Files.readString(results.resolve("stages.json")))
                .get("stages");
        assertEquals(List.of("passed", "failed", "not reached"),
                List.of(stages.get(0).get("outcome").asString(), stages.get(1).get("outcome").asString(),
                        stages.get(2).get("outcome").asString()));
        assertEquals("network routes", stages.get(1).get("layer").asString());
        assertTrue(stages.get(0).get("seconds").isNumber());
    }

    @Test
    void aFailureOutsideAStageIsRecordedAndLaterStagesAreNotReached(@TempDir Path results) throws Exception {
        StageRunner run = run();
        run.run("Clusters -> up", Layer.CLUSTER, () -> { });
        run.failedOutside("detailsRunsInTheRemote()", new NullPointerException("bookinfo is null"));
        assertTrue(run.failed());
        TestAbortedException skipped = assertThrows(TestAbortedException.class,
                () -> run.run("Verdict 1", Layer.REGISTRY, () -> { }));
        assertEquals("not reached: stage 'detailsRunsInTheRemote()' failed before 'Verdict 1'", skipped.getMessage());
        run.write(results);
        JsonNode stages = JsonMapper.builder().build().readTree(Files.readString(results.resolve("stages.json")))
                .get("stages");
        assertEquals("Failed outside a stage, in 'detailsRunsInTheRemote()': bookinfo is null",
                stages.get(1).get("message").asString());
        assertEquals("outside a stage", stages.get(1).get("layer").asString());
    }

    @Test
    void environmentForTheReportNamesVersionsAndTopology(@TempDir Path allure) throws Exception {
        MeshSettings settings = MeshSettings.from(SettingSource.of(Map.of(), Map.of()));
        ReportEnvironment.write(allure, settings, TOPOLOGY, ClusterProviders.of(settings,
                new RunId("20261125-1400-abcd")).describe());
        String env = Files.readString(allure.resolve("environment.properties"));
        assertTrue(env.contains("k3s.image=rancher/k3s\\:v1.35.4-k3s1\n"), env);
        assertTrue(env.contains("istio.version=1.30.3\n"), env);
        assertTrue(env.contains("cluster.remote=remote, network network1, pods 10.20.0.0/16, services 10.255.20.0/24,"
                + " dns 10.255.20.10\n"), env);
        assertTrue(env.contains("harness.version="), env);
        JsonNode categories = JsonMapper.builder().build().readTree(Files.readString(allure.resolve("categories.json")));
        assertTrue(categories.size() >= 10);
        for (JsonNode category : categories) {
            assertTrue(category.get("messageRegex").asString().startsWith("(?s)"), category.toString());
            Pattern.compile(category.get("messageRegex").asString());
        }
    }

    /** istiod's debug endpoints answered from fixtures/istiod. */
    static IstiodDebug fixtures(Map<String, String> files) {
        return path -> Files.readString(Path.of("fixtures/istiod", files.get(path)));
    }

    @Test
    void categoriesMatchTheMessagesTheHarnessWrites(@TempDir Path results) throws Exception {
        JsonNode categories = JsonMapper.builder().build().readTree(Files.readString(ReportEnvironment.CATEGORIES));
        // Each message as the harness's own code writes it.
        StageRunner run = run();
        assertThrows(StageFailedException.class, () -> run.run("a", Layer.CLUSTER, () -> {
            throw new IllegalStateException("x");
        }));
        String notReached = assertThrows(TestAbortedException.class, () -> run.run("b", Layer.PAGE, () -> { }))
                .getMessage();
        String onlyLocal = RegistryVerdict.problem(fixtures(Map.of(
                "debug/registryz", "registryz-with-details.json", "debug/endpointShardz", "endpointshardz-local-only.json",
                "debug/syncz", "syncz-with-details.json")), "bookinfo", TOPOLOGY.remotes().get(0)).orElseThrow();
        String notPickedUp = AttachCheck.problem(fixtures(Map.of("debug/clusterz",
                "clusterz-primary-only.json")), "remote").orElseThrow().seen();
        String timedOut = AttachCheck.problem(fixtures(Map.of("debug/clusterz",
                "clusterz-timeout.json")), "remote").orElseThrow().seen();
        var doctor = new PreflightFailedException(new DoctorReport(
                List.of(CheckResult.fail(Check.REMOTE_SECRET,
                        "remote", "no Secret", "attach it"))));
        Map<String, String> messages = Map.of(
                "No Docker engine", "Conformance suite skipped: " + DockerAvailability.NO_DOCKER,
                "Stage not reached", notReached,
                "Preflight doctor found a problem", FailureClassifier.headline("Clusters",
                        doctor.layer(), doctor),
                "Image cannot be had", new ImageUnavailableException("rancher/k3s:v1", "no")
                        .getMessage(),
                "Remote secret not picked up", notPickedUp,
                "Remote secret server unreachable", timedOut,
                "Only local endpoints", onlyLocal,
                "Cross-cluster call fails", FailureClassifier.headline("Verdict 2",
                        Layer.DATA_PLANE, new IllegalStateException("x")));
        // The first category whose pattern matches: categories.json lists the specific signatures before general ones.
        messages.forEach((category, message) -> {
            JsonNode first = null;
            for (JsonNode c : categories) {
                if (first == null && Pattern.compile(c.get("messageRegex").asString()).matcher(message)
                        .matches()) {
                    first = c;
                }
            }
            assertTrue(first != null && first.get("name").asString().startsWith(category),
                    "'" + message + "' should fall into '" + category + "', falls into " + first);
        });
    }
}
