package io.meshconformance.text;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;

/**
 * Removes secrets from what the harness prints or attaches: tokens, keys, certificates, passwords, and the
 * credentials in URLs, kubeconfigs and Secrets. Applied to every diagnostic before it is attached. No entry point
 * throws. Those that redact ({@link #text}, {@link #uriText}, {@link #uri}, {@link #throwable}, {@link #capped})
 * never hand back unredacted text: when redaction itself fails, they say so instead.
 * {@link #cap} and {@link #capTail} only cut; what they return goes through one of the others.
 */
public final class Redaction {

    public static final String REDACTED = "<redacted>";

    /** Causes nest a few levels; a longer chain is a loop or a bug, and the first links say what happened. */
    private static final int MAX_CAUSES = 32;

    private Redaction() {
    }

    /**
     * Any text (logs, YAML, JSON, exception messages) with its secrets replaced by {@value #REDACTED}. Documents
     * in it (YAML, JSON, kubeconfigs, Secrets) are redacted by their structure, the rest by the shape of what
     * surrounds a secret and of the secret itself. Time and memory grow linearly with the text: each step reads each
     * character a bounded number of times ({@code Redactor}), a large bound for documents inside strings
     * ({@code DocumentRules.MAX_DEPTH} levels of them).
     */
    public static String text(String text) {
        return guarded(text, t -> Redactor.redact(t, 0));
    }

    /**
     * {@code redactor} applied to {@code text}, or, if it fails in any way the input could cause (a bug, a stack or
     * heap exhausted), a placeholder that says so: never the text.
     */
    static String guarded(String text, UnaryOperator<String> redactor) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        try {
            return redactor.apply(text);
        } catch (RuntimeException | VirtualMachineError | LinkageError e) {
            return failed(e, text.length());
        }
    }

    /**
     * The first {@code max} characters of {@code text}, redacted: cut first, so that a huge input costs no more than
     * {@code max} characters of redaction, at a place that leaves no recognisable piece of a token ({@link #cap});
     * then redacted, and cut again if redaction made it longer (a Secret's value shown decoded). The cut runs inside
     * the guard too.
     */
    public static String capped(String text, int max) {
        return capped(text, max, Cuts::head);
    }

    /** {@link #capped} with the cut given; the cut runs inside the guard, as the redaction does. */
    static String capped(String text, int max, BiFunction<String, Integer, String> cut) {
        return guarded(text, t -> {
            String redacted = redact(cut.apply(t, max));
            return redacted.length() <= max + 64 ? redacted : redact(cut.apply(redacted, max));
        });
    }

    private static String redact(String text) {
        return text.isEmpty() ? text : Redactor.redact(text, 0);
    }

    /**
     * A copy of {@code failure} fit for reports: the same class name, messages redacted along the cause chain,
     * the same stack traces.
     */
    public static RuntimeException throwable(Throwable failure) {
        if (failure == null) {
            return null;
        }
        try {
            List<Throwable> chain = new ArrayList<>();
            Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
            for (Throwable t = failure; t != null && chain.size() < MAX_CAUSES && seen.add(t); t = t.getCause()) {
                chain.add(t);
            }
            RedactedException copy = null;
            for (int i = chain.size() - 1; i >= 0; i--) {
                Throwable t = chain.get(i);
                copy = new RedactedException(t.getClass().getName() + ": " + text(message(t)), copy);
                copy.setStackTrace(t.getStackTrace());
            }
            return copy;
        } catch (RuntimeException | VirtualMachineError | LinkageError e) {
            return new RedactedException(failure.getClass().getName().concat(": ").concat(failed(e, -1)), null);
        }
    }

    private static String message(Throwable t) {
        try {
            return String.valueOf(t.getMessage());
        } catch (RuntimeException e) {
            return "(its message could not be read: " + e.getClass().getSimpleName() + ")";
        }
    }

    /** A failure whose message was redacted; its own message starts with the original class name. */
    public static final class RedactedException extends RuntimeException {
        RedactedException(String message, Throwable cause) {
            super(message, cause);
        }

        @Override
        public String toString() {
            return getMessage();
        }
    }

    /** A URL without the values of its user-info, query and fragment (where credentials and tokens hide). */
    public static String uri(URI uri) {
        return uri == null ? null : uriText(uri.toString());
    }

    /**
     * Like {@link #uri(URI)} for text that may be a URL, hold URLs, or be none: each {@code scheme://} in it loses
     * its user-info, however long, and its query and fragment values, whether or not {@link URI} could parse it; a
     * {@code user:password@host} written without a scheme loses its password.
     */
    public static String uriText(String text) {
        return guarded(text, t -> UrlRedaction.apply(t, true));
    }

    /**
     * At most {@code max} characters, and a note of how much was left out. The cut goes to a line break when one is
     * near; else a token it splits goes when 8 characters or more of it would stay, and at most 7 stay otherwise: no
     * piece long enough to be recognised ({@code Cuts}).
     */
    public static String cap(String text, int max) {
        return guarded(text, t -> Cuts.head(t, max));
    }

    /** The last {@code max} characters of {@code text}, cut as {@link #cap} (the end of a log explains a failure). */
    public static String capTail(String text, int max) {
        return guarded(text, t -> Cuts.tail(t, max));
    }

    /**
     * What stands in for a text that could not be redacted: never the text, only that it failed, why, and the text's
     * length; for the messages of a failure ({@link #throwable}), whose reading may be what failed, the failure's
     * class and that its message was withheld, without a length. Built with a StringBuilder: string concatenation
     * links its call site on first use, which may itself fail when the stack is what ran out.
     */
    private static String failed(Throwable e, int length) {
        StringBuilder out = new StringBuilder("<redaction failed (").append(e.getClass().getSimpleName()).append(')');
        return (length >= 0 ? out.append("; ").append(length).append(" characters withheld>")
                : out.append("; message withheld>")).toString();
    }
}
