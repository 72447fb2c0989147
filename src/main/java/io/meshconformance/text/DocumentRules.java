package io.meshconformance.text;

import java.util.LinkedHashSet;
import java.util.Set;

import tools.jackson.core.JsonToken;

import io.meshconformance.text.DocumentRedaction.Frame;
import io.meshconformance.text.DocumentRedaction.Result;
import io.meshconformance.text.DocumentRedaction.Scalar;
import io.meshconformance.text.DocumentRedaction.Syntax;

/**
 * Which values of a parsed document are secret, and what is written in their place. Secret are: values of
 * credential-named fields at any depth; every value of a Kubernetes Secret's {@code data} and {@code stringData}
 * (kubernetes.io/docs/concepts/configuration/secret), shown decoded and redacted when it holds a kubeconfig or another
 * document, else replaced whole; the {@code env} values of a kubeconfig's exec plugin and the credential-named ones of
 * a container; the argument after a {@code --token}-like flag. A string that holds a document of its own (a kubeconfig
 * in a JSON string, a manifest in an annotation) is redacted as one. How a replacement is written in the document's
 * syntax is {@link ScalarWriter}'s job.
 */
final class DocumentRules {

    /** Documents inside strings inside documents: three levels is more than real dumps have. */
    static final int MAX_DEPTH = 3;

    /**
     * What to write in place of a scalar, and the secrets it held, to be hidden wherever else the text repeats them:
     * the value itself, and for a Secret's value also what it decodes to and what the document inside it hid.
     */
    record Decision(String with, Set<String> hidden) {

        static Decision secret(String with, String value) {
            return new Decision(with, Set.of(value));
        }
    }

    private final ScalarWriter writer;
    private final boolean payload;
    private final int depth;

    DocumentRules(String text, Syntax syntax, boolean payload, int depth) {
        this.writer = new ScalarWriter(text, syntax);
        this.payload = payload;
        this.depth = depth;
    }

    /** What to write in place of {@code s}, or null to leave it as it is. */
    Decision decide(Scalar s) {
        boolean harmless = s.token() == JsonToken.VALUE_TRUE || s.token() == JsonToken.VALUE_FALSE
                || s.token() == JsonToken.VALUE_NULL || s.value().isEmpty();
        if (payload) {
            return harmless || (s.key() != null && CredentialNames.isPayloadName(s.key())) ? nested(s)
                    : Decision.secret(writer.redacted(s), s.value());
        }
        if (s.key() != null && (inSecretData(s.frame()) || encodedData(s))) {
            if (harmless) {
                return null;
            }
            return secretData(s, "data".equals(s.frame().key));
        }
        if (!harmless && ((s.key() != null && CredentialNames.isCredential(s.key())) || isEnvValue(s)
                || s.afterFlag())) {
            String scheme = s.key() != null && CredentialNames.isSchemeHeader(s.key()) ? scheme(s.value()) : null;
            return Decision.secret(scheme == null ? writer.redacted(s)
                    : writer.encode(s, scheme + Redaction.REDACTED, null), s.value());
        }
        if (s.token() == JsonToken.VALUE_STRING) {
            int eq = s.value().indexOf('=');
            if (eq > 0 && CredentialNames.isCredentialFlag(s.value().substring(0, eq))) {
                return Decision.secret(writer.encode(s, s.value().substring(0, eq + 1) + Redaction.REDACTED, null),
                        s.value().substring(eq + 1));
            }
            return nested(s);
        }
        return null;
    }

    /** {@code Bearer } of {@code Bearer x}: an authorization header's scheme says what failed, and is no secret. */
    private static String scheme(String value) {
        int i = 0;
        while (i < value.length() && i < 32 && (Character.isLetterOrDigit(value.charAt(i)) || value.charAt(i) == '-')) {
            i++;
        }
        return i > 0 && i + 1 < value.length() && value.charAt(i) == ' ' ? value.substring(0, i + 1) : null;
    }

    /** A Secret's {@code data}, or any {@code stringData}: no other Kubernetes object has that field. */
    private static boolean inSecretData(Frame frame) {
        return frame != null && !frame.array && frame.parent != null
                && ("stringData".equals(frame.key) || ("data".equals(frame.key) && isSecret(frame.parent)));
    }

    /**
     * A {@code data} value that decodes to text, in an object that says not what it is: a Secret cut before its
     * {@code kind} (kubectl writes {@code data} first), or a dump that shows only the {@code data}; or such a value
     * that a cut ended, which no longer decodes. A ConfigMap, whose data is plain text, says its kind.
     */
    private static boolean encodedData(Scalar s) {
        Frame frame = s.frame();
        return frame != null && !frame.array && "data".equals(frame.key) && frame.parent != null
                && frame.parent.kind == null && s.token() == JsonToken.VALUE_STRING
                && s.value().length() >= 8 && (s.cut() || Base64Text.decode(s.value()) != null);
    }

    /** A Secret by its kind or type, or an item of a SecretList (whose items carry no kind of their own). */
    private static boolean isSecret(Frame object) {
        if (object == null || object.array) {
            return false;
        }
        String type = object.type == null ? "" : object.type;
        return "Secret".equals(object.kind) || type.equals("Opaque") || type.startsWith("kubernetes.io/")
                || type.equals("bootstrap.kubernetes.io/token") || type.startsWith("helm.sh/release")
                || (object.parent != null && object.parent.array && "items".equals(object.parent.key)
                && object.parent.parent != null && "SecretList".equals(object.parent.parent.kind));
    }

    /**
     * {@code value} of an {@code env} item: all of an exec plugin's, whose variables exist to carry credentials
     * (kubernetes.io/docs/reference/access-authn-authz/authentication/#configuration), and a container's when the
     * variable's name is a credential's ({@code DB_PASSWORD}).
     */
    private static boolean isEnvValue(Scalar s) {
        Frame item = s.frame();
        if (!"value".equals(s.key()) || item == null || item.parent == null || !item.parent.array
                || !"env".equals(item.parent.key)) {
            return false;
        }
        Frame owner = item.parent.parent;
        return (owner != null && ("exec".equals(owner.key) || owner.exec)) || CredentialNames.isCredential(item.name);
    }

    /**
     * A value of a Secret's {@code data} ({@code base64}) or {@code stringData}: shown as the document it holds,
     * redacted as a payload, else replaced whole. Hidden elsewhere too: the value as written, what it decodes to, and
     * what its document hid.
     */
    private Decision secretData(Scalar s, boolean base64) {
        Set<String> hidden = new LinkedHashSet<>();
        hidden.add(s.value());
        String plain = base64 ? Base64Text.decode(s.value()) : s.value();
        if (plain != null) {
            hidden.add(plain);
        }
        Result shown = payload(plain);
        if (shown == null) {
            return new Decision(writer.redacted(s), hidden);
        }
        hidden.addAll(shown.secrets());
        return new Decision(writer.encode(s, shown.text(), base64 ? "base64-decoded, then redacted" : "redacted"),
                hidden);
    }

    /** The document {@code plain} holds, redacted as a payload; null when it holds none. */
    private Result payload(String plain) {
        if (plain == null || depth >= MAX_DEPTH) {
            return null;
        }
        String trimmed = plain.strip();
        Syntax inner = trimmed.startsWith("{") ? Syntax.JSON : trimmed.indexOf(':') > 0 ? Syntax.YAML : null;
        if (inner == null) {
            return null;
        }
        Result result = DocumentRedaction.redact(plain, inner, true, depth + 1);
        // A whole mapping with at least one entry; anything less ("user:pass", half a document) is replaced whole.
        return result.failedAt() >= 0 || result.tokens() < 4 ? null : result;
    }

    /** A string that holds a document or log text of its own, redacted as one. */
    private Decision nested(Scalar s) {
        String value = s.value();
        if (s.token() != JsonToken.VALUE_STRING || depth >= MAX_DEPTH || value.length() < 8) {
            return null;
        }
        String first = value.stripLeading();
        boolean document = first.startsWith("{") || first.startsWith("[")
                || (value.indexOf('\n') >= 0 && (value.indexOf(':') >= 0 || value.contains("-----")));
        if (!document) {
            return null;
        }
        Set<String> hidden = new LinkedHashSet<>();
        String redacted = Redactor.redact(value, depth + 1, hidden);
        return redacted.equals(value) ? null : new Decision(writer.encode(s, redacted, null), hidden);
    }
}
