package io.meshconformance.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.meshconformance.config.MatrixCell;
import io.meshconformance.config.MatrixLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How a cell's outcome is decided from what its run left when the files disagree or some are missing: a failsafe
 * report without stages, stages without a failsafe report, Maven's exit status against the report, files that cannot
 * be read. (The runs as they usually end are in {@link CompatibilityReportTest}.)
 */
class CellResultTest {

    private static final MatrixCell CELL = MatrixLoader.parse("cells:\n"
            + "  - {name: a, istio: 1.30.3, k3s: 'rancher/k3s:v1.35.4-k3s1'}\n", "m.yaml",
            Path.of("").toAbsolutePath()).cells().get(0);

    @TempDir
    Path dir;

    private void exitCode(String json) throws IOException {
        Files.writeString(dir.resolve(CellResult.RUN_FILE), json);
    }

    /** A failsafe report of the suite's 8 tests; {@code cases} are its testcase elements. */
    private void failsafe(int failures, int errors, int skipped, String cases) throws IOException {
        failsafe(8, failures, errors, skipped, cases);
    }

    private void failsafe(int tests, int failures, int errors, int skipped, String cases) throws IOException {
        Path reports = Files.createDirectories(dir.resolve(CellResult.FAILSAFE_REPORTS));
        Files.writeString(reports.resolve("TEST-io.meshconformance.conformance.MulticlusterBookinfoIT.xml"),
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuite name=\"MulticlusterBookinfoIT\""
                        + " tests=\"" + tests + "\" errors=\"" + errors + "\" skipped=\"" + skipped + "\" failures=\""
                        + failures + "\">\n" + cases + "</testsuite>\n");
    }

    /** stages.json with these stages, each "name/outcome". */
    private void stages(String... stages) throws IOException {
        StringBuilder json = new StringBuilder("{\"stages\": [");
        for (int i = 0; i < stages.length; i++) {
            String[] s = stages[i].split("/");
            json.append(i == 0 ? "" : ", ").append("{\"stage\": \"").append(s[0]).append("\", \"layer\": \"cluster\","
                    + " \"outcome\": \"").append(s[1]).append("\", \"seconds\": 1.5}");
        }
        stagesJson(json.append("], \"marks\": []}").toString());
    }

    private void stagesJson(String json) throws IOException {
        Path results = Files.createDirectories(dir.resolve(CellResult.MESH_RESULTS));
        Files.writeString(results.resolve("stages.json"), json);
    }

    private CellResult read() {
        return CellResult.read(dir, "target/matrix/a", CELL, true);
    }

    @Test
    void anErrorInTheFailsafeReportFailsTheCellWithItsMessageWhenNoStageSaysWhere() throws IOException {
        failsafe(0, 1, 7,
                "<testcase name=\"clusters\"><error message=\"istio-system cannot be created\"/></testcase>\n");
        exitCode("{\"exitCode\": 1}");
        CellResult r = read();
        assertEquals(CellResult.Outcome.FAILED, r.outcome());
        assertEquals("istio-system cannot be created", r.reason());
    }

    @Test
    void failuresWithoutAMessageAreCountedWithTheErrors() throws IOException {
        failsafe(1, 1, 0, "<testcase name=\"clusters\"><failure/></testcase>\n");
        CellResult r = read();
        assertEquals(CellResult.Outcome.FAILED, r.outcome());
        assertEquals("2 of 8 tests failed; see the failsafe report", r.reason());
    }

    @Test
    void aSuiteWhoseTestsAllPassedIsPassedWithoutStagesToo() throws IOException {
        failsafe(0, 0, 0, "");
        assertEquals(CellResult.Outcome.PASSED, read().outcome(), "no cell.json: Maven's status is not known");
        exitCode("{\"exitCode\": 0}");
        CellResult r = read();
        assertEquals(CellResult.Outcome.PASSED, r.outcome());
        assertEquals("", r.reason());
    }

    @Test
    void aRunFileWithoutAnExitCodeIsNoExitZero() throws IOException {
        failsafe(0, 0, 0, "");
        exitCode("{\"command\": \"mvn -B verify\"}");
        CellResult r = read();
        assertEquals(CellResult.Outcome.PASSED, r.outcome(), "the suite's own report decides");
        assertTrue(r.problems().stream().anyMatch(p -> p.endsWith("has no integer exitCode: Maven's status is not"
                + " known")), r.problems().toString());
    }

    @Test
    void mavenFailingAfterTheSuitePassedFailsTheCellAndSaysSo() throws IOException {
        failsafe(0, 0, 0, "");
        exitCode("{\"exitCode\": 1}");
        CellResult r = read();
        assertEquals(CellResult.Outcome.FAILED, r.outcome());
        assertEquals("Maven exited with 1 after the suite reported; see target/matrix/a/maven.log", r.reason());
    }

    @Test
    void someTestsSkippedIsAFailureNotASkip() throws IOException {
        failsafe(0, 0, 3, "<testcase name=\"verdict\"><skipped message=\"not reached\"/></testcase>\n");
        exitCode("{\"exitCode\": 0}");
        CellResult r = read();
        assertEquals(CellResult.Outcome.FAILED, r.outcome());
        assertEquals("3 of 8 tests were skipped, so the suite did not run every stage", r.reason());
    }

    @Test
    void aSuiteThatRanNoTestsIsNeitherPassedNorSkipped() throws IOException {
        failsafe(0, 0, 0, 0, "");
        exitCode("{\"exitCode\": 0}");
        CellResult r = read();
        assertEquals(CellResult.Outcome.FAILED, r.outcome());
        assertEquals("the suite left no report of its tests (no failsafe report and no passed stages); see"
                + " target/matrix/a/maven.log", r.reason());
    }

    @Test
    void stagesThatAllPassedAreAPassWithoutAFailsafeReport() throws IOException {
        stages("Clusters/passed", "Verdict 1/passed");
        exitCode("{\"exitCode\": 0}");
        CellResult r = read();
        assertEquals(CellResult.Outcome.PASSED, r.outcome());
        assertEquals(2, r.stages().size());
    }

    @Test
    void stagesNotAllPassedOrNoneAtAllAreNoPass() throws IOException {
        exitCode("{\"exitCode\": 0}");
        stages("Clusters/passed", "Verdict 1/not reached");
        CellResult notReached = read();
        assertEquals(CellResult.Outcome.FAILED, notReached.outcome());
        assertTrue(notReached.reason().startsWith("the suite left no report of its tests"), notReached.reason());
        stages();
        CellResult none = read();
        assertEquals(CellResult.Outcome.FAILED, none.outcome());
        assertTrue(none.reason().startsWith("the suite left no report of its tests"), none.reason());
    }

    @Test
    void stagesOfTheWrongShapeAreNotShownHalfRead() throws IOException {
        exitCode("{\"exitCode\": 0}");
        stagesJson("{\"stages\": [{\"stage\": \"Clusters\", \"outcome\": \"passed\"},"
                + " {\"stage\": \"Istio primary\", \"outcome\": \"failed\", \"message\": {\"text\": \"x\"}}]}");
        CellResult r = read();
        assertEquals(List.of(), r.stages(), "none rather than the first only, which would look like a pass");
        assertTrue(r.problems().get(0).endsWith("its stages are not shown"), r.problems().toString());
        assertEquals(CellResult.Outcome.FAILED, r.outcome());
    }

    @Test
    void onlyUnreadableFilesIsDidNotRunWithEachProblemNamed() throws IOException {
        exitCode("{\"exitCode\": ");
        stagesJson("{\"stages\": [");
        CellResult r = read();
        assertEquals(CellResult.Outcome.DID_NOT_RUN, r.outcome());
        assertTrue(r.reason().startsWith("no results in target/matrix/a"), r.reason());
        assertEquals(2, r.problems().size(), r.problems().toString());
        assertTrue(r.problems().get(0).contains("cell.json is not readable JSON"), r.problems().toString());
        assertTrue(r.problems().get(1).contains("stages.json is not readable JSON"), r.problems().toString());
    }
}
