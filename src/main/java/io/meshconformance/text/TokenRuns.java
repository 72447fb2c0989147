package io.meshconformance.text;

import java.util.Locale;

/**
 * Secrets known by their shape alone, wherever they stand: JSON Web Tokens ({@code eyJ...}, RFC 7519), base64 of
 * text (a kubeconfig, a PEM block, {@code user:password}), DER keys and certificates in base64 ({@code MII...}), and
 * long random base64. What carries no secret stays: hex (digests, git hashes, fingerprints, UIDs), numbers, class
 * and host names (the dots split them), camel-case identifiers and paths. A token wrapped over several lines loses
 * its following lines too.
 */
final class TokenRuns {

    /** Random base64 this long is a credential; shorter runs are too often names. */
    private static final int RANDOM_MIN = 32;
    /** A complete JWS signature is at least this long (HS256); a shorter last part means the token goes on. */
    private static final int SIGNATURE_MIN = 43;

    private final String s;
    private final int n;
    private final Edits edits;

    private TokenRuns(String s) {
        this.s = s;
        this.n = s.length();
        this.edits = new Edits(s);
    }

    static String apply(String text) {
        TokenRuns runs = new TokenRuns(text);
        runs.scan();
        return runs.edits.apply();
    }

    private void scan() {
        int i = 0;
        int lineStart = 0;
        while (i < n) {
            char c = s.charAt(i);
            if (c == '<' && s.startsWith(Redaction.REDACTED, i) && atLineEnd(i + Redaction.REDACTED.length())) {
                // A line that ends in a secret already hidden (a cut, a key's value) may be followed by the rest of it.
                i = continuation(i, i + Redaction.REDACTED.length(), i, false);
                continue;
            }
            if (!isRunChar(c)) {
                if (c == '\n') {
                    lineStart = i + 1;
                }
                i++;
                continue;
            }
            int start = i;
            if (i > 0 && s.charAt(i - 1) == '\\' && (c == 'n' || c == 'r' || c == 't')) {
                start++;
            }
            int end = runEnd(i);
            i = end;
            if (end - start < 16 || StackFrames.isName(s, lineStart, start, end)) {
                continue;
            }
            boolean jwt = s.startsWith("eyJ", start);
            boolean redacted = jwt || redactParts(start, end);
            if (jwt) {
                edits.replace(start, end, Redaction.REDACTED);
            }
            if (redacted && atLineEnd(end)) {
                i = continuation(start, end, lineStart, jwt);
            }
        }
    }

    /** The end of the run at {@code from}, with up to two {@code =} of padding. */
    private int runEnd(int from) {
        int i = from;
        while (i < n && isRunChar(s.charAt(i))) {
            i++;
        }
        int padding = 0;
        while (i < n && padding < 2 && s.charAt(i) == '=') {
            i++;
            padding++;
        }
        return i;
    }

    /**
     * Redacts a run split at its dots when one of its parts is a secret: all of it, since the other parts of a token
     * (the claims of a JWT whose start a cut took away) need not look random on their own. Whether it did.
     */
    private boolean redactParts(int start, int end) {
        int part = start;
        for (int i = start; i <= end; i++) {
            if (i == end || s.charAt(i) == '.') {
                if (isSecret(s.substring(part, i))) {
                    edits.replace(start, end, Redaction.REDACTED);
                    return true;
                }
                part = i + 1;
            }
        }
        return false;
    }

    /** Whether one dot-free run is a secret by its shape. */
    static boolean isSecret(String part) {
        if (part.length() < 16 || isHex(part)) {
            return false;
        }
        if (part.startsWith("/") && isPath(part)) {
            for (String segment : part.split("/")) {
                if (isSecret(segment)) {
                    return true;
                }
            }
            return false;
        }
        if ((part.startsWith("MII") || part.startsWith("LS0t")) && part.length() >= 20) {
            return true;
        }
        String decoded = Base64Text.decode(part);
        if (decoded != null && decoded.length() >= 12) {
            return true;
        }
        if (part.length() < RANDOM_MIN) {
            return false;
        }
        boolean upper = false;
        boolean lower = false;
        for (int i = 0; i < part.length(); i++) {
            char c = part.charAt(i);
            upper |= c >= 'A' && c <= 'Z';
            lower |= c >= 'a' && c <= 'z';
        }
        return upper && lower && !isIdentifier(part);
    }

    /**
     * A camel-case name ({@code ExistingClusterProviderKubeconfigNarrowingTest}): letters and digits only, few
     * digits, its lower-case stretches words (three letters or more on average, a quarter of them vowels). Random
     * base64 of 32 characters passes all three about once in two thousand times; the usual failure (a rare class
     * name taken for a token) costs a word, not a secret.
     */
    static boolean isIdentifier(String part) {
        if (part.isEmpty() || !Character.isLetter(part.charAt(0))) {
            return false;
        }
        int runs = 0;
        int lowers = 0;
        int vowels = 0;
        int digits = 0;
        boolean inLower = false;
        for (int i = 0; i < part.length(); i++) {
            char c = part.charAt(i);
            if (!Chars.isAlphanumeric(c)) {
                return false;
            }
            boolean lower = c >= 'a' && c <= 'z';
            if (lower) {
                lowers++;
                vowels += "aeiouy".indexOf(c) >= 0 ? 1 : 0;
                runs += inLower ? 0 : 1;
            }
            digits += c >= '0' && c <= '9' ? 1 : 0;
            inLower = lower;
        }
        return runs > 0 && lowers >= 3 * runs && digits <= 3 && vowels * 4 >= lowers;
    }

    /**
     * A path ({@code /api/v1/namespaces}): each segment a word, a lower-case name or a number. Base64 that starts with
     * a {@code /} has segments of mixed case and digits, with {@code +} in them.
     */
    private static boolean isPath(String part) {
        for (String segment : part.split("/")) {
            boolean upper = !segment.equals(segment.toLowerCase(Locale.ROOT));
            if (segment.length() >= 4 && upper && !isIdentifier(segment)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isHex(String part) {
        for (int i = 0; i < part.length(); i++) {
            char c = part.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == '-')) {
                return false;
            }
        }
        return true;
    }

    /**
     * The lines after a secret that ended its line, while each holds nothing but the rest of a wrapped token. A
     * line counts when the token is unfinished (a JWT without its signature), when the line before was long (a
     * wrapped line is), or when it looks random by itself; a word such as "Starting" does not.
     */
    private int continuation(int start, int end, int lineStart, boolean jwt) {
        int dots = jwt ? count(start, end, '.') : 0;
        int lastPart = jwt ? end - Math.max(start, s.lastIndexOf('.', end - 1) + 1) : 0;
        int previousLine = end - lineStart;
        int at = end;
        while (true) {
            int line = nextLine(at);
            if (line < 0) {
                return at;
            }
            int from = line;
            while (from < n && (s.charAt(from) == ' ' || s.charAt(from) == '\t')) {
                from++;
            }
            if (from >= n || !isRunChar(s.charAt(from))) {
                return at;
            }
            int to = runEnd(from);
            if (!atLineEnd(to)) {
                return at;
            }
            boolean unfinished = jwt && (dots < 2 || lastPart < SIGNATURE_MIN);
            if (isWord(from, to) || !(unfinished || previousLine >= 40 || looksRandom(from, to))) {
                return at;
            }
            edits.replace(from, to, Redaction.REDACTED);
            if (jwt) {
                int dot = s.lastIndexOf('.', to - 1);
                dots += count(from, to, '.');
                lastPart = dot >= from ? to - dot - 1 : lastPart + (to - from);
            }
            previousLine = to - line;
            at = to;
        }
    }

    /**
     * A plain word of four letters or more ("Starting"): no line of base64 looks like that for long. A shorter one
     * ("abc") may well be the last few characters of a wrapped token, and is judged like any other line.
     */
    private boolean isWord(int from, int to) {
        return to - from >= 4 && Chars.isPlainWord(s, from, to);
    }

    private boolean looksRandom(int from, int to) {
        boolean upper = false;
        boolean lowerOrDigit = false;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            upper |= c >= 'A' && c <= 'Z';
            lowerOrDigit |= (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
        }
        return to - from >= 8 && upper && lowerOrDigit && !isIdentifier(s.substring(from, to));
    }

    private int count(int from, int to, char c) {
        int count = 0;
        for (int i = from; i < to; i++) {
            if (s.charAt(i) == c) {
                count++;
            }
        }
        return count;
    }

    /** The start of the line after {@code at}, which ends a line; -1 at the end of the text. */
    private int nextLine(int at) {
        if (at + 1 < n && s.charAt(at) == '\\' && s.charAt(at + 1) == 'n') {
            return at + 2;
        }
        int i = at;
        if (i < n && s.charAt(i) == '\r') {
            i++;
        }
        return i < n && s.charAt(i) == '\n' && i + 1 < n ? i + 1 : -1;
    }

    private boolean atLineEnd(int at) {
        return at >= n || s.charAt(at) == '\n' || s.charAt(at) == '\r'
                || (at + 1 < n && s.charAt(at) == '\\' && (s.charAt(at + 1) == 'n' || s.charAt(at + 1) == 'r'));
    }

    /**
     * A character of a run: base64 in either alphabet and the dots of a JWT, but not {@code =}, which only pads the
     * end of one ({@link #runEnd}): {@code a=b} is two words, not one run.
     */
    private static boolean isRunChar(char c) {
        return Chars.isAlphanumeric(c) || c == '+' || c == '/' || c == '_' || c == '-' || c == '.';
    }
}
