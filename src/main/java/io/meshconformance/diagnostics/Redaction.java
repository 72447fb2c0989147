package io.meshconformance.diagnostics;

import java.net.URI;

/** Removes secrets from what the harness prints or attaches. */
public final class Redaction {

    public static final String REDACTED = "<redacted>";

    private Redaction() {
    }

    /** A URL without its user-info and query (where credentials and tokens hide). */
    public static String uri(URI uri) {
        if (uri.getUserInfo() == null && uri.getQuery() == null) {
            return uri.toString();
        }
        StringBuilder text = new StringBuilder();
        if (uri.getScheme() != null) {
            text.append(uri.getScheme()).append("://");
        }
        if (uri.getUserInfo() != null) {
            text.append(REDACTED).append('@');
        }
        text.append(uri.getHost() == null ? "" : uri.getHost());
        if (uri.getPort() >= 0) {
            text.append(':').append(uri.getPort());
        }
        text.append(uri.getPath() == null ? "" : uri.getPath());
        if (uri.getQuery() != null) {
            text.append('?').append(REDACTED);
        }
        return text.toString();
    }

    /** Like {@link #uri(URI)} for text that may or may not be a URL; anything else is returned as it is. */
    public static String uriText(String text) {
        if (text == null || !text.contains("://")) {
            return text;
        }
        try {
            return uri(URI.create(text));
        } catch (IllegalArgumentException e) {
            // Not parseable: drop everything between the scheme and an '@', if any.
            return text.replaceAll("://[^/@]*@", "://" + REDACTED + "@");
        }
    }
}
