package io.meshconformance.text;

/**
 * PEM blocks (RFC 7468): keys, certificates, CSRs. The body between {@code -----BEGIN X-----} and
 * {@code -----END X-----} goes, the two lines stay. A block cut by a cap loses its body too: after a BEGIN with no
 * END, the base64 lines that follow; before an END with no BEGIN, the base64 lines that precede it. Line breaks may
 * be real or JSON-escaped.
 */
final class PemBlocks {

    private static final String BEGIN = "-----BEGIN ";
    private static final String END = "-----END ";
    private static final String DASHES = "-----";

    private final String s;
    private final Edits edits;
    /** Memos of the next marker at or after a position, so that each search walks the text once. */
    private int nextBegin = -2;
    private int nextEnd = -2;

    private PemBlocks(String s) {
        this.s = s;
        this.edits = new Edits(s);
    }

    static String apply(String text) {
        if (text.indexOf(DASHES) < 0) {
            return text;
        }
        PemBlocks blocks = new PemBlocks(text);
        blocks.scan();
        return blocks.edits.apply();
    }

    private void scan() {
        int from = 0;
        while (from < s.length()) {
            int begin = begin(from);
            int end = end(from);
            if (begin < 0 && end < 0) {
                return;
            }
            if (end >= 0 && (begin < 0 || end < begin)) {
                orphanEnd(end, from);
                from = end + END.length();
                continue;
            }
            int labelEnd = s.indexOf(DASHES, begin + BEGIN.length());
            if (labelEnd < 0 || labelEnd - begin > 100) {
                from = begin + BEGIN.length();
                continue;
            }
            int body = labelEnd + DASHES.length();
            int close = end(body);
            int following = begin(body);
            if (close >= 0 && (following < 0 || close < following)) {
                edits.replace(body, close, " " + Redaction.REDACTED + " ");
                from = close + END.length();
            } else {
                int stop = bodyEnd(body, following < 0 ? s.length() : following);
                edits.replace(body, stop, " " + Redaction.REDACTED);
                from = Math.max(stop, body);
                if (from == body) {
                    from++;
                }
            }
        }
    }

    private int begin(int from) {
        if (nextBegin != -1 && nextBegin < from) {
            nextBegin = s.indexOf(BEGIN, from);
        }
        return nextBegin;
    }

    private int end(int from) {
        if (nextEnd != -1 && nextEnd < from) {
            nextEnd = s.indexOf(END, from);
        }
        return nextEnd;
    }

    /**
     * Where the base64 body of an unterminated block stops: after the last of the lines that follow it and hold
     * nothing but base64 (indentation aside).
     */
    private int bodyEnd(int from, int limit) {
        int end = from;
        int i = from;
        while (i < limit) {
            int start = i;
            while (start < limit && (s.charAt(start) == ' ' || s.charAt(start) == '\t')) {
                start++;
            }
            int stop = start;
            while (stop < limit && isBody(s.charAt(stop))) {
                stop++;
            }
            int lineBreak = lineBreakAt(stop);
            // A cut may leave the backslash of an escaped line break as the last character of a line or of the text.
            boolean cutEscape = stop < s.length() && s.charAt(stop) == '\\'
                    && (stop + 1 == s.length() || s.charAt(stop + 1) == '\n' || s.charAt(stop + 1) == '\r');
            if (stop < limit && lineBreak == 0 && !cutEscape) {
                return end;
            }
            if (stop > start) {
                end = stop;
            }
            i = stop + Math.max(1, lineBreak);
        }
        return end;
    }

    /** The length of a real or JSON-escaped line break at {@code at} ({@code \r\n} counted whole), 0 for none. */
    private int lineBreakAt(int at) {
        int i = at;
        while (i < s.length()) {
            if (s.charAt(i) == '\n' || s.charAt(i) == '\r') {
                i++;
            } else if (s.charAt(i) == '\\' && i + 1 < s.length()
                    && (s.charAt(i + 1) == 'n' || s.charAt(i + 1) == 'r')) {
                i += 2;
            } else {
                break;
            }
            if (s.charAt(i - 1) == 'n' || s.charAt(i - 1) == '\n') {
                break;
            }
        }
        return i - at;
    }

    /** The lines right before an END that is not closing a BEGIN, back to {@code from}, if they are base64. */
    private void orphanEnd(int end, int from) {
        int lineEnd = end;
        while (lineEnd > from && (s.charAt(lineEnd - 1) == ' ' || s.charAt(lineEnd - 1) == '\t')) {
            lineEnd--;
        }
        int first = -1;
        int last = -1;
        while (lineEnd > from) {
            int breakLength = lineBreakBefore(lineEnd);
            if (breakLength == 0) {
                break;
            }
            int contentEnd = lineEnd - breakLength;
            int lineStart = contentEnd;
            while (lineStart > from && isBody(s.charAt(lineStart - 1)) && lineBreakBefore(lineStart) == 0) {
                lineStart--;
            }
            int indentStart = lineStart;
            while (indentStart > from && (s.charAt(indentStart - 1) == ' ' || s.charAt(indentStart - 1) == '\t')) {
                indentStart--;
            }
            boolean wholeLine = indentStart == from || lineBreakBefore(indentStart) > 0;
            if (lineStart == contentEnd || !wholeLine || Chars.isPlainWord(s, lineStart, contentEnd)) {
                if (!wholeLine && contentEnd - lineStart >= 8 && !Chars.isPlainWord(s, lineStart, contentEnd)) {
                    // the cut (or a quote) left part of a line: the base64 run at its end is still the key's
                    first = lineStart;
                    last = last < 0 ? contentEnd : last;
                }
                break;
            }
            first = lineStart;
            if (last < 0) {
                last = contentEnd;
            }
            lineEnd = indentStart;
        }
        if (first >= 0 && last - first >= 8) {
            edits.replace(first, last, Redaction.REDACTED);
        }
    }

    /** 1 or 2 for a real or JSON-escaped line break ending right before {@code at}, 0 for none. */
    private int lineBreakBefore(int at) {
        if (at >= 1 && (s.charAt(at - 1) == '\n' || s.charAt(at - 1) == '\r')) {
            return at >= 2 && s.charAt(at - 1) == '\n' && s.charAt(at - 2) == '\r' ? 2 : 1;
        }
        if (at >= 2 && s.charAt(at - 2) == '\\' && (s.charAt(at - 1) == 'n' || s.charAt(at - 1) == 'r')) {
            return 2;
        }
        return 0;
    }

    /**
     * A character of a PEM body: standard base64 and its padding only (RFC 7468, section 3). Not {@code -}, which
     * would run into the {@code -----END} line, nor the {@code _ .} of other tokens.
     */
    private static boolean isBody(char c) {
        return Chars.isAlphanumeric(c) || c == '+' || c == '/' || c == '=';
    }
}
