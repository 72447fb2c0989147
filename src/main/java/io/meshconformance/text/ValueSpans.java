package io.meshconformance.text;

/**
 * Where a value that follows a key ends, in free text: at its closing quote, its closing bracket, the end of its word
 * or of its line, or (in YAML) the end of the block under {@code key: |} or of a plain scalar continued on the lines
 * below. Every search stays on the value's own lines, so each character is read a bounded number of times.
 */
final class ValueSpans {

    /** An unquoted value of one word: {@code token=x&page=2}, {@code {Token:x}}, {@code ["--token", x]}. */
    static final int WORD = 0;
    /** An unquoted value in a YAML flow mapping, spaces and all: {@code {password: p q, b: 2}}. */
    static final int FLOW = 1;
    /** An unquoted value that runs to the end of its line: {@code password: correct horse battery staple}. */
    static final int LINE = 2;

    private static final String WORD_END = ",;&}])\"'\\<>";

    private final String s;
    private final int n;

    ValueSpans(String s) {
        this.s = s;
        this.n = s.length();
    }

    /** The closing quote, on the same line; an unclosed quote runs to the line's end. */
    int quoteEnd(int from, char quote, boolean escaped) {
        int i = from;
        while (i < n && s.charAt(i) != '\n' && s.charAt(i) != '\r') {
            char c = s.charAt(i);
            if (escaped) {
                if (c == '\\' && i + 1 < n && s.charAt(i + 1) == '"') {
                    return i;
                }
            } else if (c == '\\' && quote == '"') {
                i++;
            } else if (c == quote) {
                return i;
            }
            i++;
        }
        return Math.min(i, n);
    }

    /** The {@code ]} closing {@code [} at {@code open} on the same line, with nothing nested; -1 if none. */
    int closing(int open) {
        for (int i = open + 1; i < n; i++) {
            char c = s.charAt(i);
            if (c == ']') {
                return i;
            }
            if (c == '[' || c == '{' || c == '\n') {
                return -1;
            }
        }
        return -1;
    }

    /**
     * The end of a value that runs to the end of its line, trailing spaces left out. A quote or a backslash ends it
     * too: there the line is inside a JSON string, whose quote or escaped line break ends the value.
     */
    int lineEnd(int from) {
        int i = from;
        while (i < n && s.charAt(i) != '\n' && s.charAt(i) != '\r' && s.charAt(i) != '\\' && s.charAt(i) != '"') {
            i++;
        }
        return trimmed(from, i);
    }

    /** The end of the line's text, trailing spaces left out. */
    int realLineEnd(int from) {
        int i = s.indexOf('\n', from);
        return trimmed(from, i < 0 ? n : i);
    }

    /** The end of an unquoted value of {@code form} ({@link #WORD}, {@link #FLOW}, {@link #LINE}) at {@code from}. */
    int end(int from, int form) {
        if (form == LINE) {
            return lineEnd(from);
        }
        if (form == WORD) {
            return wordEnd(from);
        }
        int i = from;
        while (i < n && ",}]\n\r\"\\".indexOf(s.charAt(i)) < 0) {
            i++;
        }
        return trimmed(from, i);
    }

    int wordEnd(int from) {
        int i = from;
        while (i < n && !Character.isWhitespace(s.charAt(i)) && WORD_END.indexOf(s.charAt(i)) < 0) {
            i++;
        }
        return i;
    }

    int skipSpaces(int from, int max) {
        int i = from;
        while (i < n && i - from < max && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }

    /** A JSON-escaped line break ({@code \n}) at {@code at}. */
    boolean escapedBreak(int at) {
        return at + 1 < n && s.charAt(at) == '\\' && s.charAt(at + 1) == 'n';
    }

    /**
     * {@code [v, end)} of the block under {@code key: |} (the header at {@code v}): the following lines indented
     * deeper than {@code keyColumn}, blank ones included; null when there is no such block.
     */
    int[] block(int keyColumn, int v) {
        int i = v + 1;
        while (i < n && "-+0123456789".indexOf(s.charAt(i)) >= 0) {
            i++;
        }
        i = skipSpaces(i, 64);
        if (i < n && s.charAt(i) == '#') {
            int br = s.indexOf('\n', i);
            i = br < 0 ? n : br;
        }
        if (i < n && s.charAt(i) != '\n' && s.charAt(i) != '\r') {
            return null;
        }
        int last = -1;
        int line = s.indexOf('\n', i) + 1;
        while (line > 0 && line < n) {
            int indent = skipSpaces(line, n);
            int end = realLineEnd(line);
            if (indent < end && indent - line <= keyColumn) {
                break;
            }
            if (indent < end) {
                last = end;
            }
            line = s.indexOf('\n', line) + 1;
        }
        return last < 0 ? null : new int[] {v, last};
    }

    /**
     * {@code [first, last)} of a plain scalar under {@code token:} with nothing after the colon: the lines below
     * indented deeper than {@code keyColumn} that are neither keys nor list items; null when there are none.
     */
    int[] continuation(int keyColumn, int v) {
        int first = -1;
        int last = -1;
        int line = s.indexOf('\n', v) + 1;
        while (line > 0 && line < n) {
            int indent = skipSpaces(line, n);
            int end = realLineEnd(line);
            if (indent == end || indent - line <= keyColumn || s.startsWith("- ", indent) || isKeyLine(indent, end)) {
                break;
            }
            if (first < 0) {
                first = indent;
            }
            last = end;
            line = s.indexOf('\n', line) + 1;
        }
        return first < 0 ? null : new int[] {first, last};
    }

    /** The value of a YAML list item on the line after {@code k}: {@code - --token} then {@code - x}; -1 if none. */
    int listItem(int k) {
        int line = s.indexOf('\n', k) + 1;
        if (line <= 0) {
            return -1;
        }
        int i = skipSpaces(line, 64);
        return s.startsWith("- ", i) ? skipSpaces(i + 2, 8) : -1;
    }

    /**
     * A line (from its indentation to {@code end}) that starts with a key, quoted or not, of any name: the next entry
     * of a mapping, which ends a plain scalar continued on the lines above. Looser than {@link Documents}' key lines,
     * which pick where a parse starts again.
     */
    private boolean isKeyLine(int from, int end) {
        int i = from;
        if (i < end && (s.charAt(i) == '"' || s.charAt(i) == '\'')) {
            i++;
        }
        while (i < end && Chars.isNameChar(s.charAt(i))) {
            i++;
        }
        if (i < end && (s.charAt(i) == '"' || s.charAt(i) == '\'')) {
            i++;
        }
        return i > from && i < end && s.charAt(i) == ':' && (i + 1 == end || s.charAt(i + 1) == ' ');
    }

    private int trimmed(int from, int end) {
        int i = end;
        while (i > from && Character.isWhitespace(s.charAt(i - 1))) {
            i--;
        }
        return i;
    }
}
