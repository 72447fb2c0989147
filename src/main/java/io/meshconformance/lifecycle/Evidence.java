package io.meshconformance.lifecycle;

import io.meshconformance.text.Causes;
import io.meshconformance.text.Redaction;

/** One piece of diagnostic evidence: a title naming cluster and source, and its text, redacted and capped. */
public record Evidence(String title, String text) {

    /** Per attachment; enough for a pod list or the tail of a log, small enough for a report. */
    public static final int MAX_CHARS = 16_384;

    /** A reader of one piece of evidence, which may fail. */
    @FunctionalInterface
    public interface Reader {
        String read() throws Exception;
    }

    /**
     * Cut to {@link #MAX_CHARS} first, then redacted: a huge or hostile input costs no more than one attachment's
     * worth of redaction, and the cut leaves no recognisable piece of a token behind ({@link Redaction#capped}).
     */
    public static Evidence of(String title, String text) {
        return new Evidence(title, Redaction.capped(text == null ? "" : text, MAX_CHARS));
    }

    /**
     * The piece {@code reader} reads, or, when it cannot be read, why: one unreadable piece never loses the rest. Any
     * failure of the reader is the piece's, an error too (a class missing, an assertion, a stack or heap that one
     * huge piece exhausted); only the errors of a broken JVM ({@link VirtualMachineError}s other than those two) are
     * left to go on.
     */
    public static Evidence read(String title, Reader reader) {
        try {
            return of(title, reader.read());
        } catch (Exception | LinkageError | AssertionError | StackOverflowError | OutOfMemoryError e) {
            return of(title, "could not be read: " + why(e));
        }
    }

    /** The failure in words ({@link Causes#describe}: its class when it has no message), or its class name alone. */
    private static String why(Throwable failure) {
        try {
            return Causes.describe(failure);
        } catch (RuntimeException | StackOverflowError e) {
            // Its message could not be read.
            return failure.getClass().getName();
        }
    }
}
