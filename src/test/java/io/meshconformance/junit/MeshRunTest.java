package io.meshconformance.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.meshconformance.cluster.RouteInstaller;
import io.meshconformance.config.MeshSettings;
import io.meshconformance.config.SettingSource;
import io.meshconformance.diagnostics.Layer;
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
class MeshRunTest {

    static final MeshTopology TOPOLOGY = TopologyLoader.load(Path.of("fixtures/topologies/default.yaml"));

    static MeshRun run(Path results) {
        MeshSettings settings = MeshSettings.from(SettingSource.of(Map.of("mesh.results", results.toString()), Map.of()));
        return new MeshRun(settings, TOPOLOGY, new RunId("20261125-1400-abcd"));
    }

    @Test
    void aFailedStageNamesItsLayerAndLaterStagesAreNotReached(@TempDir Path results) throws Exception {
        MeshRun run = run(results);
        run.stage("Clusters -> up", Layer.CLUSTER, () -> { });
        StageFailedException failed = assertThrows(StageFailedException.class, () -> run.stage("Routes -> in place",
                Layer.CLUSTER, () -> {
                    throw new RouteInstaller.RouteException("Flat network routes could not be set up (1)");
                }));
        assertEquals(Layer.NETWORK_ROUTES, failed.layer());
        assertTrue(failed.getMessage().startsWith("Broken layer: network routes (the routes between the clusters'"
                + " nodes). Stage 'Routes -> in place' failed: Flat network routes could not be set up (1)"),
                failed.getMessage());
        TestAbortedException skipped = assertThrows(TestAbortedException.class,
                () -> run.stage("Istio primary -> installed", Layer.CONTROL_PLANE, () -> { }));
        assertEquals("not reached: stage 'Routes -> in place' failed before 'Istio primary -> installed'",
                skipped.getMessage());
        assertTrue(run.failed());

        run.close();
        JsonNode stages = JsonMapper.builder().build().readTree(Files.readString(results.resolve("stages.json")))
                .get("stages");
        assertEquals(List.of("passed", "failed", "not reached"),
                List.of(stages.get(0).get("outcome").asString(), stages.get(1).get("outcome").asString(),
                        stages.get(2).get("outcome").asString()));
        assertEquals("network routes", stages.get(1).get("layer").asString());
        assertTrue(stages.get(0).get("seconds").isNumber());
    }

    @Test
    void environmentForTheReportNamesVersionsAndTopology(@TempDir Path allure) throws Exception {
        MeshSettings settings = MeshSettings.from(SettingSource.of(Map.of(), Map.of()));
        ReportEnvironment.write(allure, settings, TOPOLOGY);
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
            java.util.regex.Pattern.compile(category.get("messageRegex").asString());
        }
    }

    @Test
    void categoriesMatchTheMessagesTheHarnessWrites() throws Exception {
        JsonNode categories = JsonMapper.builder().build().readTree(Files.readString(ReportEnvironment.CATEGORIES));
        Map<String, String> messages = Map.of(
                "Image cannot be had", new io.meshconformance.cluster.ImageUnavailableException("rancher/k3s:v1", "no")
                        .getMessage(),
                "Remote secret not picked up", "Timed out ...; last seen: clusterz lists no cluster 'remote'",
                "Only local endpoints", "last seen: registryz knows details, but endpointShardz has only shard"
                        + " Kubernetes/primary with 0 endpoints and nothing from Kubernetes/remote: is ...",
                "Cross-cluster call fails", "Broken layer: data plane (the sidecars' traffic between the clusters).",
                "Stage not reached", "not reached: stage 'a' failed before 'b'");
        // Allure puts a result into every category whose pattern matches its message.
        messages.forEach((category, message) -> {
            JsonNode match = null;
            for (JsonNode c : categories) {
                if (c.get("name").asString().startsWith(category)) {
                    match = c;
                }
            }
            assertTrue(match != null, "no category named '" + category + "'");
            assertTrue(java.util.regex.Pattern.compile(match.get("messageRegex").asString()).matcher(message).matches(),
                    "'" + message + "' should fall into '" + category + "'");
        });
    }
}
