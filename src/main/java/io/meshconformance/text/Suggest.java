package io.meshconformance.text;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** "Did you mean ...?" for misspelled keys and fields. */
public final class Suggest {

    private Suggest() {
    }

    /** The candidate closest to {@code given}, if it is at most {@code maxEdits} edits away (case ignored). */
    public static Optional<String> closest(String given, Collection<String> candidates, int maxEdits) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            int d = distance(given.toLowerCase(Locale.ROOT), candidate.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        return bestDistance <= maxEdits ? Optional.ofNullable(best) : Optional.empty();
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    /** " (did you mean 'x'?)" when a candidate is within {@code maxEdits} of {@code given}, else "". */
    public static String didYouMean(String given, Collection<String> candidates, int maxEdits) {
        return closest(given, candidates, maxEdits).map(c -> " (did you mean '" + c + "'?)").orElse("");
    }
}
