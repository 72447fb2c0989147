package io.meshconformance.junit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

/**
 * Every stage's outcome and duration, and the propagation marks, so every run measures itself. Written as
 * {@code stages.json} beside the results (its schema is in the README); Allure has the same times in its steps.
 * Figures only: nothing here passes or fails on time.
 */
public final class StageRecorder {

    /** One stage as it ran. */
    public record StageResult(String stage, String layer, String outcome, Instant started, double seconds,
                              String message) {
    }

    /**
     * A moment first seen while the mesh converged.
     *
     * @param chain   what converges: {@code attach} (the remote secret to sync) or {@code details} (details ready in
     *                the remote to the page showing it)
     * @param seconds since the chain's first mark
     */
    public record Mark(String chain, String mark, Instant at, double seconds) {
    }

    private final List<StageResult> results = new ArrayList<>();
    private final Map<String, Double> extra = new LinkedHashMap<>();
    private final List<Mark> marks = new ArrayList<>();
    private final Map<String, Object> run = new LinkedHashMap<>();
    private String comparison;

    public synchronized void record(String stage, String layer, String outcome, Instant started, Duration took,
                                    String message) {
        results.add(new StageResult(stage, layer, outcome, started, took.toMillis() / 1000.0, message));
    }

    /** Another measured figure, e.g. one cluster's start-up time. */
    public synchronized void figure(String name, Duration value) {
        extra.put(name, value.toMillis() / 1000.0);
    }

    /** {@code mark} of {@code chain} seen at {@code at}; only its first sighting counts. */
    public synchronized void mark(String chain, String mark, Instant at) {
        if (marks.stream().anyMatch(m -> m.chain().equals(chain) && m.mark().equals(mark))) {
            return;
        }
        Instant origin = marks.stream().filter(m -> m.chain().equals(chain)).map(Mark::at).findFirst().orElse(at);
        marks.add(new Mark(chain, mark, at, Duration.between(origin, at).toMillis() / 1000.0));
    }

    /** What kind of run this is (cold, warm, rebuilt and why), written as {@code run} into stages.json. */
    public synchronized void run(Map<String, Object> facts) {
        run.putAll(facts);
    }

    /** This run's times against the last cold run of its fingerprint, one line, written as {@code comparison}. */
    public synchronized void comparison(String line) {
        comparison = line;
    }

    public synchronized List<StageResult> stages() {
        return List.copyOf(results);
    }

    public synchronized List<Mark> marks() {
        return List.copyOf(marks);
    }

    public synchronized Path write(Path directory) throws IOException {
        Files.createDirectories(directory);
        Map<String, Object> document = new LinkedHashMap<>();
        if (!run.isEmpty()) {
            document.put("run", run);
        }
        if (comparison != null) {
            document.put("comparison", comparison);
        }
        document.put("stages", results.stream().map(r -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("stage", r.stage());
            m.put("layer", r.layer());
            m.put("outcome", r.outcome());
            m.put("started", r.started().toString());
            m.put("seconds", r.seconds());
            if (r.message() != null) {
                m.put("message", r.message());
            }
            return m;
        }).toList());
        document.put("figures", extra);
        document.put("marks", marks.stream().map(k -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("chain", k.chain());
            m.put("mark", k.mark());
            m.put("at", k.at().toString());
            m.put("seconds", k.seconds());
            return m;
        }).toList());
        Path file = directory.resolve("stages.json");
        Files.writeString(file, JsonMapper.builder().build().writerWithDefaultPrettyPrinter().writeValueAsString(document));
        return file;
    }
}
