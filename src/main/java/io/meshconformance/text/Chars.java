package io.meshconformance.text;

/**
 * The character classes and word shapes that several scanners share, so that they agree on them. The classes of
 * token characters are not here: each scanner's differs on purpose (see {@link Cuts}, {@link TokenRuns},
 * {@link PemBlocks}).
 */
final class Chars {

    private Chars() {
    }

    /** ASCII letters and digits: what base64, host names and credential names are made of. */
    static boolean isAlphanumeric(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    }

    /** A character of a key's name ({@code client_secret}, {@code tls.key}, {@code X-Auth-Token}). */
    static boolean isNameChar(char c) {
        return isAlphanumeric(c) || c == '_' || c == '-' || c == '.';
    }

    /**
     * Whether {@code [from, to)} of {@code s} is a plain word: a letter, then lower-case letters only ("Starting",
     * "log"). A line of base64 or the rest of a token has capitals or digits after its first character; a plain word
     * next to a cut or after a token is evidence, not a piece of it.
     */
    static boolean isPlainWord(CharSequence s, int from, int to) {
        if (from >= to || !Character.isLetter(s.charAt(from))) {
            return false;
        }
        for (int i = from + 1; i < to; i++) {
            if (s.charAt(i) < 'a' || s.charAt(i) > 'z') {
                return false;
            }
        }
        return true;
    }
}
