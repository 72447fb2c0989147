package io.meshconformance.text;

import io.meshconformance.text.DocumentRedaction.Scalar;
import io.meshconformance.text.DocumentRedaction.Syntax;

/**
 * Writes a value in place of a scalar of a JSON or YAML document so that the document reads back with it: a JSON
 * string; in YAML the marker with the scalar's own quotes, a plain scalar when YAML reads it back unchanged, a literal
 * block (readable, for a document shown redacted), else a double-quoted scalar (JSON escapes are YAML escapes,
 * yaml.org/spec/1.2.2/#57-escaped-characters). The line breaks a block scalar owns stay with it.
 */
final class ScalarWriter {

    private final String text;
    private final Syntax syntax;

    /** A writer for the scalars of {@code text}, read as {@code syntax}. */
    ScalarWriter(String text, Syntax syntax) {
        this.text = text;
        this.syntax = syntax;
    }

    /** {@link Redaction#REDACTED} in place of {@code s}, keeping its quotes and the line breaks a block ends with. */
    String redacted(Scalar s) {
        if (syntax == Syntax.JSON) {
            return "\"" + Redaction.REDACTED + "\"";
        }
        String raw = text.substring(s.start(), s.end());
        char quote = raw.isEmpty() ? 0 : raw.charAt(0);
        String marker = quote == '"' || quote == '\'' ? quote + Redaction.REDACTED + quote : Redaction.REDACTED;
        return marker + trailingBreaks(raw);
    }

    /**
     * {@code value} written where {@code s} stood: a JSON string, or in YAML a literal block when {@code s} was one or
     * a {@code comment} says what was done to the value (a payload shown decoded is read best as a block), else a
     * plain scalar when that reads back unchanged, else a double-quoted one.
     */
    String encode(Scalar s, String value, String comment) {
        if (syntax == Syntax.JSON) {
            return quote(value);
        }
        String raw = text.substring(s.start(), s.end());
        boolean wasBlock = raw.startsWith("|") || raw.startsWith(">");
        if ((wasBlock || comment != null) && !s.frame().flow && fitsBlock(value)) {
            int indent = wasBlock ? blockIndent(raw) : 0;
            if (indent <= 0) {
                indent = (s.key() != null ? s.keyColumn() : column(s.start())) + 2;
            }
            StringBuilder block = new StringBuilder("|");
            if (comment != null) {
                block.append("  # ").append(comment);
            }
            String body = value.endsWith("\n") ? value.substring(0, value.length() - 1) : value;
            for (String line : body.split("\n", -1)) {
                block.append('\n');
                if (!line.isEmpty()) {
                    block.append(" ".repeat(indent)).append(line);
                }
            }
            return block + (wasBlock ? trailingBreaks(raw) : "");
        }
        if (!raw.startsWith("\"") && !raw.startsWith("'") && !wasBlock && fitsPlain(value)) {
            return value + trailingBreaks(raw);
        }
        return quote(value) + trailingBreaks(raw);
    }

    /** A value YAML reads back unchanged when written bare: one line, no indicator, no {@code : } or {@code #}. */
    private static boolean fitsPlain(String value) {
        if (value.isEmpty() || value.strip().length() != value.length()
                || "-?:,[]{}#&*!|>'\"%@`".indexOf(value.charAt(0)) >= 0
                || value.contains(": ") || value.contains(" #") || value.endsWith(":")) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean fitsBlock(String value) {
        if (value.isEmpty() || value.charAt(0) == ' ' || value.charAt(0) == '\t' || value.charAt(0) == '\n') {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c != '\n' && c != '\t' && Character.isISOControl(c)) {
                return false;
            }
        }
        return true;
    }

    /** The indentation of a block scalar's first non-empty line. */
    private static int blockIndent(String raw) {
        int line = raw.indexOf('\n') + 1;
        while (line > 0 && line < raw.length()) {
            int spaces = 0;
            while (line + spaces < raw.length() && raw.charAt(line + spaces) == ' ') {
                spaces++;
            }
            if (line + spaces < raw.length() && raw.charAt(line + spaces) != '\n') {
                return spaces;
            }
            line = raw.indexOf('\n', line) + 1;
        }
        return 0;
    }

    private int column(int offset) {
        return offset - (offset == 0 ? 0 : text.lastIndexOf('\n', offset - 1) + 1);
    }

    /** The whitespace a scalar's range ends with from its first line break on (a block scalar owns its last break). */
    private static String trailingBreaks(String raw) {
        int end = raw.length();
        while (end > 0 && Character.isWhitespace(raw.charAt(end - 1))) {
            end--;
        }
        int br = raw.indexOf('\n', end);
        return br < 0 ? "" : raw.substring(br);
    }

    /** {@code value} as a JSON string. */
    static String quote(String value) {
        StringBuilder out = new StringBuilder(value.length() + 16).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
