package io.meshconformance.text;

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
    /** Fields whose value is a credential, as YAML or JSON keys (at the start of a line, or after { or ,). */
    private static final String KEYS = "client-key-data|client-certificate-data|certificate-authority-data|token|"
            + "id-token|refresh-token|access-token|password|passwd|ca\\.crt|tls\\.key|tls\\.crt|"
            + "\\.dockerconfigjson|client-secret";
    /** {@code key: |} or {@code key: >}: the secret is the indented block below. */
    private static final Pattern SECRET_BLOCK = Pattern.compile(
            "(?im)^(?<indent>[\\t ]*)(?<key>-?[\\t ]*\"?(?:" + KEYS + ")\"?\\s*:\\s*[|>][-+]?[\\t ]*\\n)"
                    + "(?:\\k<indent>[\\t ]+\\S.*(?:\\n|$))+");
    private static final Pattern SECRET_FIELD = Pattern.compile(
            "(?im)((?:^[\\t -]*|[{,]\\s*)\"?(?:" + KEYS + ")\"?\\s*:\\s*)(\"(?:[^\"\\\\]|\\\\.)*\"|'[^']*'|[^\\s,}]+)");
    /** {@code token=...} and {@code password=...} in logs and command lines. */
    private static final Pattern SECRET_ASSIGNMENT = Pattern.compile(
            "(?i)(\\b(?:token|password|passwd)=)(\"(?:[^\"\\\\]|\\\\.)*\"|[^\\s,&;]+)");
    /** Authorization headers, as text, JSON, or Envoy's header dumps ({@code 'authorization', 'Bearer x'}). */
    private static final Pattern AUTHORIZATION = Pattern.compile(
            "(?i)(authorization[\"']?\\s*[:=,]\\s*[\"']?\\s*(?:bearer|basic)\\s+)[^\\s\"']+");
    /** Credentials in URLs: {@code scheme://user:password@host} and {@code scheme://token@host}. */
    private static final Pattern URL_CREDENTIALS = Pattern.compile("://[^/@\\s\"']+@");
    /** A line that is nothing but a long base64 run: the body of a PEM block whose BEGIN line was cut off. */
    private static final Pattern BASE64_LINE = Pattern.compile("(?m)^\\s*[A-Za-z0-9+/]{40,}={0,2}\\s*$");

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
        out = AUTHORIZATION.matcher(out).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + REDACTED));
        out = SECRET_BLOCK.matcher(out).replaceAll(m -> Matcher.quoteReplacement(
                m.group(1) + m.group(2) + m.group(1) + "  " + REDACTED + "\n"));
        out = SECRET_FIELD.matcher(out).replaceAll(m -> Matcher.quoteReplacement(m.group(1)
                + (m.group(2).startsWith("\"") ? "\"" + REDACTED + "\"" : REDACTED)));
        out = SECRET_ASSIGNMENT.matcher(out).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + REDACTED));
        out = URL_CREDENTIALS.matcher(out).replaceAll(Matcher.quoteReplacement("://" + REDACTED + "@"));
        out = BASE64_LINE.matcher(out).replaceAll(REDACTED);
        return out;
    }

    /**
     * A copy of {@code failure} fit for reports: the same class name, messages redacted along the cause chain,
     * the same stack traces.
     */
    public static RuntimeException throwable(Throwable failure) {
        if (failure == null) {
            return null;
        }
        RedactedException copy = new RedactedException(failure.getClass().getName() + ": " + text(
                String.valueOf(failure.getMessage())), failure.getCause() == null ? null
                : throwable(failure.getCause()));
        copy.setStackTrace(failure.getStackTrace());
        return copy;
    }

    /** A failure whose message was redacted; its own message starts with the original class name. */
    public static final class RedactedException extends RuntimeException {
        RedactedException(String message, Throwable cause) {
            super(message, cause);
        }

        @Override
        public String toString() {
            return getMessage();
        }
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

    /** The last {@code max} characters of {@code text} (the end of a log is what explains a failure). */
    public static String capTail(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        return "(" + (text.length() - max) + " earlier characters left out) ...\n" + text.substring(text.length() - max);
    }
}
