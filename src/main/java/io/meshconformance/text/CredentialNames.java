package io.meshconformance.text;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which names of fields, headers, flags, environment variables and URL parameters hold a credential. Names are
 * compared without case, separators or a number at their end, so {@code client_secret}, {@code client-secret},
 * {@code clientSecret}, {@code CLIENT_SECRET} and {@code client-secret-2} are one name.
 */
final class CredentialNames {

    /**
     * A name ending in one of these holds a credential: {@code bearerToken}, {@code id-token}, {@code ACCESS_TOKEN},
     * {@code X-Auth-Token}, {@code client-key-data}, {@code tls.key}, {@code .dockerconfigjson}, {@code Set-Cookie}.
     * Certificates ({@code ca.crt}, {@code certificate-authority-data}) are public, but they are kept out too: they are
     * long base64 that tells a reader of a failure nothing, and a field named for a certificate in a Secret usually
     * sits next to its key, so hiding by name leaves nothing to a mislabelled field.
     */
    private static final List<String> SUFFIXES = List.of("token", "password", "passwd", "passphrase", "secret",
            "apikey", "privatekey", "secretkey", "accesskey", "clientkey", "keydata", "certificatedata",
            "authoritydata", "signingkey", "encryptionkey", "tlskey", "cacrt", "tlscrt", "cabundle", "dockerconfigjson",
            "dockercfg", "auth", "authorization", "cookie", "credential", "credentials", "signature");

    /** Exact names that hold a credential but end in nothing above: URL signatures ({@code sig=}). */
    private static final Set<String> EXACT = Set.of("sig");

    /**
     * Bare words that name a credential as a key ({@code token: x} at the start of a line, {@code "secret": "x"},
     * {@code ?sig=x}) but are ordinary words in prose: "failed to fetch token: serviceaccounts ... not found",
     * "added cluster from secret=istio-system/istio-remote-secret-remote".
     */
    private static final Set<String> PROSE_WORDS = Set.of("token", "secret", "auth", "credential", "credentials",
            "signature", "sig", "cookie");

    /** Headers whose value is a scheme then the credential: {@code Authorization: Bearer x}. */
    private static final Set<String> SCHEME_HEADERS = Set.of("authorization", "proxyauthorization");

    /**
     * Inside a Secret's decoded payload every value is secret but these, which name or address things: what a
     * kubeconfig needs to be read by a person
     * (kubernetes.io/docs/concepts/configuration/organize-cluster-access-kubeconfig).
     */
    private static final Set<String> PAYLOAD_NAMES = Set.of("apiversion", "kind", "name", "namespace", "cluster",
            "user", "context", "currentcontext", "server", "tlsservername", "insecureskiptlsverify", "proxyurl",
            "command", "interactivemode", "provideclusterinfo", "disablecompression");

    private CredentialNames() {
    }

    /** {@code name} in lower case without {@code - _ .}, spaces, quotes and leading flag dashes. */
    static String normalize(String name) {
        StringBuilder out = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isLetterOrDigit(c)) {
                out.append(c);
            }
        }
        return out.toString().toLowerCase(Locale.ROOT);
    }

    /**
     * Whether a field, header, flag or variable of this name holds a credential. A name is one word of letters,
     * digits and {@code - _ .}: a YAML parser reading prose makes keys of phrases ("volume \"istio-token\" "), which
     * are no field's.
     */
    static boolean isCredential(String name) {
        if (name == null || name.isEmpty() || name.length() > 128) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(Character.isLetterOrDigit(c) || c == '-' || c == '_' || c == '.')) {
                return false;
            }
        }
        String n = withoutNumber(normalize(name));
        if (EXACT.contains(n)) {
            return true;
        }
        for (String suffix : SUFFIXES) {
            if (n.endsWith(suffix)) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@code normalized} without the number it ends in: {@code db_password2}, {@code PASSWORD_1} and
     * {@code client-secret-3} are the second or third of the same kind of credential, not another name.
     */
    private static String withoutNumber(String normalized) {
        int end = normalized.length();
        while (end > 0 && Character.isDigit(normalized.charAt(end - 1))) {
            end--;
        }
        return normalized.substring(0, end);
    }

    /** Whether {@code name} is also an ordinary word, so that in prose it is no key ({@link #PROSE_WORDS}). */
    static boolean isProseWord(String name) {
        return PROSE_WORDS.contains(normalize(name));
    }

    /** Authorization headers: the scheme ({@code Bearer}, {@code Negotiate}, ...) may stay, what follows may not. */
    static boolean isSchemeHeader(String name) {
        return SCHEME_HEADERS.contains(normalize(name));
    }

    /** Cookies and authorization headers: their whole value is a credential, spaces and all. */
    static boolean isHeader(String name) {
        String n = normalize(name);
        return SCHEME_HEADERS.contains(n) || n.equals("cookie") || n.equals("setcookie");
    }

    /** Names whose value may stay inside a Secret's decoded payload ({@link #PAYLOAD_NAMES}). */
    static boolean isPayloadName(String name) {
        return name != null && PAYLOAD_NAMES.contains(normalize(name));
    }

    /** A command-line flag that takes a credential: {@code --token}, {@code --client-secret}, {@code -password}. */
    static boolean isCredentialFlag(String arg) {
        return arg.startsWith("-") && arg.length() > 1 && arg.length() < 100 && isCredential(arg);
    }
}
