package io.meshconformance.text;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Hides the values a document's structure showed to be secret wherever else the text repeats them (a log line that
 * repeats the token of the manifest above it). Each value is looked for in one pass of the text (Knuth, Morris and
 * Pratt, "Fast pattern matching in strings", SIAM J. Comput. 6(2), 1977), which reads each character at most twice
 * whatever the text and the value; at most {@link #COUNT} values are looked for, so the whole stays linear. A plain
 * {@code indexOf} per value compares up to the value's length at every position: 64 values of 4 KiB in a text of
 * near-misses took seconds per value.
 */
final class Echoes {

    /** Values this short would hide ordinary words; longer than {@link #MAX_LENGTH} is no single-line secret. */
    private static final int MIN_LENGTH = 8;
    private static final int MAX_LENGTH = 4096;
    /** More values than this are not worth a pass each: the first ones in the text are looked for. */
    static final int COUNT = 64;

    private Echoes() {
    }

    /** {@code text} with every occurrence of each of {@code secrets} that may be looked for redacted. */
    static String hide(String text, Collection<String> secrets) {
        List<String> echoes = new ArrayList<>();
        for (String secret : secrets) {
            if (echoes.size() < COUNT && secret.length() >= MIN_LENGTH && secret.length() <= MAX_LENGTH
                    && secret.indexOf('\n') < 0 && !secret.equals(Redaction.REDACTED) && !isName(secret)) {
                echoes.add(secret);
            }
        }
        if (echoes.isEmpty()) {
            return text;
        }
        Edits edits = new Edits(text);
        for (String echo : echoes) {
            find(text, echo, edits);
        }
        return edits.apply();
    }

    /** A value shaped like a Kubernetes name ({@code istio-system}): hiding it everywhere would hide the namespaces. */
    private static boolean isName(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.')) {
                return false;
            }
        }
        return true;
    }

    /**
     * Redacts every occurrence of {@code echo} in {@code text}, overlapping ones too; occurrences that overlap or touch
     * become one range, so that a text made of one repeated value costs one edit, not one per position.
     */
    private static void find(String text, String echo, Edits edits) {
        int[] border = borders(echo);
        int m = echo.length();
        int matched = 0;
        int start = -1;
        int end = -1;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            while (matched > 0 && echo.charAt(matched) != c) {
                matched = border[matched - 1];
            }
            if (echo.charAt(matched) == c) {
                matched++;
            }
            if (matched == m) {
                int at = i + 1 - m;
                if (at > end) {
                    edits.redact(start, end);
                    start = at;
                }
                end = i + 1;
                matched = border[m - 1];
            }
        }
        edits.redact(start, end);
    }

    /** For each prefix of {@code echo}, the length of its longest proper prefix that is also its suffix. */
    private static int[] borders(String echo) {
        int[] border = new int[echo.length()];
        int k = 0;
        for (int i = 1; i < echo.length(); i++) {
            while (k > 0 && echo.charAt(k) != echo.charAt(i)) {
                k = border[k - 1];
            }
            if (echo.charAt(k) == echo.charAt(i)) {
                k++;
            }
            border[i] = k;
        }
        return border;
    }
}
