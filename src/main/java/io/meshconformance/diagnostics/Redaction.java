package io.meshconformance.diagnostics;

import java.net.URI;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes secrets from what the harness prints or attaches: tokens, keys, certificates, passwords, and the
 * credentials in URLs and kubeconfigs. Applied to every diagnostic before it is attached.
 */
public final class Redaction {

    public static final String REDACTED = "<redacted>";

    /** PEM blocks: certificates, private keys, CSRs. */
    private static final Pattern PEM = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----.*?-----END \\1-----", Pattern.DOTALL);
    /** JSON Web Tokens (service-account tokens): three base64url parts, the first one a JSON header. */
    private static final Pattern JWT = Pattern.compile("eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}");
    /**
     * YAML or JSON fields whose value is a credential: kubeconfig data fields, tokens, passwords, Secret data.
     * Matches {@code key: value}, {@code "key": "value"} and {@code key=value}.
     */
    private static final Pattern SECRET_FIELD = Pattern.compile(
            "(?i)(\"?(?:client-key-data|client-certificate-data|certificate-authority-data|token|id-token|"
                    + "refresh-token|access-token|password|passwd|secret|ca\\.crt|tls\\.key|tls\\.crt|auth)\"?"
                    + "\\s*[:=]\\s*)(\"[^\"]*\"|[^\\s,}]+)");
    /** HTTP authorization headers. */
    private static final Pattern BEARER = Pattern.compile("(?i)(authorization:\\s*(?:bearer|basic)\\s+)\\S+");

    private Redaction() {
    }

    /** Any text (logs, YAML, JSON, exception messages) with its secrets replaced by {@value #REDACTED}. */
    public static String text(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String out = PEM.matcher(text).replaceAll(m -> Matcher.quoteReplacement(
                "-----BEGIN " + m.group(1) + "----- " + REDACTED + " -----END " + m.group(1) + "-----"));
        out = JWT.matcher(out).replaceAll(REDACTED);
        out = BEARER.matcher(out).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + REDACTED));
        out = SECRET_FIELD.matcher(out).replaceAll(m -> Matcher.quoteReplacement(m.group(1)
                + (m.group(2).startsWith("\"") ? "\"" + REDACTED + "\"" : REDACTED)));
        out = out.replaceAll("://[^/@\\s:]+:[^/@\\s]+@", "://" + REDACTED + "@");
        return out;
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

    /** At most {@code max} characters; the cut is said, with how much was left out. */
    public static String cap(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        return text.substring(0, max) + "\n... (" + (text.length() - max) + " more characters left out)";
    }
}
