package io.meshconformance.text;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Replacements of ranges of one text, spliced in one pass. Scanners record what to replace instead of rewriting as
 * they go, so each reads the text once. Of two overlapping ranges the one that starts first (the wider, on a tie) wins,
 * and what the other covers beyond it is redacted too: an overlap may lose words, never show a secret.
 */
final class Edits {

    private record Edit(int start, int end, String with) {
    }

    private final String text;
    private final List<Edit> edits = new ArrayList<>();

    Edits(String text) {
        this.text = text;
    }

    void replace(int start, int end, String with) {
        if (start >= 0 && end <= text.length() && start <= end && !(start == end && with.isEmpty())) {
            edits.add(new Edit(start, end, with));
        }
    }

    /**
     * Replaces {@code [start, end)} by {@link Redaction#REDACTED}, unless it is exactly the marker: a range that only
     * starts with it ({@code <redacted>hunter2}) still holds what follows.
     */
    void redact(int start, int end) {
        boolean marker = end - start == Redaction.REDACTED.length() && text.startsWith(Redaction.REDACTED, start);
        if (end > start && !marker) {
            replace(start, end, Redaction.REDACTED);
        }
    }

    String apply() {
        if (edits.isEmpty()) {
            return text;
        }
        edits.sort(Comparator.comparingInt(Edit::start).thenComparing(Comparator.comparingInt(Edit::end).reversed()));
        StringBuilder out = new StringBuilder(text.length());
        int at = 0;
        for (Edit edit : edits) {
            if (edit.start() < at) {
                if (edit.end() > at) {
                    out.append(Redaction.REDACTED);
                    at = edit.end();
                }
                continue;
            }
            out.append(text, at, edit.start()).append(edit.with());
            at = edit.end();
        }
        return out.append(text, at, text.length()).toString();
    }
}
