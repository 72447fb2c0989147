package io.meshconformance.text;

import java.util.Locale;
import java.util.Set;

/**
 * Credentials in URLs, found by hand rather than by {@link java.net.URI}, which gives up on exactly the URLs that
 * leak (an {@code @} in the password, a port that is not a number) and leaves their user-info in its string. The
 * user-info of every {@code scheme://} in a text goes, however long; so does the password of a
 * {@code user:password@host} written without a scheme; and, where asked, every query and fragment value. Which
 * {@code @} ends a user-info is told by the host after it ({@link Hosts}).
 */
final class UrlRedaction {

    /**
     * A longer host and port are no URL's: the look for them stops there. A user-info may be longer (a token as the
     * password), so the look for its {@code @} goes on to the end of the URL; a URL longer than this is then skipped
     * whole, so that no character is read by two such looks.
     */
    private static final int MAX_AUTHORITY = 512;

    /**
     * Schemes written without {@code //} whose part before the {@code @} is an address, not a password:
     * {@code mailto:someone@example.com} (RFC 6068), {@code sip:alice@atlanta.example.com} (RFC 3261).
     */
    private static final Set<String> NOT_USERS = Set.of("mailto", "sip", "sips", "xmpp");

    private UrlRedaction() {
    }

    /** {@code text} with each URL's user-info redacted, and with {@code allValues} its query and fragment values. */
    static String apply(String text, boolean allValues) {
        boolean schemes = text.indexOf("://") >= 0;
        boolean ats = text.indexOf('@') >= 0;
        if (!schemes && !ats) {
            return text;
        }
        Edits edits = new Edits(text);
        if (schemes) {
            withScheme(text, allValues, edits);
        }
        if (ats) {
            withoutScheme(text, edits);
        }
        return edits.apply();
    }

    private static void withScheme(String text, boolean allValues, Edits edits) {
        int from = 0;
        int found;
        while ((found = text.indexOf("://", from)) >= 0) {
            int authority = found + 3;
            from = authority;
            if (!hasScheme(text, found)) {
                continue;
            }
            int urlEnd = urlEnd(text, authority);
            int at = userInfoEnd(text, authority, urlEnd);
            int end = authorityEnd(text, at > authority ? at + 1 : authority);
            if (at > authority) {
                edits.redact(authority, at);
            }
            from = allValues ? values(text, end, edits) : end;
            if (urlEnd - authority > MAX_AUTHORITY) {
                from = Math.max(from, urlEnd);
            }
        }
    }

    /**
     * The user-info of URLs written without a scheme, as a registry mirror or a proxy often is
     * ({@code admin:s3cret@mirror.example.com:5000}, {@code user:pw@host/path}): in each word, a user name that starts
     * it (or follows a {@code = , ; ( [ {}), a {@code :}, and the {@code @} that a host follows. An email has no
     * {@code :} before its {@code @}; an image digest ({@code app@sha256:...}) and a git remote
     * ({@code git@github.com:org/repo}) have no user name before a {@code :}, or no host after the {@code @}; a
     * path has a {@code /} before its {@code :}. Each word is read a bounded number of times.
     */
    private static void withoutScheme(String text, Edits edits) {
        int i = 0;
        while (i < text.length()) {
            int colon = -1;
            boolean at = false;
            int end = i;
            while (end < text.length() && !endsUrl(text, end)) {
                char c = text.charAt(end);
                colon = colon < 0 && c == ':' ? end : colon;
                at |= c == '@';
                end += c == '<' ? Redaction.REDACTED.length() : 1;
            }
            end = Math.min(end, text.length());
            if (at && colon >= 0 && !text.startsWith("://", colon)) {
                bareUserInfo(text, colon, end, edits);
            }
            i = Math.max(end, i + 1);
        }
    }

    private static void bareUserInfo(String text, int colon, int end, Edits edits) {
        int user = colon;
        int marker = Redaction.REDACTED.length();
        if (user >= marker && text.startsWith(Redaction.REDACTED, user - marker)) {
            user -= marker;
        }
        while (user > 0 && isUserChar(text.charAt(user - 1))) {
            user--;
        }
        boolean startsWord = user == 0 || endsUrl(text, user - 1) || "=,;([{".indexOf(text.charAt(user - 1)) >= 0;
        if (user == colon || !startsWord || NOT_USERS.contains(text.substring(user, colon).toLowerCase(Locale.ROOT))) {
            return;
        }
        int at = userInfoEnd(text, user, end);
        if (at > colon && isBareHost(text, at + 1, end)) {
            edits.redact(colon + 1, at);
        }
    }

    /**
     * A host after the {@code @} of a URL without a scheme, up to the end of the word or a character that ends an
     * authority: a {@link Hosts#isHost host}, or a single name before a path ({@code user:pw@registry/x}).
     */
    private static boolean isBareHost(String text, int from, int end) {
        int to = from;
        while (to < end && to - from < MAX_AUTHORITY && (Chars.isAlphanumeric(text.charAt(to))
                || ".-_:[]".indexOf(text.charAt(to)) >= 0)) {
            to++;
        }
        if (to == from || (to < end && "/?#,;)}".indexOf(text.charAt(to)) < 0)) {
            return false;
        }
        return Hosts.isHost(text, from, to) || ((to == end || text.charAt(to) == '/') && Hosts.isName(text, from, to));
    }

    private static boolean isUserChar(char c) {
        return Chars.isAlphanumeric(c) || "-_.%+~".indexOf(c) >= 0;
    }

    /** Where the URL whose authority starts at {@code from} ends: at the first character no URL holds. */
    private static int urlEnd(String text, int from) {
        int i = from;
        while (i < text.length() && !endsUrl(text, i)) {
            i += text.charAt(i) == '<' ? Redaction.REDACTED.length() : 1;
        }
        return Math.min(i, text.length());
    }

    private static boolean hasScheme(String text, int colon) {
        int i = colon;
        while (i > 0 && colon - i < 32 && isSchemeChar(text.charAt(i - 1))) {
            i--;
        }
        return i < colon && Character.isLetter(text.charAt(i));
    }

    /**
     * The {@code @} that ends the user-info of the URL at {@code [authority, urlEnd)}, or -1. A password
     * may hold {@code @ # ? /}, which a parser takes for the end of the user-info or of the authority, so the last
     * {@code @} of the URL counts when a host follows it, or no {@code /} comes before it; else, when what precedes
     * the first {@code /} is a valid {@code [user-info@]host[:port]}, the {@code @} is the path's, as in
     * {@code /@scope/pkg}.
     */
    private static int userInfoEnd(String text, int authority, int urlEnd) {
        int last = -1;
        int slash = -1;
        for (int i = authority; i < urlEnd; i++) {
            char c = text.charAt(i);
            if (c == '<') {
                i += Redaction.REDACTED.length() - 1;
            } else if (c == '@') {
                last = i;
            } else if (c == '/' && slash < 0) {
                slash = i;
            }
        }
        if (last < 0 || slash < 0 || slash > last || Hosts.isHost(text, last + 1, authorityEnd(text, last + 1))) {
            return last;
        }
        int inAuthority = lastBetween(text, '@', authority, slash);
        if (inAuthority >= 0) {
            return Hosts.isHost(text, inAuthority + 1, slash) ? inAuthority : last;
        }
        return Hosts.isHost(text, authority, slash) ? -1 : last;
    }

    /** The last {@code c} in {@code [from, to)}, or -1: a search that never walks out of the URL. */
    private static int lastBetween(String text, char c, int from, int to) {
        for (int i = to - 1; i >= from; i--) {
            if (text.charAt(i) == c) {
                return i;
            }
        }
        return -1;
    }

    private static int authorityEnd(String text, int from) {
        int i = from;
        while (i < text.length() && i - from < MAX_AUTHORITY && !endsAuthority(text.charAt(i))) {
            i++;
        }
        return i;
    }

    /** Redacts each value of the query and fragment starting at {@code from}; returns where the URL ends. */
    private static int values(String text, int from, Edits edits) {
        int i = from;
        while (i < text.length() && !endsUrl(text.charAt(i)) && text.charAt(i) != '?' && text.charAt(i) != '#') {
            i++;
        }
        while (i < text.length() && (text.charAt(i) == '?' || text.charAt(i) == '#' || text.charAt(i) == '&')) {
            int name = i + 1;
            int j = name;
            while (j < text.length() && !endsUrl(text.charAt(j)) && "=&#".indexOf(text.charAt(j)) < 0) {
                j++;
            }
            int value = j < text.length() && text.charAt(j) == '=' ? j + 1 : name;
            int end = value;
            while (end < text.length() && !endsUrl(text.charAt(end)) && text.charAt(end) != '&'
                    && text.charAt(end) != '#') {
                end++;
            }
            if (text.charAt(i) != '#' || value > name) {
                edits.redact(value, end);
            }
            i = end;
        }
        return i;
    }

    private static boolean isSchemeChar(char c) {
        return Chars.isAlphanumeric(c) || c == '+' || c == '-' || c == '.';
    }

    private static boolean endsAuthority(char c) {
        return c == '/' || c == '?' || c == '#' || endsUrl(c);
    }

    /**
     * Whether the character at {@code i} ends a URL; the marker of a part already redacted does not: what follows it
     * ({@code <redacted>:hunter2@host}) may still be a password.
     */
    private static boolean endsUrl(String text, int i) {
        return endsUrl(text.charAt(i)) && !text.startsWith(Redaction.REDACTED, i);
    }

    private static boolean endsUrl(char c) {
        return Character.isWhitespace(c) || c == '"' || c == '\'' || c == '<' || c == '>' || c == '\\' || c == '`';
    }
}
