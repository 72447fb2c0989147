package io.meshconformance.text;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The order of the redaction of one text: its documents by structure first (a Secret's base64 must still be there to
 * be decoded), then the text rules over all of it, then any echo of a value the structure hid. Every step is linear.
 */
final class Redactor {

    /** Echoes of secrets this short would hide ordinary words; more than this many is not worth the scans. */
    private static final int ECHO_MIN = 8;
    private static final int ECHO_MAX = 4096;
    private static final int ECHO_COUNT = 64;

    private Redactor() {
    }

    /** {@code text} redacted; {@code depth} counts documents inside strings (see {@link DocumentRules#MAX_DEPTH}). */
    static String redact(String text, int depth) {
        Set<String> secrets = new HashSet<>();
        String out;
        try {
            out = Documents.redact(text, depth, secrets);
        } catch (RuntimeException | StackOverflowError | LinkageError e) {
            // Structure only adds to the text rules below; a parser that breaks leaves them the whole text.
            out = text;
            secrets.clear();
        }
        out = PemBlocks.apply(out);
        // URLs before keys: a password in a URL may hold what looks like a key ("user:p/SIG:x@host").
        out = UrlRedaction.apply(out, false);
        out = KeyValues.apply(out);
        out = TokenRuns.apply(out);
        return hideEchoes(out, secrets);
    }

    /** A value shaped like a Kubernetes name ({@code istio-system}): hiding it everywhere would hide the namespaces. */
    private static boolean isName(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.')) {
                return false;
            }
        }
        return true;
    }

    /** The same secret elsewhere in the text (a log line that repeats the token of the manifest above it). */
    private static String hideEchoes(String text, Set<String> secrets) {
        List<String> echoes = new ArrayList<>();
        for (String secret : secrets) {
            if (secret.length() >= ECHO_MIN && secret.length() <= ECHO_MAX && secret.indexOf('\n') < 0
                    && !secret.equals(Redaction.REDACTED) && !isName(secret) && echoes.size() < ECHO_COUNT) {
                echoes.add(secret);
            }
        }
        if (echoes.isEmpty()) {
            return text;
        }
        Edits edits = new Edits(text);
        for (String echo : echoes) {
            for (int at = text.indexOf(echo); at >= 0; at = text.indexOf(echo, at + echo.length())) {
                edits.redact(at, at + echo.length());
            }
        }
        return edits.apply();
    }
}
