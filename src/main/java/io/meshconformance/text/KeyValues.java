package io.meshconformance.text;

import java.util.Set;

/**
 * Credentials after their names in free text, read in one pass without regular expressions: {@code password: x},
 * {@code "token": "x"}, {@code TOKEN=x}, {@code --token x}, {@code ["--token", "x"]},
 * {@code Authorization: Negotiate x}, {@code Cookie: a=b}, {@code ?access_token=x}, Go's {@code {Token:x}} and
 * {@code KeyData:[45 45]}, the block under {@code tls.key: |}, and the {@code value} after
 * {@code name: DB_PASSWORD}. A word that names a credential but is also ordinary prose ("failed to fetch token:
 * ...") counts only where it stands as a key. Where each value ends is {@link ValueSpans}' job.
 */
final class KeyValues {

    private static final int MAX_NAME = 128;
    /** How far after {@code name: DB_PASSWORD} its {@code value} may stand (one env item). */
    private static final int PAIR_WINDOW = 256;
    /** URL parameters that carry a credential under a name that is no credential's elsewhere ({@code ?key=}). */
    private static final Set<String> QUERY_NAMES = Set.of("key", "code");

    private final String s;
    private final int n;
    private final ValueSpans spans;
    private final Edits edits;
    private int lineStart;
    private int pendingValueUntil = -1;

    private KeyValues(String s) {
        this.s = s;
        this.n = s.length();
        this.spans = new ValueSpans(s);
        this.edits = new Edits(s);
    }

    static String apply(String text) {
        KeyValues scan = new KeyValues(text);
        scan.run();
        return scan.edits.apply();
    }

    private void run() {
        int i = 0;
        while (i < n) {
            char c = s.charAt(i);
            if (c == '\n') {
                lineStart = ++i;
            } else if (spans.escapedBreak(i)) {
                i += 2;
                lineStart = i;
            } else if (!Chars.isNameChar(c) || (i > 0 && Chars.isNameChar(s.charAt(i - 1)))) {
                i++;
            } else {
                int j = i;
                while (j < n && Chars.isNameChar(s.charAt(j))) {
                    j++;
                }
                i = j - i <= MAX_NAME ? Math.max(j, key(i, j)) : j;
            }
        }
    }

    /** Reads the name at {@code [i, j)} and, if it is a credential's key, redacts its value; returns where to go on. */
    private int key(int i, int j) {
        String name = s.substring(i, j);
        boolean flag = name.startsWith("-");
        boolean query = i > 0 && (s.charAt(i - 1) == '?' || s.charAt(i - 1) == '&' || s.charAt(i - 1) == '#');
        boolean envName = name.equalsIgnoreCase("name");
        boolean envValue = name.equalsIgnoreCase("value") && i <= pendingValueUntil;
        boolean credential = flag ? CredentialNames.isCredentialFlag(name) : CredentialNames.isCredential(name)
                || (query && QUERY_NAMES.contains(CredentialNames.normalize(name)));
        if (!credential && !envName && !envValue) {
            return j;
        }
        char open = i > 0 ? s.charAt(i - 1) : 0;
        boolean escapedOpen = open == '"' && i > 1 && s.charAt(i - 2) == '\\';
        int k = j;
        boolean quotedKey = false;
        if (escapedOpen && k + 1 < n && s.charAt(k) == '\\' && s.charAt(k + 1) == '"') {
            quotedKey = true;
            k += 2;
        } else if ((open == '"' || open == '\'') && k < n && s.charAt(k) == open) {
            quotedKey = true;
            k++;
        }
        if (k >= n) {
            return j;
        }
        int keyStart = quotedKey ? (escapedOpen ? i - 2 : i - 1) : i;
        char before = charBefore(keyStart);
        boolean flow = (before == '{' || before == ',') && insideBrackets(keyStart);
        boolean structured = quotedKey || flag || query || atLineStart(keyStart) || "{,([;=".indexOf(before) >= 0;
        boolean header = CredentialNames.isHeader(name);
        char sep = s.charAt(k);
        int v;
        boolean restOfLine = false;
        boolean flowValue = false;
        if (sep == ':') {
            if (s.startsWith("::", k) || s.startsWith("://", k)) {
                return j;
            }
            boolean spaced = k + 1 >= n || Character.isWhitespace(s.charAt(k + 1)) || spans.escapedBreak(k + 1);
            if (!(structured || !spaced || !CredentialNames.isProseWord(name))) {
                return j;
            }
            v = spans.skipSpaces(k + 1, 8);
            restOfLine = (spaced && !flow) || header;
            flowValue = spaced && flow;
            if (v >= n || s.charAt(v) == '\n' || s.charAt(v) == '\r') {
                return envName || envValue ? v : redact(spans.continuation(keyStart - lineStart, v), v);
            }
            if (spans.escapedBreak(v)) {
                return v;
            }
            int[] block = spaced && (s.charAt(v) == '|' || s.charAt(v) == '>')
                    ? spans.block(keyStart - lineStart, v) : null;
            if (block != null) {
                return redact(block, v);
            }
        } else if (sep == '=' || (sep == ' ' && s.startsWith(" = ", k))) {
            boolean assignment = !CredentialNames.isProseWord(name) || CredentialNames.normalize(name).equals("token");
            if (!(structured || assignment)) {
                return j;
            }
            v = spans.skipSpaces(sep == '=' ? k + 1 : k + 3, 2);
        } else if (flag && (sep == ' ' || sep == '\t')) {
            v = spans.skipSpaces(k, 4);
        } else if ((flag || header) && quotedKey && sep == ',') {
            v = spans.skipSpaces(k + 1, 4);
        } else if (flag && (sep == '\n' || sep == '\r')) {
            v = spans.listItem(k);
            if (v < 0) {
                return j;
            }
        } else {
            return j;
        }
        return value(name, v, restOfLine ? ValueSpans.LINE : flowValue ? ValueSpans.FLOW : ValueSpans.WORD, envName);
    }

    private int redact(int[] span, int otherwise) {
        if (span == null) {
            return otherwise;
        }
        edits.replace(span[0], span[1], Redaction.REDACTED);
        return span[1];
    }

    /** Redacts the value at {@code v}, quoted or not; returns its end. */
    private int value(String name, int v, int form, boolean envName) {
        if (v >= n) {
            return v;
        }
        char d = s.charAt(v);
        if (d == '{') {
            return v;
        }
        int start;
        int end;
        if (d == '[') {
            int close = spans.closing(v);
            if (close < 0 || envName) {
                return v;
            }
            start = v + 1;
            end = close;
        } else if (d == '"' || d == '\'' || (d == '\\' && v + 1 < n && s.charAt(v + 1) == '"')) {
            boolean escaped = d == '\\';
            start = v + (escaped ? 2 : 1);
            end = spans.quoteEnd(start, escaped ? '"' : d, escaped);
        } else {
            start = v;
            // A word ends at a '<', so a value that starts with the marker is measured from after it: what follows
            // the marker ("<redacted>hunter2") is still the value's.
            int rest = s.startsWith(Redaction.REDACTED, v) ? v + Redaction.REDACTED.length() : v;
            end = Math.max(rest, spans.end(rest, form));
        }
        String value = s.substring(start, end);
        if (value.isEmpty() || value.equals(Redaction.REDACTED) || value.equals("true") || value.equals("false")
                || value.equals("null")) {
            return end;
        }
        if (envName) {
            pendingValueUntil = CredentialNames.isCredential(value) ? end + PAIR_WINDOW : -1;
            return end;
        }
        pendingValueUntil = -1;
        if (CredentialNames.isSchemeHeader(name) && d != '[') {
            int scheme = start;
            while (scheme < end && (Character.isLetterOrDigit(s.charAt(scheme)) || s.charAt(scheme) == '-')) {
                scheme++;
            }
            if (scheme > start && scheme < end && s.charAt(scheme) == ' ') {
                start = spans.skipSpaces(scheme, 8);
            }
        }
        edits.redact(start, end);
        return end;
    }

    /** Whether only indentation, list dashes or {@code export} stand between the line's start and {@code at}. */
    private boolean atLineStart(int at) {
        if (at - lineStart > 64) {
            return false;
        }
        String prefix = s.substring(lineStart, at).strip();
        return prefix.isEmpty() || prefix.chars().allMatch(c -> c == '-' || c == ' ') || prefix.equals("export");
    }

    /** Whether a {@code {} or {@code [} opened earlier on the line is still open at {@code at} (a flow mapping). */
    private boolean insideBrackets(int at) {
        int depth = 0;
        for (int i = at - 1; i >= lineStart && at - i <= 256; i--) {
            char c = s.charAt(i);
            if (c == '}' || c == ']') {
                depth++;
            } else if (c == '{' || c == '[') {
                if (depth == 0) {
                    return true;
                }
                depth--;
            }
        }
        return false;
    }

    private char charBefore(int at) {
        int i = at - 1;
        while (i >= 0 && at - i <= 4 && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
            i--;
        }
        return i >= 0 ? s.charAt(i) : 0;
    }
}
