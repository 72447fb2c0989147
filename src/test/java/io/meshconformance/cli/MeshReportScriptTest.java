package io.meshconformance.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/mesh-report, with a stand-in for the Allure command line (ALLURE_BIN) that does what Allure 2's generate does
 * with history: reads results/history/history-trend.json and writes it into the report one run longer, newest first
 * (allure-framework/allure2 HistoryTrendPlugin). It records the executor.json it was given.
 */
class MeshReportScriptTest {

    static final Path SCRIPT = Path.of("bin/mesh-report").toAbsolutePath();
    static final String FAKE_ALLURE = """
            #!/usr/bin/env bash
            set -euo pipefail
            [ "$1" = generate ] && [ "$2" = --clean ] && [ "$3" = -o ] || { echo "unexpected: $*" >&2; exit 3; }
            out=$4 results=$5
            [ -f "$results/fail-generate" ] && { echo "generate broke" >&2; exit 1; }
            mkdir -p "$out/history" "$out/widgets"
            echo '<html>' >"$out/index.html"
            cp "$results/executor.json" "$out/executor-seen.json" 2>/dev/null || true
            previous=$(sed 's/^\\[//; s/\\]$//' "$results/history/history-trend.json" 2>/dev/null || true)
            order=$(grep -o '"buildOrder" : [0-9]*' "$results/executor.json" | grep -o '[0-9]*$' || true)
            entry="{\\"buildOrder\\":${order:-0},\\"data\\":{}}"
            echo "[$entry${previous:+,$previous}]" >"$out/history/history-trend.json"
            """;

    @TempDir
    Path dir;
    Path allure;
    Path results;

    @BeforeEach
    void setUp() throws IOException {
        allure = Files.writeString(dir.resolve("allure"), FAKE_ALLURE);
        Files.setPosixFilePermissions(allure, PosixFilePermissions.fromString("rwx------"));
        results = run("one");
    }

    Path run(String name) throws IOException {
        Path r = Files.createDirectories(dir.resolve("results-" + name));
        Files.writeString(r.resolve(name + "-result.json"), "{\"name\":\"" + name + "\"}");
        Files.writeString(r.resolve("executor.json"), "{\n  \"name\" : \"local\",\n  \"type\" : \"local\"\n}\n");
        return r;
    }

    record Outcome(int exit, String out, String err) {
    }

    Outcome report(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", SCRIPT.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
        builder.environment().put("ALLURE_BIN", allure.toString());
        builder.redirectOutput(dir.resolve("out.txt").toFile()).redirectError(dir.resolve("err.txt").toFile());
        Process process = builder.start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "bin/mesh-report finished");
        return new Outcome(process.exitValue(), Files.readString(dir.resolve("out.txt")),
                Files.readString(dir.resolve("err.txt")));
    }

    int runsInTrend(Path report) throws IOException {
        String trend = Files.readString(report.resolve("history/history-trend.json"));
        return trend.split("\"data\"", -1).length - 1;
    }

    @Test
    void eachRunRenderedIntoTheSameReportLengthensTheTrendOnce() throws Exception {
        Path report = dir.resolve("report");
        Outcome first = report(results.toString(), report.toString());
        assertEquals(0, first.exit(), first.err());
        assertEquals(1, runsInTrend(report));
        Outcome second = report(run("two").toString(), report.toString());
        assertEquals(0, second.exit(), second.err());
        assertEquals(2, runsInTrend(report));
        assertTrue(second.out().contains("2 runs in the trend"), second.out());
        assertTrue(second.out().contains("allure open") && second.out().contains("http.server"),
                "says how to open it: " + second.out());

        assertEquals(0, report(dir.resolve("results-two").toString(), report.toString()).exit());
        assertEquals(2, runsInTrend(report), "the same results rendered again do not count twice");
    }

    @Test
    void theRunsOwnExecutorReachesAllureNumberedAfterTheTrendAndTheResultsStayAsTheyWere() throws Exception {
        Path report = dir.resolve("report");
        report(results.toString(), report.toString());
        report(run("two").toString(), report.toString());

        String seen = Files.readString(report.resolve("executor-seen.json"));
        assertTrue(seen.contains("\"name\" : \"local\""), seen);
        assertTrue(seen.contains("\"buildOrder\" : 2,"), "a local run is numbered after the trend's: " + seen);
        assertFalse(Files.exists(dir.resolve("results-two/history")), "history goes to a copy, not the results");
        assertFalse(Files.readString(dir.resolve("results-two/executor.json")).contains("buildOrder"));
    }

    @Test
    void aFailedGenerationLeavesThePreviousReport() throws Exception {
        Path report = dir.resolve("report");
        report(results.toString(), report.toString());
        Path broken = run("two");
        Files.writeString(broken.resolve("fail-generate"), "");

        Outcome outcome = report(broken.toString(), report.toString());
        assertEquals(1, outcome.exit());
        assertTrue(outcome.err().contains("the previous report in"), outcome.err());
        assertEquals(1, runsInTrend(report), "the previous report and its history are still there");
    }

    @Test
    void aDirectoryHoldingOnlyAPreviousReportsHistoryCarriesTheTrendOn() throws Exception {
        // What CI does: fetch the published report's history/ alone, then render the new run into that directory.
        Path published = dir.resolve("published");
        report(results.toString(), published.toString());
        Path fetched = Files.createDirectories(dir.resolve("fetched/history"));
        Files.copy(published.resolve("history/history-trend.json"), fetched.resolve("history-trend.json"));

        Outcome outcome = report(run("two").toString(), dir.resolve("fetched").toString());
        assertEquals(0, outcome.exit(), outcome.err());
        assertEquals(2, runsInTrend(dir.resolve("fetched")), "the fetched run and this one");
    }

    @Test
    void refusesWhatItCannotUse() throws Exception {
        Outcome tooMany = report("a", "b", "c");
        assertEquals(1, tooMany.exit());
        assertTrue(tooMany.err().contains("usage: bin/mesh-report"), tooMany.err());

        Outcome noResults = report(dir.resolve("nothing").toString(), dir.resolve("report").toString());
        assertEquals(1, noResults.exit());
        assertTrue(noResults.err().contains("no Allure results in"), noResults.err());

        Path notAReport = Files.createDirectories(dir.resolve("my-notes"));
        Files.writeString(notAReport.resolve("todo.txt"), "keep me");
        Outcome refused = report(results.toString(), notAReport.toString());
        assertEquals(1, refused.exit());
        assertTrue(refused.err().contains("is not an Allure report"), refused.err());
        assertEquals("keep me", Files.readString(notAReport.resolve("todo.txt")));

        Outcome inside = report(results.toString(), results.resolve("report").toString());
        assertEquals(1, inside.exit());
        assertTrue(inside.err().contains("cannot be inside the results"), inside.err());
    }
}
