package io.meshconformance.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.meshconformance.config.InvalidMatrixException;
import io.meshconformance.config.IstioSupport;
import io.meshconformance.config.Keys;
import io.meshconformance.config.Matrix;
import io.meshconformance.config.MatrixCell;
import io.meshconformance.config.MatrixLoader;
import io.meshconformance.text.Redaction;
import io.meshconformance.text.Suggest;

/**
 * {@code bin/mesh-matrix [OPTIONS] [FILE]}: the conformance suite over a version matrix (Istio x k3s image x
 * topology), one {@code mvn -B verify} per cell, one after another, then the compatibility report
 * ({@code reports/compatibility.md} and {@code .html}). The matrix is validated before anything runs. Cells outside
 * Istio's supported Kubernetes range are reported as unsupported and not run, unless asked. A failed cell does not
 * stop the others. Exit 0 when no cell that ran failed, 1 on a usage error, 2 for a bad matrix file, 3 when a cell
 * failed or did not run.
 */
public final class MeshMatrix {

    static final int OK = 0;
    static final int USAGE = 1;
    static final int BAD_MATRIX = 2;
    static final int CELL_FAILED = 3;
    /**
     * No cell failed, but one was skipped (no Docker): nothing was verified for it, so a job that runs it (CI, on a
     * machine with Docker) must not read that as a pass.
     */
    static final int CELL_SKIPPED = 4;

    /** Where each cell's results go, relative to the project root: target/matrix/NAME/. */
    static final String CELLS_DIR = "target/matrix";
    /** Where the compatibility report and the cells' Allure reports (cells/NAME/) go. */
    static final String REPORTS_DIR = "reports";
    static final String CELL_REPORTS = "cells";
    /** Skips the self-tests (surefire) in every cell: only the conformance suite (failsafe) runs. */
    static final List<String> SUITE_ONLY = List.of("-Dtest=none", "-Dsurefire.failIfNoSpecifiedTests=false");
    static final String ALLURE_RESULTS_PROPERTY = "allure.results.directory";

    private final Path root;
    private final PrintStream out;
    private final PrintStream err;
    private final MatrixHost host;
    private final Clock clock;

    MeshMatrix(Path root, PrintStream out, PrintStream err, MatrixHost host, Clock clock) {
        this.root = root;
        this.out = out;
        this.err = err;
        this.host = host;
        this.clock = clock;
    }

    public static void main(String[] args) {
        Path cwd = Path.of(System.getProperty("matrix.cwd", "")).toAbsolutePath();
        Path root = Path.of(System.getProperty("matrix.root", "")).toAbsolutePath();
        System.exit(new MeshMatrix(root, System.out, System.err, MatrixHost.in(root), Clock.systemUTC())
                .run(args, cwd));
    }

    /** Runs one invocation; {@code cwd} is where the user stands (a relative FILE is taken from there). */
    int run(String[] args, Path cwd) {
        MatrixOptions options;
        try {
            options = MatrixOptions.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("bin/mesh-matrix: " + e.getMessage() + "\n" + MatrixOptions.usage());
            return USAGE;
        }
        if (options == null) {
            out.println(MatrixOptions.usage());
            return OK;
        }
        Path file;
        String shown;
        try {
            file = options.file().map(f -> cwd.resolve(f)).orElse(root.resolve(MatrixLoader.DEFAULT_FILE)).normalize();
            shown = options.file().orElse(MatrixLoader.DEFAULT_FILE);
        } catch (InvalidPathException e) {
            err.println("Matrix " + options.file().orElse("") + " is not a usable path (" + e.getReason() + "); pass a"
                    + " matrix YAML file, e.g. " + MatrixLoader.DEFAULT_FILE);
            return BAD_MATRIX;
        }
        Matrix matrix;
        try {
            matrix = MatrixLoader.load(file, shown, root);
        } catch (InvalidMatrixException e) {
            err.println(e.getMessage());
            return BAD_MATRIX;
        }
        List<MatrixCell> selected = matrix.cells();
        if (options.cell().isPresent()) {
            String name = options.cell().get();
            Optional<MatrixCell> cell = matrix.cell(name);
            if (cell.isEmpty()) {
                err.println("bin/mesh-matrix: --cell " + name + ": " + shown + " has no cell of that name"
                        + Suggest.didYouMean(name, matrix.names(), 3)
                        + "; its cells are " + String.join(", ", matrix.names()));
                return USAGE;
            }
            selected = List.of(cell.get());
        }
        if (options.listJson()) {
            out.println(GithubMatrix.json(matrix, selected, options.includeUnsupported()));
            return OK;
        }
        try {
            if (options.reportOnly()) {
                return report(matrix, selected, options, Map.of());
            }
            return runCells(matrix, selected, options);
        } catch (IOException e) {
            err.println("bin/mesh-matrix: " + e.getClass().getSimpleName() + ": " + e.getMessage() + "; check that the"
                    + " project directory " + root + " is writable");
            return CELL_FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("bin/mesh-matrix: interrupted; the report was not written");
            return CELL_FAILED;
        }
    }

    private int runCells(Matrix matrix, List<MatrixCell> selected, MatrixOptions options)
            throws IOException, InterruptedException {
        long toRun = selected.stream().filter(c -> matrix.runs(c, options.includeUnsupported())).count();
        out.println("Matrix " + matrix.source() + ": " + matrix.cells().size() + " cells, " + toRun + " to run"
                + (selected.size() < matrix.cells().size() ? " (--cell " + selected.get(0).name() + ")" : "")
                + "; expected support from Istio's table as of " + IstioSupport.AS_OF);
        Map<String, CellResult> ran = new LinkedHashMap<>();
        int index = 0;
        for (MatrixCell cell : selected) {
            index++;
            out.println("[" + index + "/" + selected.size() + "] " + cell.name() + ": Istio " + cell.istio() + " on "
                    + cell.k3s().reference() + " (Kubernetes " + cell.k3s().kubernetesVersion() + ", "
                    + cell.expected().status().text() + "), topology " + cell.topology());
            if (!matrix.runs(cell, options.includeUnsupported())) {
                CellFiles.deleteAll(cellDir(cell));
                out.println("      unsupported, not run: " + cell.expected().why() + " (--include-unsupported or"
                        + " runUnsupported: true runs it anyway)");
                ran.put(cell.name(), CellResult.unsupported(cell));
                continue;
            }
            if (cell.expected().status() == IstioSupport.Status.UNKNOWN) {
                out.println("      note: " + cell.expected().why());
            }
            ran.put(cell.name(), runCell(cell, options));
        }
        return report(matrix, selected, options, ran);
    }

    private CellResult runCell(MatrixCell cell, MatrixOptions options) throws IOException, InterruptedException {
        Path dir = cellDir(cell);
        CellFiles.deleteAll(dir);
        Files.createDirectories(dir);
        Path failsafe = root.resolve("target/failsafe-reports");
        CellFiles.deleteFailsafeReports(failsafe);
        List<String> arguments = mavenArguments(cell, options.mavenArgs());
        Path log = dir.resolve(CellResult.LOG);
        out.println("      mvn " + String.join(" ", redacted(arguments)));
        out.println("      Maven's output: " + root.relativize(log));
        Instant started = clock.instant();
        int exit = host.maven(arguments, log, options.showMaven() ? Optional.of(out) : Optional.empty());
        Duration took = Duration.between(started, clock.instant());
        CellFiles.copyFailsafeReports(failsafe, dir.resolve(CellResult.FAILSAFE_REPORTS));
        Optional<List<String>> left = host.leftContainers();
        CellFiles.writeRun(cell, redacted(arguments), exit, started, took, left, dir.resolve(CellResult.RUN_FILE));
        CellResult result = CellResult.read(dir, shown(dir), cell, true);
        out.println("      " + result.outcome().text() + " in " + CompatibilityReport.seconds(took.toMillis() / 1000.0)
                + CompatibilityReport.failedStage(result).map(s -> " at " + s).orElse("")
                + (result.reason().isEmpty() ? "" : ": " + result.shortReason()));
        if (left.isEmpty()) {
            out.println("      Docker does not answer: no clusters to check for");
        } else if (left.get().isEmpty()) {
            out.println("      no containers labelled io.meshconformance/run are left (docker ps)");
        } else {
            out.println("      containers labelled io.meshconformance/run are left (" + String.join(", ", left.get())
                    + "): with mesh.keepOnFailure or mesh.reuse they are kept on purpose (bin/mesh-down lists and"
                    + " removes kept meshes); otherwise remove them with docker rm -f $(docker ps -aq --filter"
                    + " label=io.meshconformance/run)");
        }
        if (result.outcome() == CellResult.Outcome.FAILED && result.failedStage().isEmpty() && !options.showMaven()) {
            // failed before the suite could say where: Maven's own last words
            tail(log, 15);
        }
        return result;
    }

    /** Maven's arguments for one cell: verify, the suite only, the cell's settings, its own results directories. */
    List<String> mavenArguments(MatrixCell cell, List<String> extra) {
        List<String> arguments = new ArrayList<>();
        arguments.add("-B");
        arguments.addAll(extra);
        arguments.add("verify");
        arguments.addAll(SUITE_ONLY);
        cell.properties().forEach((key, value) -> arguments.add("-D" + key + "=" + value));
        String dir = CELLS_DIR + "/" + cell.name() + "/";
        arguments.add("-D" + Keys.RESULTS + "=" + dir + CellResult.MESH_RESULTS);
        arguments.add("-D" + ALLURE_RESULTS_PROPERTY + "=" + dir + CellResult.ALLURE_RESULTS);
        return arguments;
    }

    /** The arguments as they may be shown: a URL's credentials (a mirror's) cut out. */
    static List<String> redacted(List<String> arguments) {
        return arguments.stream().map(Redaction::uriText).toList();
    }

    /**
     * Renders the cells' Allure reports (when bin/mesh-report exists), writes the compatibility report over every cell
     * of the matrix, and returns the exit status of the {@code considered} cells.
     */
    private int report(Matrix matrix, List<MatrixCell> considered, MatrixOptions options, Map<String, CellResult> ran)
            throws IOException, InterruptedException {
        List<CompatibilityReport.Row> rows = new ArrayList<>();
        boolean renders = host.canRenderReports();
        for (MatrixCell cell : matrix.cells()) {
            Path dir = cellDir(cell);
            CellResult result = ran.containsKey(cell.name()) ? ran.get(cell.name())
                    : CellResult.read(dir, shown(dir), cell, matrix.runs(cell, options.includeUnsupported()));
            Optional<String> link = Optional.empty();
            boolean hasRun = result.outcome() != CellResult.Outcome.UNSUPPORTED
                    && result.outcome() != CellResult.Outcome.DID_NOT_RUN;
            Path allure = dir.resolve(CellResult.ALLURE_RESULTS);
            Path reportDir = root.resolve(REPORTS_DIR).resolve(CELL_REPORTS).resolve(cell.name());
            if (hasRun && renders && Files.isDirectory(allure)) {
                int exit = host.renderReport(allure, reportDir, dir.resolve("mesh-report.log"));
                if (exit != 0) {
                    out.println("      " + cell.name() + ": bin/mesh-report failed (exit " + exit + "); see "
                            + root.relativize(dir.resolve("mesh-report.log")));
                }
            }
            if (hasRun && Files.isRegularFile(reportDir.resolve("index.html"))) {
                link = Optional.of(CELL_REPORTS + "/" + cell.name() + "/index.html");
            }
            rows.add(new CompatibilityReport.Row(cell, result, link));
        }
        if (!renders) {
            out.println("Allure reports of the cells: not rendered (no bin/mesh-report in " + root + ")");
        }
        CompatibilityReport report = new CompatibilityReport(matrix.source(), rows, clock.instant());
        List<Path> written = report.write(root.resolve(REPORTS_DIR));
        out.println("Report: " + String.join(", ", written.stream().map(p -> root.relativize(p).toString()).toList()));
        out.println(report.summary());
        List<String> names = considered.stream().map(MatrixCell::name).toList();
        List<CellResult.Outcome> outcomes = rows.stream().filter(r -> names.contains(r.cell().name()))
                .map(r -> r.result().outcome()).toList();
        if (outcomes.stream().anyMatch(o -> o == CellResult.Outcome.FAILED || o == CellResult.Outcome.DID_NOT_RUN)) {
            return CELL_FAILED;
        }
        return outcomes.contains(CellResult.Outcome.SKIPPED) ? CELL_SKIPPED : OK;
    }

    /** A path in the project as messages show it: relative to the root. */
    private String shown(Path path) {
        return root.relativize(path).toString();
    }

    private Path cellDir(MatrixCell cell) {
        return root.resolve(CELLS_DIR).resolve(cell.name());
    }

    private void tail(Path log, int count) throws IOException {
        if (!Files.isRegularFile(log)) {
            return;
        }
        List<String> lines = new String(Files.readAllBytes(log), StandardCharsets.UTF_8).lines().toList();
        out.println("      last lines of " + root.relativize(log) + ":");
        lines.subList(Math.max(0, lines.size() - count), lines.size())
                .forEach(l -> out.println("        " + Redaction.text(l)));
    }
}
