package io.meshconformance.lifecycle;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import io.meshconformance.text.Redaction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Undo actions, run last-registered first. Every step that creates something registers its undo here at once
 * (before it can fail halfway), so a failure at any point still removes everything created so far. Closing runs
 * every undo even when some fail; the failures are reported together.
 */
public final class CleanupStack implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CleanupStack.class);

    /** An undo action that may throw. */
    @FunctionalInterface
    public interface Undo {
        void run() throws Exception;
    }

    private record Entry(String description, Undo undo) {
    }

    private final Deque<Entry> entries = new ArrayDeque<>();
    private boolean closed;

    /** Registers {@code undo}; {@code description} says what it removes, for the log ("remove container x"). */
    public synchronized void push(String description, Undo undo) {
        if (closed) {
            throw new IllegalStateException("cleanup already ran; cannot register '" + description + "'");
        }
        entries.push(new Entry(description, undo));
    }

    public synchronized int size() {
        return entries.size();
    }

    /** What closing would undo, newest first (for a run that keeps its objects on failure). */
    public synchronized List<String> descriptions() {
        return entries.stream().map(Entry::description).toList();
    }

    /** Runs every undo, newest first. Throws one exception carrying every failure as suppressed. */
    @Override
    public void close() {
        List<Entry> toRun;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            toRun = new ArrayList<>(entries);
            entries.clear();
        }
        List<Exception> failures = new ArrayList<>();
        for (Entry entry : toRun) {
            try {
                LOG.info("Cleanup: {}", entry.description());
                entry.undo().run();
            } catch (Exception | LinkageError | AssertionError | StackOverflowError | OutOfMemoryError e) {
                // Every undo runs, whatever an earlier one threw. The client's words may hold a server URL with
                // credentials in it: shown redacted, like all output.
                String why = Redaction.text(e.toString());
                LOG.warn("Cleanup failed: {}: {}", entry.description(), why);
                failures.add(new IllegalStateException("cleanup step '" + entry.description() + "' failed: " + why,
                        Redaction.throwable(e)));
            }
        }
        if (!failures.isEmpty()) {
            IllegalStateException all = new IllegalStateException(failures.size() + " cleanup step"
                    + (failures.size() == 1 ? "" : "s") + " failed; check for leftovers ('docker ps -a' and"
                    + " 'docker network ls' for k3s clusters, 'kubectl get namespaces -l " + RunId.LABEL + "' in"
                    + " existing clusters) (first: " + failures.get(0).getMessage() + ")");
            failures.forEach(all::addSuppressed);
            throw all;
        }
    }
}
