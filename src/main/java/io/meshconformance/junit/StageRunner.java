package io.meshconformance.junit;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.meshconformance.diagnostics.Diagnostics;
import io.meshconformance.diagnostics.FailureClassifier;
import io.meshconformance.doctor.PreflightFailedException;
import io.meshconformance.lifecycle.Evidence;
import io.meshconformance.lifecycle.Layer;
import io.meshconformance.text.Redaction;
import io.qameta.allure.Allure;
import org.opentest4j.TestAbortedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the stages of one run in order: each an Allure step, timed and recorded; after a failure the later ones are
 * "not reached". A failure names the broken layer and attaches the evidence the registered collectors give.
 */
public final class StageRunner {

    private static final Logger LOG = LoggerFactory.getLogger(StageRunner.class);

    /** Code of one stage that makes something the later stages use. */
    @FunctionalInterface
    public interface StageCall<T> {
        T call() throws Throwable;
    }

    /** Code of one stage that only checks or changes. */
    @FunctionalInterface
    public interface StageBody {
        void run() throws Throwable;
    }

    private final StageRecorder recorder = new StageRecorder();
    private final Diagnostics diagnostics;
    private String firstFailure;
    private boolean timelineWanted;

    public StageRunner(Diagnostics diagnostics) {
        this.diagnostics = diagnostics;
    }

    /**
     * Runs a stage and returns what it made: skipped as "not reached" after an earlier failure; otherwise an Allure
     * step whose duration is recorded; a failure attaches evidence and is rethrown naming the broken layer.
     */
    public <T> T run(String name, Layer layer, StageCall<T> body) {
        if (firstFailure != null) {
            recorder.record(name, layer.label(), "not reached", Instant.now(), Duration.ZERO, null);
            throw new TestAbortedException("not reached: stage '" + firstFailure + "' failed before '" + name + "'");
        }
        Instant started = Instant.now();
        long begin = System.nanoTime();
        LOG.info("Stage: {}", name);
        Throwable[] original = {null};
        try {
            // Allure records a failed step's message and trace: it gets a redacted copy, never the original.
            T made = Allure.step(name, () -> {
                try {
                    return body.call();
                } catch (Throwable t) {
                    original[0] = t;
                    throw Redaction.throwable(t);
                }
            });
            Duration took = Duration.ofNanos(System.nanoTime() - begin);
            recorder.record(name, layer.label(), "passed", started, took, null);
            LOG.info("Stage passed in {} s: {}", String.format("%.1f", took.toMillis() / 1000.0), name);
            if (timelineWanted) {
                timelineWanted = false;
                Allure.addAttachment("timeline (stages and propagation marks)", "image/svg+xml", timeline(), ".svg");
            }
            return made;
        } catch (Throwable failure) {
            Throwable cause = original[0] != null ? original[0] : failure;
            Layer broken = FailureClassifier.layer(layer, cause);
            String headline = FailureClassifier.headline(name, broken, cause);
            firstFailure = name;
            recorder.record(name, broken.label(), "failed", started, Duration.ofNanos(System.nanoTime() - begin),
                    headline);
            LOG.error("{}", headline);
            if (cause instanceof PreflightFailedException) {
                // The doctor's table is the evidence, and the run changed nothing: no dump (clusters that do not
                // answer would only make every read wait for its timeout).
                LOG.info("No diagnostics dump: the preflight doctor's results are attached");
            } else {
                attachEvidence();
            }
            throw new StageFailedException(headline, broken, Redaction.throwable(cause));
        }
    }

    /** {@link #run(String, Layer, StageCall)} for a stage that makes nothing. */
    public void run(String name, Layer layer, StageBody body) {
        run(name, layer, () -> {
            body.run();
            return null;
        });
    }

    /**
     * A failure outside any stage (a test's own assertion, a mistake in a test): recorded and explained as a stage's
     * would be, with its evidence, and the stages after it are not reached.
     */
    public void failedOutside(String where, Throwable failure) {
        if (firstFailure != null) {
            return; // what followed the first failure explains nothing new
        }
        firstFailure = where;
        String headline = "Failed outside a stage, in '" + where + "': " + Redaction.text(String.valueOf(
                failure.getMessage()));
        recorder.record(where, "outside a stage", "failed", Instant.now(), Duration.ZERO, headline);
        LOG.error("{}", headline);
        attachEvidence();
    }

    public boolean failed() {
        return firstFailure != null;
    }

    /** Whether a stage of {@code layer} ran and passed. */
    public boolean passed(Layer layer) {
        return recorder.stages().stream().anyMatch(r -> r.layer().equals(layer.label())
                && r.outcome().equals("passed"));
    }

    /** The seconds of every stage recorded so far, keyed "N. name" in the order they ran. */
    public Map<String, Double> stageSeconds() {
        Map<String, Double> seconds = new LinkedHashMap<>();
        List<StageRecorder.StageResult> results = recorder.stages();
        for (int i = 0; i < results.size(); i++) {
            seconds.put((i + 1) + ". " + results.get(i).stage(), results.get(i).seconds());
        }
        return seconds;
    }

    /** The run's kind and what it reused or why it rebuilt, for {@code stages.json} ({@link StageRecorder#run}). */
    public void runFacts(Map<String, Object> facts) {
        recorder.run(facts);
    }

    /** The comparison line for {@code stages.json} ({@link StageRecorder#comparison}). */
    public void comparison(String line) {
        recorder.comparison(line);
    }

    /** Another measured figure for {@code stages.json}, e.g. one cluster's start-up time. */
    public void figure(String name, Duration value) {
        recorder.figure(name, value);
    }

    /** A propagation mark of {@code chain}, seen now ({@link StageRecorder#mark}). */
    public void mark(String chain, String what) {
        recorder.mark(chain, what, Instant.now());
    }

    /** The stage now running is the run's last: attach the timeline once it is recorded, stage included. */
    public void timelineAfterThisStage() {
        timelineWanted = true;
    }

    /** The run so far as an SVG timeline (stages and marks), for the report. */
    public String timeline() {
        return Timeline.svg(recorder.stages(), recorder.marks());
    }

    /** Writes {@code stages.json} into {@code results}. */
    public Path write(Path results) throws IOException {
        return recorder.write(results);
    }

    private void attachEvidence() {
        try {
            List<Evidence> evidence = diagnostics.collect();
            for (Evidence e : evidence) {
                Allure.addAttachment(e.title(), "text/plain", e.text());
            }
            LOG.info("Attached {} pieces of diagnostic evidence from {} collectors", evidence.size(),
                    diagnostics.size());
            Allure.addAttachment("timeline (stages and propagation marks so far)", "image/svg+xml", timeline(),
                    ".svg");
        } catch (Exception | LinkageError | AssertionError | StackOverflowError | OutOfMemoryError e) {
            // Whatever goes wrong while explaining a failure, the failure itself is still reported.
            LOG.warn("Collecting diagnostics failed: {}", Redaction.text(e.toString()));
        }
    }
}
