package io.meshconformance.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * bin/mesh-matrix as users and CI call it, with a stand-in for Maven and Docker whose cells end as the fixtures of
 * fixtures/matrix/cells did: which cells run, with which Maven arguments, what happens after a failed one, the exit
 * status, the report, the JSON for a GitHub Actions matrix.
 */
class MeshMatrixTest {

    private static final String MATRIX = "cells:\n"
            + "  - name: first\n"
            + "    istio: 1.30.3\n"
            + "    k3s: rancher/k3s:v1.35.4-k3s1\n"
            + "  - name: second\n"
            + "    istio: 1.29.6\n"
            + "    k3s: rancher/k3s:v1.33.7-k3s1\n"
            + "    settings:\n"
            + "      mesh.timeout.istio: 8m\n"
            + "  - name: outside\n"
            + "    istio: 1.28.10\n"
            + "    k3s: rancher/k3s:v1.35.4-k3s1\n";

    @TempDir
    Path root;

    /** Each cell's run ends as the fixture named here ("passed", "failed-stage1", "skipped", "maven-failed"). */
    private final Map<String, String> endings = new HashMap<>();
    private final List<List<String>> runs = new ArrayList<>();
    private final List<String> rendered = new ArrayList<>();
    private boolean canRender;

    /** Maven and Docker as the fixtures say; bin/mesh-report writes an index.html when it exists. */
    private final MatrixHost host = new MatrixHost() {
        @Override
        public int maven(List<String> arguments, Path log, Optional<PrintStream> echo) throws IOException {
            runs.add(arguments);
            String cell = arguments.stream().filter(a -> a.startsWith("-Dmesh.results=")).findFirst().orElseThrow()
                    .replaceAll(".*target/matrix/([^/]+)/.*", "$1");
            Path fixture = Path.of("fixtures/matrix/cells").resolve(endings.getOrDefault(cell, "passed"));
            Files.writeString(log, "Maven's output\n");
            copy(fixture.resolve("failsafe-reports"), root.resolve("target/failsafe-reports"));
            copy(fixture.resolve("mesh-results"), root.resolve("target/matrix").resolve(cell).resolve("mesh-results"));
            Files.createDirectories(root.resolve("target/matrix").resolve(cell).resolve("allure-results"));
            JsonNode run = JsonMapper.builder().build().readTree(fixture.resolve("cell.json").toFile());
            return run.get("exitCode").asInt();
        }

        @Override
        public Optional<List<String>> leftContainers() {
            return Optional.of(List.of());
        }

        @Override
        public boolean canRenderReports() {
            return canRender;
        }

        @Override
        public int renderReport(Path results, Path report, Path log) throws IOException {
            rendered.add(root.relativize(results) + " -> " + root.relativize(report));
            Files.createDirectories(report);
            Files.writeString(report.resolve("index.html"), "<html></html>");
            return 0;
        }
    };

    record Result(int exit, String out, String err) {
    }

    @BeforeEach
    void project() throws IOException {
        Files.createDirectories(root.resolve("fixtures/topologies"));
        Files.copy(Path.of("fixtures/topologies/default.yaml"), root.resolve("fixtures/topologies/default.yaml"));
        Files.createDirectories(root.resolve("matrix"));
        Files.writeString(root.resolve("matrix/m.yaml"), MATRIX);
    }

    private Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = new MeshMatrix(root, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), host,
                Clock.fixed(Instant.parse("2026-12-02T05:00:00Z"), ZoneOffset.UTC)).run(args, root);
        return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private String markdown() throws IOException {
        return Files.readString(root.resolve("reports/compatibility.md"));
    }

    private static void copy(Path from, Path to) throws IOException {
        if (!Files.isDirectory(from)) {
            return;
        }
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : files.toList()) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
    }

    @Test
    void everySupportedCellRunsOnceWithItsSettingsAndItsOwnResults() throws IOException {
        Result r = run("matrix/m.yaml");
        assertEquals(0, r.exit(), r.out() + r.err());
        assertEquals(2, runs.size(), "the unsupported cell does not run");
        assertEquals(List.of("-B", "verify", "-Dtest=none", "-Dsurefire.failIfNoSpecifiedTests=false",
                "-Dmesh.istio.version=1.29.6", "-Dmesh.k3s.image=rancher/k3s:v1.33.7-k3s1",
                "-Dmesh.topology=fixtures/topologies/default.yaml", "-Dmesh.timeout.istio=8m",
                "-Dmesh.results=target/matrix/second/mesh-results",
                "-Dallure.results.directory=target/matrix/second/allure-results"), runs.get(1));
        assertTrue(r.out().contains("[3/3] outside: Istio 1.28.10 on rancher/k3s:v1.35.4-k3s1 (Kubernetes 1.35.4,"
                + " unsupported), topology fixtures/topologies/default.yaml\n      unsupported, not run: Istio 1.28"
                + " supports Kubernetes 1.30 to 1.34, not 1.35"), r.out());
        assertTrue(r.out().contains("no containers labelled io.meshconformance/run are left (docker ps)"), r.out());
        assertTrue(r.out().endsWith("3 cells: 2 passed, 0 failed, 0 skipped, 1 unsupported (not run), 0 did not run\n"),
                r.out());
        assertTrue(Files.isRegularFile(root.resolve("target/matrix/second/failsafe-reports/"
                + "TEST-io.meshconformance.conformance.MulticlusterBookinfoIT.xml")), "each cell keeps its report");
        JsonNode cellRun = JsonMapper.builder().build().readTree(root.resolve("target/matrix/first/cell.json").toFile());
        assertEquals(0, cellRun.get("exitCode").asInt());
        assertEquals("mvn", cellRun.get("command").get(0).asString());
        assertTrue(markdown().contains("| outside | 1.28.10 |"), markdown());
        assertTrue(Files.isRegularFile(root.resolve("reports/compatibility.html")));
    }

    @Test
    void aFailedCellDoesNotStopTheNextAndExitsThree() throws IOException {
        endings.put("first", "failed-stage1");
        Result r = run("--include-unsupported", "matrix/m.yaml");
        assertEquals(3, r.exit(), r.out());
        assertEquals(3, runs.size(), "the cells after the failed one ran, the unsupported one too when asked");
        assertTrue(r.out().contains("failed in 0.0 s at stage 1 Clusters (layer cluster): The image"
                + " rancher/k3s:v1.33.7-k3s1 is not on this Docker host"), r.out());
        assertTrue(markdown().contains("| first | 1.30.3 |"), markdown());
        assertTrue(markdown().contains("| stage 1 Clusters (layer cluster) |"), markdown());
    }

    @Test
    void skippedCellsAreNoFailureButNoPassEitherAndSayWhy() throws IOException {
        endings.put("first", "skipped");
        endings.put("second", "skipped");
        Result r = run("matrix/m.yaml");
        assertEquals(4, r.exit(), "nothing was verified, so not 0: " + r.out());
        assertTrue(r.out().contains("skipped in 0.0 s: Conformance suite skipped: no Docker engine answers"), r.out());
        assertTrue(markdown().contains("**skipped**: Conformance suite skipped: no Docker engine answers"));
    }

    @Test
    void mavenFailingBeforeTheSuiteShowsItsLastLines() {
        endings.put("first", "maven-failed");
        Result r = run("--cell", "first", "matrix/m.yaml");
        assertEquals(3, r.exit());
        assertTrue(r.out().contains("failed in 0.0 s: Maven exited with 1 before the suite reported; see "), r.out());
        assertTrue(r.out().contains("last lines of target/matrix/first/maven.log:\n        Maven's output"), r.out());
    }

    @Test
    void oneCellRunsAloneAndTheReportStillListsEveryCell() throws IOException {
        Result r = run("--cell", "second", "--maven-arg", "-o", "matrix/m.yaml");
        assertEquals(0, r.exit(), r.out());
        assertEquals(1, runs.size());
        assertEquals(List.of("-B", "-o", "verify"), runs.get(0).subList(0, 3));
        assertTrue(markdown().contains("| first | 1.30.3 |") && markdown().contains("**did not run**"), markdown());
    }

    @Test
    void reportOnlyReadsTheResultsAndRendersTheCellsReports() throws IOException {
        run("matrix/m.yaml");
        runs.clear();
        canRender = true;
        Result r = run("--report-only", "matrix/m.yaml");
        assertEquals(0, r.exit(), r.out());
        assertEquals(List.of(), runs, "nothing runs");
        assertEquals(List.of("target/matrix/first/allure-results -> reports/cells/first",
                "target/matrix/second/allure-results -> reports/cells/second"), rendered);
        assertTrue(markdown().contains("[report](cells/first/index.html)"), markdown());
        Files.delete(root.resolve("target/matrix/second/cell.json"));
        try (Stream<Path> all = Files.walk(root.resolve("target/matrix/second"))) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        assertEquals(3, run("--report-only", "matrix/m.yaml").exit(), "a cell without results did not run");
    }

    @Test
    void listJsonGivesTheCellsThatRunForAGitHubActionsMatrix() {
        Result r = run("--list-json", "matrix/m.yaml");
        assertEquals(0, r.exit());
        JsonNode include = JsonMapper.builder().build().readTree(r.out()).get("include");
        assertEquals(2, include.size());
        JsonNode first = include.get(0);
        assertEquals("first", first.get("cell").asString());
        assertEquals("rancher/k3s:v1.35.4-k3s1", first.get("k3s").asString());
        assertTrue(first.get("cluster-images").asString().startsWith("docker.io/istio/pilot:1.30.3"
                + " docker.io/istio/proxyv2:1.30.3 docker.io/istio/examples-bookinfo-productpage-v1:1.20.3"));
        assertEquals(16, first.get("images-key").asString().length());
        assertFalse(first.get("images-key").asString().equals(include.get(1).get("images-key").asString()));
        assertEquals(3, JsonMapper.builder().build().readTree(run("--list-json", "--include-unsupported",
                "matrix/m.yaml").out()).get("include").size());
        assertEquals(List.of(), runs);
    }

    @Test
    void exitCodesForUsageAndBadInput() throws IOException {
        Result unknownCell = run("--cell", "frist", "matrix/m.yaml");
        assertEquals(1, unknownCell.exit());
        assertEquals("bin/mesh-matrix: --cell frist: matrix/m.yaml has no cell of that name (did you mean 'first'?);"
                + " its cells are first, second, outside\n", unknownCell.err());
        assertEquals(1, run("--bogus").exit());
        assertTrue(run("--report-onyl").err().contains("unknown option '--report-onyl' (did you mean --report-only?)"));
        assertEquals(1, run("--list-json", "--report-only").exit());
        assertEquals(1, run("--cell").exit());
        Files.writeString(root.resolve("matrix/bad.yaml"), "cells:\n  - name: x\n");
        Result bad = run("matrix/bad.yaml");
        assertEquals(2, bad.exit());
        assertTrue(bad.err().startsWith("Matrix matrix/bad.yaml is invalid (2 problems):\n  - matrix/bad.yaml:2: cell"
                + " 'x': missing field 'istio'"), bad.err());
        assertEquals(2, run("matrix/missing.yaml").exit());
        assertEquals(List.of(), runs, "nothing runs when the input is bad");
        Result help = run("--help");
        assertEquals(0, help.exit());
        assertTrue(help.out().contains("exit status: 0 every cell that was to run passed, 1 usage error, 2 bad matrix"
                + " file, 3 a cell failed or did not run, 4 none failed but a cell was skipped"), help.out());
    }
}
