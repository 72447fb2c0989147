package io.meshconformance.config;

import java.util.List;

import io.meshconformance.text.Listing;

/** A matrix file that cannot be used: every problem found, each as "FILE:LINE: where: what, and the fix". */
public class InvalidMatrixException extends RuntimeException {

    /** The most problems the message lists. */
    static final int MAX_SHOWN = 30;

    private final List<String> problems;

    public InvalidMatrixException(String source, List<String> problems) {
        super("Matrix " + source + " is invalid (" + problems.size() + (problems.size() == 1 ? " problem" : " problems")
                + "):\n" + Listing.bulleted(problems, MAX_SHOWN, "problems"));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
