package io.meshconformance.topology;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/**
 * Says in words what is malformed in a URL that {@link URI} could not read, or read without a host, so that a
 * message names the part to fix ("the port 'abc' is not a number") instead of calling an https URL "not https".
 * Never repeats the user-info, where a password may be: only the host and the port are quoted.
 */
public final class MalformedUrl {

    private MalformedUrl() {
    }

    /**
     * Why a text is not a URL at all, from the parser's reason ("illegal character in authority"); its index is
     * left out, as for the authority it points at where that part starts, not at the character.
     */
    public static String reason(IllegalArgumentException notParsed) {
        if (notParsed.getCause() instanceof URISyntaxException syntax) {
            return syntax.getReason().toLowerCase(Locale.ROOT);
        }
        return "it cannot be read as a URL";
    }

    /**
     * Why {@code uri}, read with a scheme but without a host, has none: what is wrong in its authority
     * ({@code [user-info@]host[:port]}), in words, without the user-info.
     */
    public static String reason(URI uri) {
        String authority = uri.getRawAuthority();
        if (authority == null || authority.isEmpty()) {
            return "it has no host after '" + uri.getScheme() + "://'";
        }
        String rest = uri.getRawSchemeSpecificPart().substring(2 + authority.length())
                + (uri.getRawFragment() == null ? "" : uri.getRawFragment());
        if (rest.contains("@")) {
            // The authority ends at the first '/', '?' or '#': one inside a password cuts it short.
            return "a '/', '?' or '#' comes before the last '@', so the host cannot be told apart from the user name"
                    + " and password: write those characters in them as %2F, %3F and %23";
        }
        int at = authority.lastIndexOf('@');
        if (at >= 0 && authority.substring(0, at).contains("@")) {
            return "it has more than one '@' before the host: write an '@' in the user name or password as %40";
        }
        String hostPort = authority.substring(at + 1);
        String host = host(hostPort);
        String port = hostPort.substring(host.length());
        if (host.isEmpty()) {
            return "it has no host after '" + uri.getScheme() + "://'";
        }
        if (!port.isEmpty() && !port.matches(":\\d{1,5}")) {
            // Without an '@', 'user:password' reads as 'host:port': what follows the ':' may be a password.
            return at >= 0 ? "the port '" + port.substring(1) + "' is not a number from 1 to 65535"
                    : "what follows the ':' after '" + host + "' is not a port number from 1 to 65535 (not quoted: if"
                    + " it is a password, an '@' and the host must follow it)";
        }
        return "the host '" + host + "' is not a host name (letters, digits and '-' in dot-separated labels) nor"
                + " an IP address";
    }

    /** The host as written in {@code uri}'s authority (after the last '@', before the port); empty if none. */
    public static Optional<String> writtenHost(URI uri) {
        String authority = uri.getRawAuthority();
        if (authority == null) {
            return Optional.empty();
        }
        String host = host(authority.substring(authority.lastIndexOf('@') + 1));
        return host.isEmpty() ? Optional.empty() : Optional.of(host);
    }

    /** The host of {@code host[:port]}: a bracketed IPv6 literal, or everything before the last ':'. */
    private static String host(String hostPort) {
        if (hostPort.startsWith("[")) {
            int close = hostPort.indexOf(']');
            return close < 0 ? hostPort : hostPort.substring(0, close + 1);
        }
        int colon = hostPort.lastIndexOf(':');
        return colon < 0 ? hostPort : hostPort.substring(0, colon);
    }
}
