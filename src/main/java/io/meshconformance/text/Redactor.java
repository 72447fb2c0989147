package io.meshconformance.text;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The order of the redaction of one text: its documents by structure first (a Secret's base64 must still be there to
 * be decoded), then the text rules over all of it, then any echo of a value the structure hid. Every step reads each
 * character a bounded number of times: the parsers within a budget of characters ({@link Documents}), each scanner
 * once or a few times, the echoes once per value looked for, at most {@link Echoes#COUNT}.
 */
final class Redactor {

    private Redactor() {
    }

    /** {@code text} redacted; {@code depth} counts documents inside strings (see {@link DocumentRules#MAX_DEPTH}). */
    static String redact(String text, int depth) {
        return redact(text, depth, new LinkedHashSet<>());
    }

    /**
     * Like {@link #redact(String, int)}, adding to {@code hidden} the values its documents showed to be secret: a
     * text inside a document's string hides them in the text around it too.
     */
    static String redact(String text, int depth, Set<String> hidden) {
        // In the order the documents show them, so that the values looked for again are the first ones.
        Set<String> secrets = new LinkedHashSet<>();
        String out;
        try {
            out = Documents.redact(text, depth, secrets);
        } catch (RuntimeException | StackOverflowError | LinkageError e) {
            // Structure only adds to the text rules below; a parser that breaks leaves them the whole text.
            out = text;
            secrets.clear();
        }
        hidden.addAll(secrets);
        out = PemBlocks.apply(out);
        // URLs before keys: a password in a URL may hold what looks like a key ("user:p/SIG:x@host").
        out = UrlRedaction.apply(out, false);
        out = KeyValues.apply(out);
        out = TokenRuns.apply(out);
        return Echoes.hide(out, secrets);
    }
}
