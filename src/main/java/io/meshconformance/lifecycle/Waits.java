package io.meshconformance.lifecycle;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Bounded, named waits. The condition reports what it sees while not satisfied; on timeout the error says what
 * was waited for, for how long, and what was seen last, so a reader knows where to look.
 */
public final class Waits {

    private Waits() {
    }

    /** Thrown when a wait runs out; it may name the layer that what was seen last points at. */
    public static class WaitTimeoutException extends RuntimeException implements LayeredFailure {
        private final String lastSeen;
        private final Layer layer;

        public WaitTimeoutException(String message, String lastSeen) {
            this(message, lastSeen, null);
        }

        private WaitTimeoutException(String message, String lastSeen, Layer layer) {
            super(message);
            this.lastSeen = lastSeen;
            this.layer = layer;
        }

        public String lastSeen() {
            return lastSeen;
        }

        /** The same timeout, pointing at {@code broken}: what was seen last shows that layer broken. */
        public WaitTimeoutException pointingAt(Layer broken) {
            WaitTimeoutException copy = new WaitTimeoutException(getMessage(), lastSeen, broken);
            copy.setStackTrace(getStackTrace());
            return copy;
        }

        /** The same timeout, its message ending with {@code more}: what else was found to explain it. */
        public WaitTimeoutException adding(String more) {
            WaitTimeoutException copy = new WaitTimeoutException(getMessage() + "; " + more, lastSeen, layer);
            copy.setStackTrace(getStackTrace());
            return copy;
        }

        @Override
        public Optional<Layer> brokenLayer() {
            return Optional.ofNullable(layer);
        }
    }

    /**
     * Thrown by a check that sees what no amount of waiting will change (a range a cluster has already assigned):
     * the wait ends at once, throwing {@link #failure()} instead of timing out.
     */
    public static final class Settled extends RuntimeException {
        private final RuntimeException failure;

        public Settled(RuntimeException failure) {
            super(failure.getMessage(), failure);
            this.failure = failure;
        }

        public RuntimeException failure() {
            return failure;
        }
    }

    /**
     * Polls {@code check} until it returns empty (satisfied), or until it throws {@link Settled}.
     *
     * @param description what is waited for, in words ("cluster 'primary': node Ready")
     * @param check       empty when satisfied, otherwise what it sees now ("node NotReady: KubeletNotReady");
     *                    an exception counts as "not yet" and its message as what was seen
     */
    public static void until(String description, Duration timeout, Duration poll, Supplier<Optional<String>> check) {
        AtomicReference<String> lastSeen = new AtomicReference<>("nothing yet (no check completed)");
        try {
            Awaitility.await(description)
                    .atMost(timeout)
                    .pollDelay(Duration.ZERO)
                    .pollInterval(poll)
                    .until(() -> {
                        try {
                            Optional<String> problem = check.get();
                            problem.ifPresent(lastSeen::set);
                            return problem.isEmpty();
                        } catch (Settled e) {
                            throw e;
                        } catch (RuntimeException e) {
                            lastSeen.set(e.getClass().getSimpleName() + ": " + e.getMessage());
                            return false;
                        }
                    });
        } catch (Settled e) {
            throw e.failure();
        } catch (ConditionTimeoutException e) {
            throw new WaitTimeoutException("Timed out after " + format(timeout) + " waiting for " + description
                    + "; last seen: " + lastSeen.get(), lastSeen.get());
        }
    }

    private static String format(Duration d) {
        return d.toSeconds() >= 60 && d.toSecondsPart() == 0 ? d.toMinutes() + " min" : d.toMillis() / 1000.0 + " s";
    }
}
