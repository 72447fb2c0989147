package io.meshconformance.text;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Test support: fake secrets in the shapes the redaction must catch (PEM blocks, JWTs), assembled at run time from
 * text that says it is fake, so that no committed line looks like a key or a token to a reader or a secret scanner.
 * Decoded, every body reads "fake ...".
 */
public final class FakeSecrets {

    private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

    private FakeSecrets() {
    }

    /** {@code -----BEGIN <kind>-----}, e.g. for kind "EC PRIVATE KEY". */
    public static String begin(String kind) {
        return "-----" + "BEGIN " + kind + "-----";
    }

    /** {@code -----END <kind>-----}. */
    public static String end(String kind) {
        return "-----" + "END " + kind + "-----";
    }

    /** Base64 (standard alphabet) of {@code text}: a PEM-shaped body that decodes to words. */
    public static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** A PEM block of {@code kind} whose body is the base64 of "fake <kind> ...", one line of 64 at most. */
    public static String pem(String kind, String note) {
        return begin(kind) + "\n" + base64("fake " + kind.toLowerCase() + ", " + note) + "\n" + end(kind);
    }

    /**
     * Base64 of {@code bytes} bytes shaped as DER (a SEQUENCE header, 0x30 0x82, then its length), as every PEM
     * body of a key or certificate begins ("MII..."); what follows the header is the text "fake der body".
     */
    public static String der(int bytes) {
        byte[] der = new byte[Math.max(bytes, 4)];
        der[0] = 0x30;
        der[1] = (byte) 0x82;
        der[2] = 0x01;
        der[3] = (byte) 0xb3;
        byte[] fake = "fake der body ".getBytes(StandardCharsets.UTF_8);
        for (int i = 4; i < der.length; i++) {
            der[i] = fake[(i - 4) % fake.length];
        }
        return Base64.getEncoder().encodeToString(der);
    }

    /** A JWT's header: {"alg":"none","typ":"JWT","fake":true}, base64url. Starts with "eyJ" like every JWT. */
    public static String jwtHeader() {
        return URL.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\",\"fake\":true}".getBytes(StandardCharsets.UTF_8));
    }

    /** A JWT-shaped token for {@code subject}: fake header, {"sub":"fake-<subject>"}, and a fake signature. */
    public static String jwt(String subject) {
        return jwtHeader() + "." + URL.encodeToString(("{\"sub\":\"fake-" + subject + "\"}")
                .getBytes(StandardCharsets.UTF_8)) + "." + URL.encodeToString(("fake-signature-of-" + subject)
                .getBytes(StandardCharsets.UTF_8));
    }
}
