package io.meshconformance.text;

/**
 * Where to cut a text down to a size without leaving a recognisable piece of a token at the cut: at a line break when
 * one is near enough (a line cut in two can hold half a key, or the last words of a password after the key was cut
 * off), and then without the lines of a wrapped token or base64 block that the cut split; else at the limit, where
 * the run of token characters that the cut splits is redacted when {@link #FRAGMENT} characters or more of it would
 * stay. A shorter rest stays, at most 7 characters: below the length from which a piece is taken as recognisable,
 * and what a cut through ordinary words leaves of the last one. Characters that are no token's (a password's
 * punctuation) end the run: what stands before them is left to the redaction that follows the cut, which still sees
 * the key on the same line.
 */
final class Cuts {

    /**
     * What is left of a split run from this length on could be matched against the token it came from (the length of
     * the pieces the redaction's contract counts); a shorter rest is kept.
     */
    static final int FRAGMENT = 8;
    /** How far back (or on) from the limit a line break is looked for; never more than half of what is kept. */
    private static final int LINE_SLACK = 4096;

    private Cuts() {
    }

    /** The start of {@code text}, at most {@code max} characters, and a note of how much was left out. */
    static String head(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        int limit = Math.max(0, max);
        int window = Math.min(LINE_SLACK, limit / 2);
        int br = limit == 0 ? -1 : text.lastIndexOf('\n', limit - 1);
        String kept;
        int cut;
        if (br >= 0 && limit - (br + 1) <= window) {
            cut = br + 1;
            kept = lastLinesOfBlock(text.substring(0, cut));
        } else {
            cut = limit;
            int run = cut;
            while (run > 0 && cut < text.length() && isTokenChar(text.charAt(cut))
                    && isTokenChar(text.charAt(run - 1))) {
                run--;
            }
            kept = cut - run >= FRAGMENT ? text.substring(0, run) + Redaction.REDACTED : text.substring(0, cut);
        }
        return kept + "\n... (" + (text.length() - cut) + " more characters left out)";
    }

    /** The end of {@code text}, at most {@code max} characters, after a note of how much was left out. */
    static String tail(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        int limit = Math.max(0, max);
        int start = text.length() - limit;
        int window = Math.min(LINE_SLACK, limit / 2);
        int br = start == 0 || text.charAt(start - 1) == '\n' ? start - 1 : text.indexOf('\n', start);
        String kept;
        if (br >= 0 && br + 1 - start <= window) {
            start = br + 1;
            kept = firstLinesOfBlock(text.substring(start));
        } else {
            int run = start;
            while (run < text.length() && start > 0 && isTokenChar(text.charAt(start - 1))
                    && isTokenChar(text.charAt(run))) {
                run++;
            }
            kept = run - start >= FRAGMENT ? Redaction.REDACTED + text.substring(run) : text.substring(start);
        }
        return "(" + start + " earlier characters left out) ...\n" + kept;
    }

    /**
     * {@code kept} (which starts at a line) with its first lines redacted when they are what the cut left of a wrapped
     * token or base64 block: a first line that is one run of token characters and no plain word, and the lines after
     * it that are runs of its length (the block's width), and the shorter last one.
     */
    private static String firstLinesOfBlock(String kept) {
        int end = kept.indexOf('\n');
        if (end < 0 || !isFragment(kept.substring(0, end))) {
            return kept;
        }
        int width = kept.substring(0, end).strip().length();
        int next = end + 1;
        while (next < kept.length()) {
            int lineEnd = kept.indexOf('\n', next);
            if (lineEnd < 0) {
                break;
            }
            String line = kept.substring(next, lineEnd).strip();
            if (!isRun(line) || line.length() > width || line.length() < FRAGMENT / 2) {
                break;
            }
            end = lineEnd;
            next = lineEnd + 1;
            if (line.length() < width) {
                break;
            }
        }
        return Redaction.REDACTED + kept.substring(end);
    }

    /** Like {@link #firstLinesOfBlock} at the other end: {@code kept} ends with a line break. */
    private static String lastLinesOfBlock(String kept) {
        int start = kept.lastIndexOf('\n', kept.length() - 2) + 1;
        if (!isFragment(kept.substring(start, kept.length() - 1))) {
            return kept;
        }
        int width = kept.substring(start, kept.length() - 1).strip().length();
        while (start > 0) {
            int previous = kept.lastIndexOf('\n', start - 2) + 1;
            String line = kept.substring(previous, start - 1).strip();
            if (!isRun(line) || line.length() != width) {
                break;
            }
            start = previous;
        }
        return kept.substring(0, start) + Redaction.REDACTED + "\n";
    }

    /**
     * A line at the cut that may be part of a token: one run of token characters of at least {@link #FRAGMENT}, and
     * not a plain word ("Starting", "terminated"). Anything else goes; at worst that is one line of evidence.
     */
    private static boolean isFragment(String line) {
        String run = line.strip();
        return run.length() >= FRAGMENT && isRun(run) && !Chars.isPlainWord(run, 0, run.length());
    }

    private static boolean isRun(String line) {
        if (line.isEmpty()) {
            return false;
        }
        for (int i = 0; i < line.length(); i++) {
            if (!isTokenChar(line.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /**
     * What a token is made of in any of its forms: base64 in either alphabet with its padding, and the dots of a JWT.
     * Wider than {@link TokenRuns}' runs (which leave {@code =} to end a run) and {@link PemBlocks}' bodies (standard
     * base64 only): a cut through any of these characters splits a token.
     */
    private static boolean isTokenChar(char c) {
        return Chars.isAlphanumeric(c) || c == '+' || c == '/' || c == '=' || c == '_' || c == '-' || c == '.';
    }
}
