package io.meshconformance.text;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

import io.meshconformance.text.DocumentRedaction.Place;
import io.meshconformance.text.DocumentRedaction.Syntax;

/**
 * Finds the documents in a text and has each redacted by its structure: the text as YAML (a manifest, a kubeconfig,
 * a dump), again from each later line that starts a document when a heading or a log line stops the parser, and every
 * JSON object or array in it (a log line's payload, the items of a list that was cut), complete or left open by a cut
 * or a line's end. Each parse is linear; a budget on the characters handed to the parsers keeps the whole linear too,
 * whatever the nesting.
 */
final class Documents {

    /** Larger texts are left to the text rules: evidence is capped far below this before it gets here. */
    private static final int MAX_TEXT = 1 << 20;
    private static final int MAX_YAML_ATTEMPTS = 16;
    private static final int MAX_JSON_ATTEMPTS = 512;
    /** How a JSON region ends: closed, open at the end of the text, or cut inside a string. */
    static final int CLOSED = 0;
    static final int OPEN = 1;
    static final int IN_STRING = 2;
    /** Keys whose object the rules read by the key alone ({@link DocumentRules}): a Secret's values. */
    private static final List<String> SECRET_KEYS = List.of("data", "stringData");

    private Documents() {
    }

    /** {@code text} with the documents in it redacted; the values hidden are added to {@code secrets}. */
    static String redact(String text, int depth, Set<String> secrets) {
        if (text.length() > MAX_TEXT) {
            return text;
        }
        Edits edits = new Edits(text);
        if (!startsWithBracket(text)) {
            yaml(text, depth, edits, secrets);
        }
        json(text, depth, edits, secrets);
        return edits.apply();
    }

    private static void yaml(String text, int depth, Edits edits, Set<String> secrets) {
        long budget = 4L * text.length() + 4096;
        int from = 0;
        for (int attempt = 0; attempt < MAX_YAML_ATTEMPTS && from < text.length() && budget > 0; attempt++) {
            String part = from == 0 ? text : text.substring(from);
            budget -= part.length();
            DocumentRedaction.Read read = DocumentRedaction.walk(part, Syntax.YAML, depth, edits,
                    new Place(from, part.length(), null), secrets);
            if (read.failedAt() < 0) {
                return;
            }
            int next = nextDocumentStart(text, from + read.failedAt(), from);
            if (next <= from) {
                return;
            }
            from = next;
        }
    }

    /**
     * The start of the first line at or after the line holding {@code failedAt} (but after {@code from}) that begins a
     * YAML document: {@code ---}, or a key ({@code apiVersion: v1}, {@code kind: Secret}), indented or not (what a
     * tail cut leaves of a manifest starts deep inside it). -1 if none.
     */
    static int nextDocumentStart(String text, int failedAt, int from) {
        int line = failedAt <= 0 ? 0 : text.lastIndexOf('\n', Math.min(failedAt, text.length()) - 1) + 1;
        if (line <= from) {
            line = text.indexOf('\n', from) + 1;
        }
        while (line > 0 && line < text.length()) {
            if (text.startsWith("---", line) || isKeyLine(text, line)) {
                return line;
            }
            line = text.indexOf('\n', line) + 1;
        }
        return -1;
    }

    /**
     * A line that starts with {@code key:} (indented or not), its name unquoted and starting with a letter: where a
     * YAML parse may start again. Stricter than {@link ValueSpans}' key lines, which end a value at any key: a line
     * such as {@code 1: y} or {@code "x": y} in the middle of a log starts no document worth a parse.
     */
    private static boolean isKeyLine(String text, int line) {
        int at = line;
        while (at < text.length() && at - line < 64 && text.charAt(at) == ' ') {
            at++;
        }
        int i = at;
        while (i < text.length() && i - at < 100 && Chars.isNameChar(text.charAt(i))) {
            i++;
        }
        return i > at && Character.isLetter(text.charAt(at)) && i < text.length() && text.charAt(i) == ':'
                && (i + 1 == text.length() || text.charAt(i + 1) == ' ' || text.charAt(i + 1) == '\n');
    }

    private static void json(String text, int depth, Edits edits, Set<String> secrets) {
        List<int[]> regions = regions(text);
        long budget = 8L * text.length() + 65536;
        int coveredUntil = 0;
        int attempts = 0;
        for (int[] region : regions) {
            if (region[0] < coveredUntil) {
                continue;
            }
            if (budget <= 0 || attempts++ >= MAX_JSON_ATTEMPTS) {
                return;
            }
            int length = region[1] - region[0];
            // A string the line's end or the text's end cut open is closed for the parser, which then reads its value.
            String part = text.substring(region[0], region[1]) + (region[2] == IN_STRING ? "\"" : "");
            budget -= part.length();
            Place place = new Place(region[0], length, keyBefore(text, region[0]));
            DocumentRedaction.Read read = DocumentRedaction.walk(part, Syntax.JSON, depth, edits, place, secrets);
            if (read.failedAt() < 0 && region[2] == CLOSED) {
                coveredUntil = region[1];
            }
        }
    }

    /**
     * {@code data} or {@code stringData} when the text shows it as the key of the region at {@code start}
     * ({@code "data": {...}}, {@code data: {...}}): what a cut or the end of a log line leaves of a Secret whose start
     * it took. The rules read these values by their key alone; any other key stays unknown (null).
     */
    static String keyBefore(String text, int start) {
        int i = start;
        while (i > 0 && start - i < 16 && (text.charAt(i - 1) == ' ' || text.charAt(i - 1) == '\t')) {
            i--;
        }
        if (i == 0 || text.charAt(i - 1) != ':') {
            return null;
        }
        i--;
        while (i > 0 && start - i < 32 && (text.charAt(i - 1) == ' ' || text.charAt(i - 1) == '\t')) {
            i--;
        }
        boolean quoted = i > 0 && text.charAt(i - 1) == '"';
        int end = quoted ? i - 1 : i;
        for (String key : SECRET_KEYS) {
            int from = end - key.length();
            if (from >= 0 && text.startsWith(key, from) && (quoted ? from > 0 && text.charAt(from - 1) == '"'
                    : from == 0 || !Chars.isNameChar(text.charAt(from - 1)))) {
                return key;
            }
        }
        return null;
    }

    /**
     * The {@code {...}} and {@code [...]} spans of {@code text} that may be JSON (an object that opens with a quoted
     * key, an array that opens with an object or a string), outermost first, each as {start, end, how it ends}: the
     * balanced ones ({@link #CLOSED}), and where the text or a line break inside a string (where JSON has none) ends
     * one before it closes, the outermost that was open ({@link #OPEN}, {@link #IN_STRING}: a Secret cut mid-object).
     * One pass with a stack; strings are followed only inside brackets.
     */
    static List<int[]> regions(String text) {
        List<int[]> found = new ArrayList<>();
        int[] stack = new int[16];
        int depth = 0;
        boolean inString = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                } else if (c == '\n') {
                    unclosed(text, stack, depth, i, IN_STRING, found);
                    inString = false;
                    depth = 0;
                }
                continue;
            }
            if (c == '"' && depth > 0) {
                inString = true;
            } else if (c == '{' || c == '[') {
                if (depth == stack.length) {
                    stack = Arrays.copyOf(stack, depth * 2);
                }
                stack[depth++] = i;
            } else if ((c == '}' || c == ']') && depth > 0) {
                int open = stack[--depth];
                if ((text.charAt(open) == '{') != (c == '}')) {
                    depth = 0;
                } else if (mayBeJson(text, open)) {
                    found.add(new int[] {open, i + 1, CLOSED});
                }
            }
        }
        unclosed(text, stack, depth, text.length(), inString ? IN_STRING : OPEN, found);
        found.sort(Comparator.<int[]>comparingInt(r -> r[0]).thenComparing(r -> -r[1]));
        return found;
    }

    /** Adds {@code [first open bracket that may be JSON, end)} of the {@code depth} still open, if any. */
    private static void unclosed(String text, int[] stack, int depth, int end, int how, List<int[]> found) {
        for (int i = 0; i < depth; i++) {
            if (mayBeJson(text, stack[i])) {
                found.add(new int[] {stack[i], end, how});
                return;
            }
        }
    }

    private static boolean mayBeJson(String text, int open) {
        int i = open + 1;
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        if (i >= text.length()) {
            return false;
        }
        char first = text.charAt(i);
        return text.charAt(open) == '{' ? first == '"' || first == '}' : first == '{' || first == '"';
    }

    private static boolean startsWithBracket(String text) {
        String first = text.stripLeading();
        return first.startsWith("{") || first.startsWith("[");
    }
}
