package io.meshconformance.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The matrix file as users write it: the shipped ones load, and every kind of mistake is named with the file, its
 * line, the cell and the fix, before anything runs.
 */
class MatrixLoaderTest {

    private static final Path ROOT = Path.of("").toAbsolutePath();

    private static Matrix load(String file) {
        return MatrixLoader.load(Path.of(file), file, ROOT);
    }

    private static List<String> problems(String yaml) {
        return assertThrows(InvalidMatrixException.class, () -> MatrixLoader.parse(yaml, "m.yaml", ROOT)).problems();
    }

    private static final String CELL = "cells:\n"
            + "  - name: a\n"
            + "    istio: 1.30.3\n"
            + "    k3s: rancher/k3s:v1.35.4-k3s1\n";

    @Test
    void theShippedMatricesLoadWithTheirSupport() {
        Matrix matrix = load("matrix/default.yaml");
        assertFalse(matrix.runUnsupported());
        MatrixCell first = matrix.cells().get(0);
        assertEquals("istio-1.30-k8s-1.35", first.name());
        assertEquals(MeshSettings.DEFAULT_ISTIO_VERSION, first.istio().toString(), "the first cell is the defaults");
        assertEquals(MeshSettings.DEFAULT_K3S_IMAGE, first.k3s().reference());
        assertEquals(IstioSupport.Status.SUPPORTED, first.expected().status());
        MatrixCell outside = matrix.cell("istio-1.28-k8s-1.35").orElseThrow();
        assertEquals(IstioSupport.Status.UNSUPPORTED, outside.expected().status());
        assertFalse(matrix.runs(outside, false));
        assertTrue(matrix.runs(outside, true));
        assertEquals("8m", matrix.cell("istio-1.28-k8s-1.34").orElseThrow().settings().get("mesh.timeout.istio"));
        assertEquals(2, load("matrix/two-cells.yaml").cells().size());
    }

    @Test
    void aCellsPropertiesAreWhatItsRunGets() {
        MatrixCell cell = MatrixLoader.parse(CELL + "    settings:\n      mesh.timeout.istio: 8m\n", "m.yaml", ROOT)
                .cells().get(0);
        assertEquals(List.of("mesh.istio.version=1.30.3", "mesh.k3s.image=rancher/k3s:v1.35.4-k3s1",
                "mesh.topology=" + MeshSettings.DEFAULT_TOPOLOGY, "mesh.timeout.istio=8m"),
                cell.properties().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
    }

    @Test
    void aMissingFileIsNamedWithWhatToPass() {
        InvalidMatrixException e = assertThrows(InvalidMatrixException.class, () -> load("matrix/nope.yaml"));
        assertEquals(1, e.problems().size());
        assertTrue(e.problems().get(0).startsWith("matrix/nope.yaml: does not exist"), e.getMessage());
        assertTrue(e.problems().get(0).endsWith("pass a matrix YAML file, e.g. matrix/default.yaml"), e.getMessage());
    }

    @Test
    void malformedYamlIsNamedWithItsLine() {
        InvalidMatrixException e = assertThrows(InvalidMatrixException.class,
                () -> load("fixtures/bad/matrix-malformed.yaml"));
        String problem = e.problems().get(0);
        assertTrue(problem.startsWith("fixtures/bad/matrix-malformed.yaml:4: is not valid YAML"), problem);
        assertTrue(problem.contains("line 4"), problem);
        assertTrue(problem.endsWith("fix the syntax (indentation, a missing ':' or quote)"), problem);
    }

    @Test
    void anUnknownKeyIsNamedWithItsLineAndTheClosestKey() {
        InvalidMatrixException e = assertThrows(InvalidMatrixException.class,
                () -> load("fixtures/bad/matrix-unknown-key.yaml"));
        assertTrue(e.problems().contains("fixtures/bad/matrix-unknown-key.yaml:3: cell 'istio-1.30-k8s-1.35': unknown"
                + " key 'istoi' (did you mean 'istio'?); a cell has name, istio, k3s and optionally topology and"
                + " settings"), e.getMessage());
        assertTrue(e.problems().stream().anyMatch(p -> p.contains("missing field 'istio'; e.g. istio: 1.30.3")),
                e.getMessage());
        assertTrue(problems("cell:\n  - name: a\n").get(0).startsWith("m.yaml:1: the top level: unknown key 'cell'"
                + " (did you mean 'cells'?)"));
    }

    @Test
    void aK3sImageWithoutAReleaseTagIsRefusedOnItsLine() {
        InvalidMatrixException e = assertThrows(InvalidMatrixException.class,
                () -> load("fixtures/bad/matrix-bad-k3s-tag.yaml"));
        assertEquals(List.of("fixtures/bad/matrix-bad-k3s-tag.yaml:4: cell 'istio-1.30-k8s-latest': k3s image"
                + " 'rancher/k3s:latest' has no k3s release tag; write it as"
                + " [registry/]rancher/k3s:vMAJOR.MINOR.PATCH-k3sN, e.g. rancher/k3s:v1.35.4-k3s1 (the tag names the"
                + " Kubernetes version the cell's support is judged by)"), e.problems());
    }

    @Test
    void settingsAreCheckedAsTheRunReadsThemEachOnItsLine() {
        InvalidMatrixException e = assertThrows(InvalidMatrixException.class,
                () -> load("fixtures/bad/matrix-bad-settings.yaml"));
        List<String> p = e.problems();
        assertEquals(3, p.size(), e.getMessage());
        assertTrue(p.get(0).startsWith("fixtures/bad/matrix-bad-settings.yaml:9: cell 'istio-1.30-k8s-1.35': setting"
                + " mesh.results is given by bin/mesh-matrix"), p.get(0));
        // the harness's own reader names the others in the same run, each on its line
        assertTrue(p.stream().anyMatch(x -> x.startsWith("fixtures/bad/matrix-bad-settings.yaml:8: cell"
                + " 'istio-1.30-k8s-1.35': setting mesh.timeout.attach = 'soon'")), p.toString());
        assertTrue(p.stream().anyMatch(x -> x.startsWith("fixtures/bad/matrix-bad-settings.yaml:7: cell"
                + " 'istio-1.30-k8s-1.35': setting mesh.timeout.istoi is not a setting of this harness (did you mean"
                + " mesh.timeout.istio?)")), p.toString());
        assertTrue(p.stream().noneMatch(x -> x.contains("-D")), "the matrix's settings, not -D properties: " + p);
        assertTrue(problems(CELL + "    settings:\n      allure.results.directory: x\n").get(0)
                .contains("settings are mesh.* keys"));
    }

    @Test
    void namesAreUniqueAndUsableAsPaths() {
        List<String> p = problems(CELL + CELL.substring("cells:\n".length()) + "  - name: ../up\n    istio: 1.30.3\n"
                + "    k3s: rancher/k3s:v1.35.4-k3s1\n");
        assertTrue(p.contains("m.yaml:5: cell 'a': the name is used by an earlier cell too; give every cell its own"
                + " name"), p.toString());
        assertTrue(p.stream().anyMatch(x -> x.startsWith("m.yaml:8: cell '../up': the name must be lower-case")),
                p.toString());
    }

    @Test
    void anInvalidTopologyIsFoundBeforeAnythingRuns() {
        List<String> p = problems(CELL + "    topology: fixtures/bad/topology-overlap.yaml\n");
        assertEquals(1, p.size(), p.toString());
        assertTrue(p.get(0).startsWith("m.yaml:5: cell 'a': topology fixtures/bad/topology-overlap.yaml (relative to"
                + " the project root) cannot be used: cluster 'primary' and cluster 'remote': podCidr"), p.get(0));
        assertTrue(p.get(0).endsWith("(and 1 more; bin/validate-topology fixtures/bad/topology-overlap.yaml lists"
                + " them)"), p.get(0));
    }

    @Test
    void theFileItselfMustBeAMatrix() {
        assertEquals(List.of("m.yaml: the file: is empty; it needs a 'cells:' list, see matrix/default.yaml"),
                problems("# nothing\n"));
        assertTrue(problems("- a\n").get(0).contains("must be a mapping with a 'cells:' list, but its top level is a"
                + " list"));
        assertTrue(problems("cells: []\n").get(0).contains("has no cells"));
        assertTrue(problems("cells: x\n").get(0).contains("must be a list"));
        assertTrue(problems("runUnsupported: yes please\n" + CELL).get(0).startsWith("m.yaml:1: runUnsupported: is the"
                + " value 'yes please'; write true"));
        assertTrue(problems(CELL + "    istio: 1.23.0\n").get(0).contains("has the key 'istio' twice"));
        assertTrue(problems(CELL.replace("1.30.3", "1.23.4")).get(0).startsWith("m.yaml:3: cell 'a': istio 1.23.4 is"
                + " older than 1.24.0"));
    }

    @Test
    void aDocumentOfNothingIsEmptyAndNoCellsIsNamedWhereTheyBelong() {
        assertEquals(List.of("m.yaml: the file: is empty; it needs a 'cells:' list, see matrix/default.yaml"),
                problems("---\n"));
        String fix = "has no cells; list them under 'cells:', each with name, istio, k3s and optionally topology and"
                + " settings (see matrix/default.yaml)";
        assertEquals(List.of("m.yaml: the file: " + fix), problems("runUnsupported: true\n"), "no line to point at");
        assertEquals(List.of("m.yaml:2: the file: " + fix), problems("runUnsupported: true\ncells:\n"));
    }

    @Test
    void atMostTheCellsGitHubActionsRunsForOneMatrix() {
        StringBuilder yaml = new StringBuilder("cells:\n");
        for (int i = 0; i < MatrixLoader.MAX_CELLS; i++) {
            yaml.append("  - {name: c").append(i).append(", istio: 1.30.3, k3s: 'rancher/k3s:v1.35.4-k3s1'}\n");
        }
        assertEquals(256, MatrixLoader.parse(yaml.toString(), "m.yaml", ROOT).cells().size());
        yaml.append("  - {name: one-more, istio: 1.30.3, k3s: 'rancher/k3s:v1.35.4-k3s1'}\n");
        assertEquals(List.of("m.yaml:1: cells: has 257 cells, more than the 256 jobs GitHub Actions runs for one"
                + " matrix; split the file"), problems(yaml.toString()));
    }

    @Test
    void aCellThatIsNotAMappingIsNamedByItsPlaceInTheList() {
        assertEquals(List.of("m.yaml:5: cells[1]: must be a mapping with name, istio, k3s, topology, settings, but is"
                + " the value 'istio-1.30'"), problems(CELL + "  - istio-1.30\n"));
    }

    @Test
    void aNameHasAtMostFiftyCharacters() {
        String fifty = "a".repeat(MatrixLoader.MAX_NAME);
        assertEquals(fifty, MatrixLoader.parse(CELL.replace("name: a", "name: " + fifty), "m.yaml", ROOT).cells()
                .get(0).name());
        List<String> p = problems(CELL.replace("name: a", "name: " + fifty + "b"));
        assertEquals(1, p.size(), p.toString());
        assertTrue(p.get(0).startsWith("m.yaml:2: cell '" + fifty + "b': the name must be lower-case letters"),
                p.get(0));
    }

    @Test
    void anIstioThatIsNoReleaseIsNamedOnItsLine() {
        assertEquals(List.of("m.yaml:3: cell 'a': istio 'latest' is not an Istio release; write it as"
                + " MAJOR.MINOR.PATCH, e.g. 1.30.3 (a chart version of the Istio Helm repository)"),
                problems(CELL.replace("1.30.3", "latest")));
    }

    @Test
    void aFieldIsOneValueNeitherBlankNorAList() {
        assertEquals(List.of("m.yaml:2: cell 'a': missing field 'istio'; e.g. istio: 1.30.3"),
                problems(CELL.replace("1.30.3", "''")), "blank is missing, on the cell's line");
        assertEquals(List.of("m.yaml:3: cell 'a': field 'istio' must be a single value, but is a list; e.g. istio:"
                + " 1.30.3"), problems(CELL.replace("1.30.3", "[1.30.3]")));
    }

    @Test
    void settingsAreAMappingOfSingleValues() {
        assertEquals(List.of("m.yaml:5: cell 'a': settings must be a mapping of mesh.* settings to values, but is the"
                + " value '8m'; e.g. settings: {mesh.timeout.istio: 8m}"), problems(CELL + "    settings: 8m\n"));
        assertEquals(List.of("m.yaml:6: cell 'a': setting mesh.timeout.istio must be a single value, but is a list",
                "m.yaml:7: cell 'a': setting mesh.timeout.attach must be a single value, but is empty"),
                problems(CELL + "    settings:\n      mesh.timeout.istio: [8m]\n      mesh.timeout.attach:\n"));
    }

    @Test
    void pathsInSettingsAreRelativeToTheProjectRoot(@TempDir Path project) throws IOException {
        Files.createDirectories(project.resolve("images"));
        Files.createDirectories(project.resolve("charts"));
        for (String chart : List.of("base", "istiod", "gateway")) {
            Files.writeString(project.resolve("charts/" + chart + "-1.30.3.tgz"), "");
        }
        String cell = CELL + "    topology: " + ROOT.resolve(MeshSettings.DEFAULT_TOPOLOGY) + "\n    settings:\n";
        MatrixCell local = MatrixLoader.parse(cell + "      mesh.images.preload: images\n"
                + "      mesh.istio.charts: charts\n", "m.yaml", project).cells().get(0);
        assertEquals("images", local.settings().get("mesh.images.preload"), "as written: the run starts in the root");
        assertEquals("charts", local.settings().get("mesh.istio.charts"));
        MatrixCell remote = MatrixLoader.parse(cell + "      mesh.istio.charts: https://charts.example.com/istio\n",
                "m.yaml", project).cells().get(0);
        assertEquals("https://charts.example.com/istio", remote.settings().get("mesh.istio.charts"),
                "a URL is no path");
    }

    @Test
    void aSwitchRunsUnsupportedCells() {
        Matrix matrix = MatrixLoader.parse("runUnsupported: true\n" + CELL.replace("v1.35.4", "v1.20.4"), "m.yaml",
                ROOT);
        assertTrue(matrix.runUnsupported());
        assertTrue(matrix.runs(matrix.cells().get(0), false));
    }

    /** The images a CI cache holds for a cell are the ones the run's manifests name. */
    @Test
    void theBookinfoImagesAreTheManifestsImages() throws IOException {
        Pattern image = Pattern.compile("image: \\$\\{BOOKINFO_REGISTRY}/([a-z0-9-]+):\\$\\{BOOKINFO_TAG}");
        List<String> found;
        try (Stream<Path> files = Files.list(Path.of("bookinfo"))) {
            found = files.filter(f -> f.toString().endsWith(".yaml")).flatMap(f -> {
                try {
                    Matcher m = image.matcher(Files.readString(f));
                    return m.results().map(r -> r.group(1)).toList().stream();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }).sorted().toList();
        }
        assertEquals(MatrixCell.BOOKINFO_IMAGES.stream().sorted().toList(), found);
    }
}
