package io.meshconformance.text;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

/**
 * Secrets shaped like real ones, made at run time from a seed: keys from the JDK's generators, tokens and passwords
 * from random bytes. Nothing here is a literal secret, so no committed line looks like a key or a token, and a failing
 * seed reproduces its case.
 */
final class SecretCorpus {

    /** The words of generated passphrases; none of them occurs in the text the tests put around secrets. */
    static final List<String> WORDS = List.of("cobalt", "walrus", "quartz", "tundra", "saffron", "mosaic", "falcon",
            "juniper", "obsidian", "marmot", "zephyr", "lichen", "paprika", "bramble", "vortex", "nimbus");
    /** What a password generator of a typical policy uses: no quotes, backslashes or spaces. */
    private static final String PASSWORD_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
            + "!#$%*+=?@^_~.-";

    /** Key generation is slow; a few keys are made once and picked from. */
    private static final List<String> KEYS = keys();

    private final Random random;

    SecretCorpus(long seed) {
        this.random = new Random(seed);
    }

    Random random() {
        return random;
    }

    /** A service-account-like JWT: a JSON header and claims, base64url, and an RS256-sized signature. */
    String jwt() {
        String header = "{\"alg\":\"RS256\",\"kid\":\"" + urlToken(16) + "\"}";
        String claims = "{\"iss\":\"kubernetes/serviceaccount\",\"sub\":\"system:serviceaccount:istio-system:"
                + "istio-reader-" + random.nextInt(1000) + "\",\"exp\":" + (1_700_000_000L + random.nextInt(1 << 30))
                + ",\"jti\":\"" + urlToken(12) + "\"}";
        return url(header.getBytes(StandardCharsets.UTF_8)) + "." + url(claims.getBytes(StandardCharsets.UTF_8)) + "."
                + urlToken(256);
    }

    /** Standard base64 of random bytes, padding and all. */
    String base64Token(int bytes) {
        return Base64.getEncoder().encodeToString(bytes(bytes));
    }

    /** base64url of random bytes without padding (a bearer token, a signature). */
    String urlToken(int bytes) {
        return url(bytes(bytes));
    }

    /** Random hex (an API key of some services): kept in free text, where it looks like a digest, but not after a key. */
    String hexToken(int bytes) {
        return HexFormat.of().formatHex(bytes(bytes));
    }

    /** A password of a typical generator's policy, 12 to 24 characters, starting with a letter. */
    String password() {
        StringBuilder out = new StringBuilder();
        out.append((char) ('a' + random.nextInt(26)));
        int length = 12 + random.nextInt(13);
        while (out.length() < length) {
            out.append(PASSWORD_CHARS.charAt(random.nextInt(PASSWORD_CHARS.length())));
        }
        return out.toString();
    }

    /** Four or five words with spaces between them. */
    String passphrase() {
        List<String> words = new ArrayList<>();
        int count = 4 + random.nextInt(2);
        for (int i = 0; i < count; i++) {
            words.add(WORDS.get(random.nextInt(WORDS.size())));
        }
        return String.join(" ", words);
    }

    /** A PEM private key made by the JDK (RSA or EC, PKCS #8). */
    String privateKey() {
        return KEYS.get(random.nextInt(KEYS.size()));
    }

    /** A PEM certificate-sized block: random DER-like bytes, base64, 64 to the line. */
    String certificate() {
        byte[] der = bytes(700 + random.nextInt(500));
        der[0] = 0x30;
        der[1] = (byte) 0x82;
        return pem("CERTIFICATE", der);
    }

    /** The {@code auth} of a docker config: base64 of user:password. */
    String dockerAuth(String user, String password) {
        return base64(user + ":" + password);
    }

    static String base64(String text) {
        return FakeSecrets.base64(text);
    }

    static String pem(String label, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return FakeSecrets.begin(label) + "\n" + body + "\n" + FakeSecrets.end(label) + "\n";
    }

    private byte[] bytes(int count) {
        byte[] bytes = new byte[count];
        random.nextBytes(bytes);
        return bytes;
    }

    private static String url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static List<String> keys() {
        try {
            List<String> keys = new ArrayList<>();
            KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
            rsa.initialize(2048);
            keys.add(pem("PRIVATE KEY", rsa.generateKeyPair().getPrivate().getEncoded()));
            keys.add(pem("RSA PRIVATE KEY", rsa.generateKeyPair().getPrivate().getEncoded()));
            KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
            ec.initialize(new ECGenParameterSpec("secp256r1"));
            for (int i = 0; i < 4; i++) {
                keys.add(pem(i % 2 == 0 ? "EC PRIVATE KEY" : "PRIVATE KEY", ec.generateKeyPair().getPrivate().getEncoded()));
            }
            return List.copyOf(keys);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK makes no RSA or EC keys here", e);
        }
    }
}
