package io.meshconformance.text;

/**
 * Credentials in URLs, found by hand rather than by {@link java.net.URI}, which gives up on exactly the URLs that
 * leak (an {@code @} in the password, a port that is not a number) and leaves their user-info in its string. The
 * user-info of every {@code scheme://} in a text goes; so do, where asked, every query and fragment value.
 */
final class UrlRedaction {

    /**
     * A longer host and port are no URL's: the look for them stops there. A user-info may be longer (a token as the
     * password), so the look for its {@code @} goes on to the end of the URL; a URL longer than this is then skipped
     * whole, so that no character is read by two such looks.
     */
    private static final int MAX_AUTHORITY = 512;

    private UrlRedaction() {
    }

    /** {@code text} with each URL's user-info redacted, and with {@code allValues} its query and fragment values. */
    static String apply(String text, boolean allValues) {
        if (text.indexOf("://") < 0) {
            return text;
        }
        Edits edits = new Edits(text);
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
        return edits.apply();
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
        if (last < 0 || slash < 0 || slash > last || validHost(text, last + 1, authorityEnd(text, last + 1))) {
            return last;
        }
        int inAuthority = lastBetween(text, '@', authority, slash);
        if (inAuthority >= 0) {
            return validHost(text, inAuthority + 1, slash) ? inAuthority : last;
        }
        return validHost(text, authority, slash) ? -1 : last;
    }

    /**
     * {@code host[:port]}: a DNS name with a dot (or {@code localhost}) or a bracketed IPv6 address, then a numeric
     * port or none. Anything else before a {@code /} that an {@code @} follows is a user and a password.
     */
    private static boolean validHost(String text, int from, int to) {
        int colon = -1;
        int hostEnd = to;
        if (from < to && text.charAt(from) == '[') {
            int close = lastBetween(text, ']', from, to);
            if (close < 0) {
                return false;
            }
            hostEnd = close + 1;
            colon = hostEnd < to ? hostEnd : -1;
        } else {
            for (int i = from; i < to && colon < 0; i++) {
                colon = text.charAt(i) == ':' ? i : -1;
            }
            hostEnd = colon < 0 ? to : colon;
            if (!isHostName(text.substring(from, hostEnd))) {
                return false;
            }
        }
        if (colon < 0) {
            return true;
        }
        if (text.charAt(colon) != ':' || colon + 1 == to) {
            return false;
        }
        for (int i = colon + 1; i < to; i++) {
            if (!Character.isDigit(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** {@code localhost}, an IPv4 address, or labels of letters, digits and dashes ending in a word of letters. */
    private static boolean isHostName(String host) {
        if (host.equals("localhost") || isIpv4(host)) {
            return true;
        }
        int dot = host.lastIndexOf('.');
        if (dot <= 0 || host.length() - dot < 3) {
            return false;
        }
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            boolean ok = Base64Text.isAlphanumeric(c) || c == '-' || c == '_'
                    || (c == '.' && i > 0 && host.charAt(i - 1) != '.');
            if (!ok || (i > dot && !Character.isLetter(c))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isIpv4(String host) {
        String[] parts = host.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit)) {
                return false;
            }
        }
        return true;
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
        return Base64Text.isAlphanumeric(c) || c == '+' || c == '-' || c == '.';
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
