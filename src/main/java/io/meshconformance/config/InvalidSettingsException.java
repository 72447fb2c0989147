package io.meshconformance.config;

import java.util.List;
import io.meshconformance.text.Listing;

/**
 * One or more settings have values the harness cannot use; every one is kept, the first
 * {@value #MAX_SHOWN} are listed in the message, with the warnings of the same read (an unknown MESH_ variable
 * may be why a setting is missing).
 */
public class InvalidSettingsException extends RuntimeException {

    /** The most problems (and warnings) the message lists; a long list hides the first ones. */
    public static final int MAX_SHOWN = 30;

    private final List<String> problems;
    private final List<String> warnings;

    public InvalidSettingsException(List<String> problems) {
        this(problems, List.of());
    }

    public InvalidSettingsException(List<String> problems, List<String> warnings) {
        super("Invalid settings (" + problems.size() + "):\n" + shown(problems, "problems")
                + (warnings.isEmpty() ? "" : "\nWarnings (" + warnings.size() + "):\n" + shown(warnings, "warnings")));
        this.problems = List.copyOf(problems);
        this.warnings = List.copyOf(warnings);
    }

    public List<String> problems() {
        return problems;
    }

    /** What the same read warned about, which does not make the settings invalid on its own. */
    public List<String> warnings() {
        return warnings;
    }

    /** One line per entry, the first {@value #MAX_SHOWN} in the order found (single values before rules). */
    private static String shown(List<String> entries, String what) {
        return Listing.bulleted(entries, MAX_SHOWN, what);
    }
}
