package io.meshconformance.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.meshconformance.config.Matrix;
import io.meshconformance.config.MatrixCell;
import io.meshconformance.config.MatrixLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cell's results read back (fixtures/matrix/cells: a passed run, one failed at stage 1, one skipped for want of
 * Docker, one where Maven failed before the suite, and none at all) and the report rows made of them.
 */
class CompatibilityReportTest {

    private static final Path CELLS = Path.of("fixtures/matrix/cells");
    private static final Matrix MATRIX = MatrixLoader.parse("cells:\n"
            + "  - {name: ok, istio: 1.30.3, k3s: 'rancher/k3s:v1.35.4-k3s1'}\n"
            + "  - {name: broken, istio: 1.29.6, k3s: 'rancher/k3s:v1.33.7-k3s1'}\n"
            + "  - {name: no-docker, istio: 1.30.3, k3s: 'rancher/k3s:v1.32.11-k3s1'}\n"
            + "  - {name: lost, istio: 1.30.3, k3s: 'rancher/k3s:v1.34.9-k3s1'}\n"
            + "  - {name: too-new, istio: 1.28.10, k3s: 'rancher/k3s:v1.35.4-k3s1'}\n"
            + "  - {name: maven, istio: 1.30.3, k3s: 'rancher/k3s:v1.35.4-k3s1'}\n", "m.yaml",
            Path.of("").toAbsolutePath());

    private static MatrixCell cell(String name) {
        return MATRIX.cell(name).orElseThrow();
    }

    @Test
    void aPassedRunHasItsStagesAndMarks() {
        CellResult r = CellResult.read(CELLS.resolve("passed"), cell("ok"), true);
        assertEquals(CellResult.Outcome.PASSED, r.outcome());
        assertEquals(8, r.stages().size());
        assertTrue(r.failedStage().isEmpty());
        assertEquals("1 Clusters 0.4 s", CompatibilityReport.durations(r).get(0));
        assertEquals("6 details in the remote 3.0 s", CompatibilityReport.durations(r).get(5));
        assertEquals("total 12.5 s", CompatibilityReport.durations(r).get(8));
        assertEquals("attach: +0.0 s remote secret for 'remote' created in 'primary'",
                CompatibilityReport.propagation(r).get(0));
        assertTrue(CompatibilityReport.propagation(r).contains("details: +0.1 s an endpoint from Kubernetes/remote in"
                + " endpointShardz"), CompatibilityReport.propagation(r).toString());
    }

    @Test
    void aRunFailedAtStageOneNamesTheStageTheLayerAndTheCause() {
        CellResult r = CellResult.read(CELLS.resolve("failed-stage1"), cell("broken"), true);
        assertEquals(CellResult.Outcome.FAILED, r.outcome());
        assertEquals(Optional.of("stage 1 Clusters (layer cluster)"), CompatibilityReport.failedStage(r));
        assertTrue(r.shortReason().startsWith("The image rancher/k3s:v1.33.7-k3s1 is not on this Docker host and could"
                + " not be pulled"), r.shortReason());
        assertTrue(r.reason().startsWith("Broken layer: cluster"), "the whole message stays for the failures section");
        assertEquals(List.of("1 Clusters 0.1 s (failed)"), CompatibilityReport.durations(r), "not reached: left out");
    }

    @Test
    void aSkippedRunGivesTheSkipReasonFromTheFailsafeReport() {
        CellResult r = CellResult.read(CELLS.resolve("skipped"), cell("no-docker"), true);
        assertEquals(CellResult.Outcome.SKIPPED, r.outcome());
        assertTrue(r.reason().startsWith("Conformance suite skipped: no Docker engine answers"), r.reason());
        assertTrue(r.stages().isEmpty());
    }

    @Test
    void nothingAtAllIsDidNotRunOrUnsupported() {
        CellResult missing = CellResult.read(CELLS.resolve("missing"), cell("lost"), true);
        assertEquals(CellResult.Outcome.DID_NOT_RUN, missing.outcome());
        assertTrue(missing.reason().startsWith("no results in fixtures/matrix/cells/missing"), missing.reason());
        CellResult unsupported = CellResult.read(CELLS.resolve("missing"), cell("too-new"), false);
        assertEquals(CellResult.Outcome.UNSUPPORTED, unsupported.outcome());
        assertEquals("Istio 1.28 supports Kubernetes 1.30 to 1.34, not 1.35", unsupported.reason());
    }

    @Test
    void mavenFailingBeforeTheSuiteIsAFailurePointingAtItsLog() {
        CellResult r = CellResult.read(CELLS.resolve("maven-failed"), cell("maven"), true);
        assertEquals(CellResult.Outcome.FAILED, r.outcome());
        assertEquals("Maven exited with 1 before the suite reported; see fixtures/matrix/cells/maven-failed/maven.log",
                r.reason());
    }

    @Test
    void unreadableStagesAreSaidNotHidden(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("mesh-results"));
        Files.writeString(dir.resolve("mesh-results/stages.json"), "{\"stages\": [");
        Files.writeString(dir.resolve("cell.json"), "{\"exitCode\": 0}");
        CellResult r = CellResult.read(dir, cell("ok"), true);
        assertEquals(CellResult.Outcome.FAILED, r.outcome());
        assertTrue(r.problems().get(0).contains("stages.json is not readable JSON"), r.problems().toString());
    }

    private static CompatibilityReport report() {
        return new CompatibilityReport("m.yaml", List.of(
                new CompatibilityReport.Row(cell("ok"), CellResult.read(CELLS.resolve("passed"), cell("ok"), true),
                        Optional.of("cells/ok/index.html")),
                new CompatibilityReport.Row(cell("broken"),
                        CellResult.read(CELLS.resolve("failed-stage1"), cell("broken"), true), Optional.empty()),
                new CompatibilityReport.Row(cell("no-docker"),
                        CellResult.read(CELLS.resolve("skipped"), cell("no-docker"), true), Optional.empty()),
                new CompatibilityReport.Row(cell("lost"), CellResult.read(CELLS.resolve("missing"), cell("lost"), true),
                        Optional.empty()),
                new CompatibilityReport.Row(cell("too-new"), CellResult.unsupported(cell("too-new")),
                        Optional.empty())), Instant.parse("2026-12-02T05:00:00Z"));
    }

    @Test
    void theMarkdownHasOneRowPerCellWithEveryColumn() {
        String md = report().markdown();
        List<String> rows = md.lines().filter(l -> l.startsWith("| ") && !l.startsWith("| Cell")).toList();
        assertEquals(5, rows.size(), md);
        assertTrue(rows.get(0).startsWith("| ok | 1.30.3 | `rancher/k3s:v1.35.4-k3s1` (1.35.4) |"
                + " `fixtures/topologies/default.yaml` | supported: Istio 1.30 supports Kubernetes 1.32 to 1.36 |"
                + " **passed** |  | 1 Clusters 0.4 s<br>"), rows.get(0));
        assertTrue(rows.get(0).endsWith("| [report](cells/ok/index.html) |"), rows.get(0));
        assertTrue(rows.get(1).contains("| **failed**: The image rancher/k3s:v1.33.7-k3s1 is not on this Docker host"),
                rows.get(1));
        assertTrue(rows.get(1).contains("| stage 1 Clusters (layer cluster) |"), rows.get(1));
        assertTrue(rows.get(2).contains("| **skipped**: Conformance suite skipped: no Docker engine answers"),
                rows.get(2));
        assertTrue(rows.get(3).contains("| **did not run**: no results in fixtures/matrix/cells/missing"), rows.get(3));
        assertTrue(rows.get(4).contains("| unsupported: Istio 1.28 supports Kubernetes 1.30 to 1.34, not 1.35 |"
                + " **unsupported, not run** |"), rows.get(4));
        assertTrue(md.contains("5 cells: 1 passed, 1 failed, 1 skipped, 1 unsupported (not run), 1 did not run"));
        assertTrue(md.contains("\n## Failures\n\n### broken: stage 1 Clusters (layer cluster)\n\n```text\nBroken layer:"),
                md);
        rows.forEach(row -> assertEquals(12, row.split("(?<!\\\\)\\|", -1).length, "10 columns: " + row));
    }

    @Test
    void theHtmlIsEscapedAndLinksTheReport(@TempDir Path dir) throws IOException {
        List<Path> written = report().write(dir);
        assertEquals(List.of(dir.resolve("compatibility.md"), dir.resolve("compatibility.html")), written);
        String html = Files.readString(dir.resolve("compatibility.html"));
        assertTrue(html.contains("<a href=\"cells/ok/index.html\">report</a>"), html);
        assertTrue(html.contains("<td class=\"outcome failed\"><b>failed</b>"), html);
        assertTrue(html.contains("istiod reports &#39;remote&#39; synced"), html);
        assertFalse(html.contains("'remote'"), "quotes are escaped");
        assertEquals(5, html.split("<tr id=").length - 1);
        assertTrue(html.contains("<details><summary>attach 0.0 s, details 4.3 s</summary>"), "each chain's last mark");
    }

    @Test
    void markdownCellsCannotBreakTheTable() {
        CellResult r = new CellResult(CellResult.Outcome.SKIPPED, "a | b\nsecond line", List.of(), List.of(), List.of());
        String md = new CompatibilityReport("m.yaml", List.of(new CompatibilityReport.Row(cell("ok"), r,
                Optional.empty())), Instant.EPOCH).markdown();
        String row = md.lines().filter(l -> l.startsWith("| ok ")).findFirst().orElseThrow();
        assertTrue(row.contains("**skipped**: a \\| b |"), row);
    }
}
