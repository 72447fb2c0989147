package io.meshconformance.text;

import java.util.List;

/** A long list for a person: its first entries, one per line, and how many more there are. */
public final class Listing {

    private Listing() {
    }

    /**
     * At most {@code max} of {@code entries}, each on its own line as {@code "  - entry"}, then
     * {@code "  ... and N more <what>"} when some were left out.
     */
    public static String bulleted(List<String> entries, int max, String what) {
        StringBuilder text = new StringBuilder();
        for (String entry : entries.subList(0, Math.min(max, entries.size()))) {
            text.append(text.isEmpty() ? "" : "\n").append("  - ").append(entry);
        }
        if (entries.size() > max) {
            text.append("\n  ... and ").append(entries.size() - max).append(" more ").append(what);
        }
        return text.toString();
    }
}
