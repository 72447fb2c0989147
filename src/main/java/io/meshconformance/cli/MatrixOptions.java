package io.meshconformance.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.meshconformance.config.MatrixLoader;
import io.meshconformance.text.Suggest;

/**
 * The options of one {@code bin/mesh-matrix} invocation, parsed from its arguments; a bad argument is an
 * IllegalArgumentException naming it and what to give instead.
 */
record MatrixOptions(Optional<String> file, Optional<String> cell, boolean includeUnsupported, boolean listJson,
                     boolean reportOnly, boolean showMaven, List<String> mavenArgs) {

    /** The options, or null when help was asked for. */
    static MatrixOptions parse(String[] args) {
        Optional<String> file = Optional.empty();
        Optional<String> cell = Optional.empty();
        boolean include = false;
        boolean listJson = false;
        boolean reportOnly = false;
        boolean show = false;
        List<String> mavenArgs = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "-h", "--help" -> {
                    return null;
                }
                case "--cell" -> {
                    if (i + 1 >= args.length || args[i + 1].startsWith("-")) {
                        throw new IllegalArgumentException("--cell needs a cell's name, e.g. --cell"
                                + " istio-1.30-k8s-1.35");
                    }
                    if (cell.isPresent()) {
                        throw new IllegalArgumentException("--cell is given twice; run one cell, or all of them");
                    }
                    cell = Optional.of(args[++i]);
                }
                case "--maven-arg" -> {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException("--maven-arg needs a value, e.g. --maven-arg -o");
                    }
                    mavenArgs.add(args[++i]);
                }
                case "--include-unsupported" -> include = true;
                case "--list-json" -> listJson = true;
                case "--report-only" -> reportOnly = true;
                case "--show-maven" -> show = true;
                default -> {
                    if (arg.startsWith("-")) {
                        throw new IllegalArgumentException("unknown option '" + arg + "'"
                                + Suggest.closest(arg, List.of("--cell", "--include-unsupported", "--list-json",
                                "--report-only", "--maven-arg", "--show-maven", "--help"), 3)
                                .map(o -> " (did you mean " + o + "?)").orElse(""));
                    }
                    if (file.isPresent()) {
                        throw new IllegalArgumentException("one matrix file at a time, got '" + file.get() + "' and '"
                                + arg + "'");
                    }
                    file = Optional.of(arg);
                }
            }
        }
        if (listJson && reportOnly) {
            throw new IllegalArgumentException("--list-json and --report-only do different things; give one of them");
        }
        return new MatrixOptions(file, cell, include, listJson, reportOnly, show, mavenArgs);
    }

    static String usage() {
        return "usage: bin/mesh-matrix [OPTIONS] [FILE]\n"
                + "  FILE                   the version matrix (default " + MatrixLoader.DEFAULT_FILE + ")\n"
                + "  --cell NAME            run only this cell (CI runs one cell per job)\n"
                + "  --include-unsupported  also run cells outside Istio's supported Kubernetes range\n"
                + "  --list-json            print the cells to run as a GitHub Actions matrix (JSON); run nothing\n"
                + "  --report-only          rebuild the report from the cells' results in " + MeshMatrix.CELLS_DIR + "/; run"
                + " nothing\n"
                + "  --maven-arg ARG        pass ARG to every cell's Maven, e.g. --maven-arg -o (repeatable)\n"
                + "  --show-maven           print Maven's output as it runs (it always goes to the cell's maven.log)\n"
                + "Each cell's results go to " + MeshMatrix.CELLS_DIR + "/<cell>/; the report to " + MeshMatrix.REPORTS_DIR + "/"
                + CompatibilityReport.MARKDOWN + " and " + MeshMatrix.REPORTS_DIR + "/" + CompatibilityReport.HTML + ".\n"
                + "exit status: 0 every cell that was to run passed, 1 usage error, 2 bad matrix file, 3 a cell failed"
                + " or did not run, 4 none failed but a cell was skipped (no Docker: nothing verified)";
    }
}
