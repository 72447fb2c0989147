package io.meshconformance.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * What bin/mesh-matrix does outside its own process: run Maven for a cell, ask Docker what a run left behind, render a
 * cell's Allure report with bin/mesh-report. Tests give a stand-in.
 */
interface MatrixHost {

    /** Runs Maven with {@code arguments} in the project root, its output to {@code log} (and {@code echo}); its exit. */
    int maven(List<String> arguments, Path log, Optional<PrintStream> echo) throws IOException, InterruptedException;

    /**
     * The containers labelled {@code io.meshconformance/run} that exist, as Docker lists them; empty when Docker does
     * not answer (so nothing can be checked).
     */
    Optional<List<String>> leftContainers() throws InterruptedException;

    /** Whether bin/mesh-report exists, so that cells' Allure reports can be rendered. */
    boolean canRenderReports();

    /** Renders the Allure report of {@code results} into {@code report} (bin/mesh-report); its exit status. */
    int renderReport(Path results, Path report, Path log) throws IOException, InterruptedException;

    /** The real one: processes started in {@code root}. */
    static MatrixHost in(Path root) {
        return new MatrixHost() {
            @Override
            public int maven(List<String> arguments, Path log, Optional<PrintStream> echo)
                    throws IOException, InterruptedException {
                List<String> command = new ArrayList<>();
                command.add("mvn");
                command.addAll(arguments);
                return run(command, log, echo);
            }

            @Override
            public Optional<List<String>> leftContainers() throws InterruptedException {
                try {
                    Process docker = new ProcessBuilder("docker", "ps", "-a", "--filter",
                            "label=io.meshconformance/run", "--format", "{{.ID}} {{.Names}}")
                            .redirectError(ProcessBuilder.Redirect.DISCARD).start();
                    byte[] out = docker.getInputStream().readAllBytes();
                    if (!docker.waitFor(20, TimeUnit.SECONDS)) {
                        docker.destroyForcibly();
                        return Optional.empty();
                    }
                    if (docker.exitValue() != 0) {
                        return Optional.empty();
                    }
                    return Optional.of(new String(out, StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank())
                            .toList());
                } catch (IOException e) {
                    return Optional.empty(); // no docker command
                }
            }

            @Override
            public boolean canRenderReports() {
                return Files.isExecutable(root.resolve("bin/mesh-report"));
            }

            @Override
            public int renderReport(Path results, Path report, Path log) throws IOException, InterruptedException {
                return run(List.of(root.resolve("bin/mesh-report").toString(), results.toString(), report.toString()),
                        log, Optional.empty());
            }

            private int run(List<String> command, Path log, Optional<PrintStream> echo)
                    throws IOException, InterruptedException {
                Files.createDirectories(log.getParent());
                Process process = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true)
                        .redirectInput(ProcessBuilder.Redirect.INHERIT).start();
                try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                        StandardCharsets.UTF_8)); Writer out = Files.newBufferedWriter(log)) {
                    for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                        out.write(line);
                        out.write('\n');
                        String shown = line;
                        echo.ifPresent(e -> e.println(shown));
                    }
                } finally {
                    if (process.isAlive() && !process.waitFor(10, TimeUnit.SECONDS)) {
                        process.destroy();
                    }
                }
                return process.waitFor();
            }
        };
    }
}
