package io.meshconformance.cluster;

/**
 * An undo run when the JVM stops before the run closes its clusters (Ctrl-C, a CI job cancelled, a fork timed out):
 * what nothing else removes then. The run's objects in the user's clusters, which no Ryuk watches; k3s containers
 * that may outlive the JVM (kept for reuse or on failure), which carry no Testcontainers session label, so neither
 * Ryuk nor Testcontainers' own shutdown hook removes them. Cancelled when the run closes its clusters itself.
 */
final class JvmStopHook {

    private final Thread thread;

    JvmStopHook(String name, Runnable undo) {
        this.thread = new Thread(undo, name);
        Runtime.getRuntime().addShutdownHook(thread);
    }

    /** Cancels the undo; false when the JVM is already stopping, and the hook does it. */
    boolean cancel() {
        try {
            Runtime.getRuntime().removeShutdownHook(thread);
            return true;
        } catch (IllegalStateException e) {
            return false;
        }
    }
}
