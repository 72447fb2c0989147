package io.meshconformance.text;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/** A failure in words for a person: the client's first line, and the innermost cause when that line says little. */
public final class Causes {

    private Causes() {
    }

    /**
     * The first line of {@code e}'s message, completed by the innermost cause's when it is not already in it: the
     * fabric8 client often says only "An error has occurred." for a refused connection, a timeout or a missing file.
     */
    public static String describe(Throwable e) {
        // A chain that loops (a cause set to the failure it caused) ends at the last cause not seen before.
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Throwable root = e;
        while (seen.add(root) && root.getCause() != null && !seen.contains(root.getCause())) {
            root = root.getCause();
        }
        String top = firstLine(e);
        if (root == e || root.getMessage() == null || top.contains(firstLine(root))) {
            return top;
        }
        return top + " (" + root.getClass().getSimpleName() + ": " + firstLine(root) + ")";
    }

    /** The first line of the exception's message, or its class's simple name when it has none. */
    public static String firstLine(Throwable e) {
        return firstLine(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    }

    /** The text up to its first line break (any of \n, \r\n, \r). */
    public static String firstLine(String message) {
        return message.lines().findFirst().orElse("");
    }
}
