package io.meshconformance.text;

/**
 * Whether a run of a line is part of the name in a Java stack frame, {@code at io.x.Class$Inner.run(Class.java:42)}
 * (the form of java.lang.StackTraceElement#toString): the name of code, however random a long class name looks to
 * {@link TokenRuns#isIdentifier}, and never where a credential is printed.
 */
final class StackFrames {

    /** How far a frame's name reaches; class and method names are far shorter. */
    private static final int MAX_NAME = 512;

    private StackFrames() {
    }

    /**
     * Whether {@code [start, end)} of {@code s}, on the line that starts at {@code lineStart}, is in a frame's name:
     * after {@code at } and name characters only, and followed by more of the name ({@code $Inner.run}), then
     * {@code (...)} at the line's end. Only a run that the name goes on from ({@code $} or {@code (}) is looked at,
     * and only within a name's length of it, so that each run costs a bounded look.
     */
    static boolean isName(String s, int lineStart, int start, int end) {
        int n = s.length();
        if (end >= n || (s.charAt(end) != '(' && s.charAt(end) != '$') || start - lineStart > MAX_NAME) {
            return false;
        }
        int at = lineStart;
        while (at < start && (s.charAt(at) == ' ' || s.charAt(at) == '\t')) {
            at++;
        }
        if (!s.startsWith("at ", at)) {
            return false;
        }
        for (int i = at + 3; i < start; i++) {
            if (!isNameChar(s.charAt(i))) {
                return false;
            }
        }
        int open = end;
        while (open < n && open - end < MAX_NAME && isNameChar(s.charAt(open))) {
            open++;
        }
        int close = open;
        while (close < n && close - open < MAX_NAME && s.charAt(close) != ')' && s.charAt(close) != '\n') {
            close++;
        }
        return open < n && s.charAt(open) == '(' && close < n && s.charAt(close) == ')'
                && (close + 1 == n || s.charAt(close + 1) == '\n' || s.charAt(close + 1) == '\r');
    }

    /**
     * A character of a frame's name: a Java identifier's, a package's dot, and the {@code / @} of a module and its
     * version ({@code java.base@17/java.lang.Thread.run}).
     */
    private static boolean isNameChar(char c) {
        return Chars.isAlphanumeric(c) || c == '_' || c == '$' || c == '.' || c == '/' || c == '@';
    }
}
