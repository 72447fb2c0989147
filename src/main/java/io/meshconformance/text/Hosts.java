package io.meshconformance.text;

/**
 * Whether a stretch of text is a URL's {@code host[:port]}: what tells the {@code @} that ends a user-info from an
 * {@code @} in a password or a path. Each check reads only its stretch.
 */
final class Hosts {

    private Hosts() {
    }

    /**
     * {@code host[:port]} at {@code [from, to)}: a DNS name with a dot (or {@code localhost}) or a bracketed IPv6
     * address, then a numeric port or none. Anything else before a {@code /} that an {@code @} follows is a user and a
     * password.
     */
    static boolean isHost(String text, int from, int to) {
        return valid(text, from, to, false);
    }

    /**
     * A single name that may stand for a host, with a numeric port or none: letters, digits and dashes, starting with
     * a letter ({@code registry}, {@code db:5432}). Only where something else says a URL is meant.
     */
    static boolean isName(String text, int from, int to) {
        return valid(text, from, to, true);
    }

    private static boolean valid(String text, int from, int to, boolean single) {
        int colon = -1;
        int hostEnd = to;
        if (from < to && text.charAt(from) == '[') {
            int close = to - 1;
            while (close > from && text.charAt(close) != ']') {
                close--;
            }
            if (close == from || single) {
                return false;
            }
            hostEnd = close + 1;
            colon = hostEnd < to ? hostEnd : -1;
        } else {
            for (int i = from; i < to && colon < 0; i++) {
                colon = text.charAt(i) == ':' ? i : -1;
            }
            hostEnd = colon < 0 ? to : colon;
            String host = text.substring(from, hostEnd);
            if (!(single ? isSingleName(host) : isHostName(host))) {
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
            boolean ok = Chars.isAlphanumeric(c) || c == '-' || c == '_'
                    || (c == '.' && i > 0 && host.charAt(i - 1) != '.');
            if (!ok || (i > dot && !Character.isLetter(c))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isSingleName(String host) {
        if (host.isEmpty() || !Character.isLetter(host.charAt(0))) {
            return false;
        }
        for (int i = 1; i < host.length(); i++) {
            if (!(Chars.isAlphanumeric(host.charAt(i)) || host.charAt(i) == '-')) {
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
}
