package io.meshconformance.cli;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import io.meshconformance.config.MatrixCell;
import tools.jackson.databind.json.JsonMapper;

/** The files of one cell's run under target/matrix/NAME/: cleared before it, written and copied after it. */
final class CellFiles {

    private CellFiles() {
    }

    /** {@code cell.json}: what ran (the command as shown, credentials cut), how it ended, what Docker had left. */
    static void writeRun(MatrixCell cell, List<String> shownArguments, int exit, Instant started, Duration took,
                          Optional<List<String>> left, Path file) throws IOException {
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("cell", cell.name());
        run.put("istio", cell.istio().toString());
        run.put("k3s", cell.k3s().reference());
        run.put("kubernetes", cell.k3s().kubernetesVersion());
        run.put("topology", cell.topology());
        run.put("expected", cell.expected().status().text());
        run.put("command", Stream.concat(Stream.of("mvn"), shownArguments.stream()).toList());
        run.put("exitCode", exit);
        run.put("started", started.toString());
        run.put("seconds", took.toMillis() / 1000.0);
        run.put("leftContainers", left.isEmpty() ? "Docker did not answer" : left.get());
        Files.writeString(file, JsonMapper.builder().build().writerWithDefaultPrettyPrinter().writeValueAsString(run));
    }

    /** Removes what an earlier run of {@code cell} left in its directory, so the report shows this run only. */
    static void deleteAll(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** The failsafe reports of an earlier Maven run, so a cell never reads another's. */
    static void deleteFailsafeReports(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "{TEST-*.xml,failsafe-summary.xml}")) {
            for (Path f : files) {
                Files.delete(f);
            }
        }
    }

    static void copyFailsafeReports(Path from, Path to) throws IOException {
        if (!Files.isDirectory(from)) {
            return;
        }
        Files.createDirectories(to);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(from, "TEST-*.xml")) {
            for (Path f : files) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
    }
}
