package io.meshconformance.diagnostics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.meshconformance.text.FakeSecrets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The report's executor.json: the GitHub Actions run that made it, or "local"; never a token, host name or stray URL. */
class ReportExecutorTest {

    static final String TOKEN = FakeSecrets.jwt("github");

    /** What GitHub Actions sets for a run (docs.github.com "Store information in variables": default variables). */
    static Map<String, String> actions() {
        Map<String, String> env = new HashMap<>();
        env.put("GITHUB_ACTIONS", "true");
        env.put("GITHUB_SERVER_URL", "https://github.com");
        env.put("GITHUB_REPOSITORY", "octo-org/mesh-conformance");
        env.put("GITHUB_RUN_ID", "1658821493");
        env.put("GITHUB_RUN_NUMBER", "42");
        env.put("GITHUB_RUN_ATTEMPT", "1");
        env.put("GITHUB_WORKFLOW", "conformance");
        env.put("GITHUB_JOB", "k3s");
        env.put("GITHUB_TOKEN", TOKEN);
        env.put("ACTIONS_RUNTIME_TOKEN", TOKEN);
        env.put("HOSTNAME", "runner-7");
        return env;
    }

    @Test
    void aGitHubActionsRunIsNamedWithItsRunNumberAndLinksToTheRun() {
        Map<String, Object> executor = ReportExecutor.of(actions()::get);

        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("name", "GitHub Actions");
        expected.put("type", "github");
        expected.put("url", "https://github.com/octo-org/mesh-conformance");
        expected.put("buildOrder", 42L);
        expected.put("buildName", "conformance #42, job k3s");
        expected.put("buildUrl", "https://github.com/octo-org/mesh-conformance/actions/runs/1658821493");
        expected.put("reportName", "Istio multicluster conformance: octo-org/mesh-conformance");
        assertEquals(expected, executor);
    }

    @Test
    void theJsonIsWhatAllureReads() throws IOException {
        JsonNode json = JsonMapper.builder().build().readTree(ReportExecutor.json(actions()::get));
        assertEquals(42, json.get("buildOrder").asLong(), "buildOrder is a number: Allure orders the trend by it");
        assertTrue(json.get("buildOrder").isNumber());
        assertEquals("github", json.get("type").asString());
    }

    @Test
    void aRerunSaysWhichAttempt() {
        Map<String, String> env = actions();
        env.put("GITHUB_RUN_ATTEMPT", "2");
        assertEquals("conformance #42, job k3s, attempt 2", ReportExecutor.of(env::get).get("buildName"));
    }

    @Test
    void onlyTheNamedVariablesAreRead() {
        List<String> asked = new ArrayList<>();
        Map<String, String> env = actions();
        Function<String, String> recording = name -> {
            asked.add(name);
            return env.get(name);
        };
        String json = ReportExecutor.json(recording);

        assertEquals(ReportExecutor.VARIABLES, asked);
        assertFalse(asked.contains("GITHUB_TOKEN"));
        assertFalse(json.contains(TOKEN.substring(TOKEN.length() - 12)), json);
        assertFalse(json.contains("runner-7"), "no host name: " + json);
    }

    @Test
    void withoutGitHubActionsTheRunIsLocalWithoutHostOrUrls() {
        Map<String, String> env = actions();
        env.remove("GITHUB_ACTIONS"); // the other variables alone (a copied shell) do not make a CI run
        Map<String, Object> local = ReportExecutor.of(env::get);
        assertEquals(Map.of("name", "local", "type", "local", "buildName", "local run",
                "reportName", "Istio multicluster conformance"), local);
        assertEquals(local, ReportExecutor.of(name -> null));
    }

    @Test
    void valuesOfTheWrongShapeAreLeftOutNotWritten() {
        Map<String, String> env = actions();
        env.put("GITHUB_SERVER_URL", "https://x-access-token:" + TOKEN + "@github.example.com");
        env.put("GITHUB_RUN_ID", "1; rm -rf /");
        env.put("GITHUB_RUN_NUMBER", "forty-two");
        env.put("GITHUB_WORKFLOW", "deploy with token=" + TOKEN);
        Map<String, Object> executor = ReportExecutor.of(env::get);

        assertFalse(executor.containsKey("url"), executor.toString());
        assertFalse(executor.containsKey("buildUrl"), executor.toString());
        assertFalse(executor.containsKey("buildOrder"), executor.toString());
        assertFalse(executor.toString().contains(TOKEN.substring(TOKEN.length() - 12)), executor.toString());
        assertTrue(executor.get("buildName").toString().startsWith("deploy with token="), executor.toString());
    }

    @Test
    void writtenBesideTheResultsReplacingAnOlderOne(@TempDir Path results) throws IOException {
        Files.writeString(results.resolve("executor.json"), "{\"name\":\"Maven\"}");
        Path written = ReportExecutor.write(results, actions()::get);
        assertEquals(results.resolve("executor.json"), written);
        assertTrue(Files.readString(written).contains("\"GitHub Actions\""));
    }
}
