package io.meshconformance.doctor;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names certificates by their SHA-256 fingerprints, so that a table can tell roots apart without showing one.
 */
final class CertificateFingerprints {

    private static final Pattern PEM_CERTIFICATE = Pattern.compile(
            "-----BEGIN CERTIFICATE-----(.*?)-----END CERTIFICATE-----", Pattern.DOTALL);

    private CertificateFingerprints() {
    }

    /**
     * The SHA-256 of every certificate's DER bytes in a PEM bundle, as openssl shows a fingerprint; never the
     * certificates. A body that is not PEM is fingerprinted as it is.
     */
    static List<String> fingerprints(String pem) {
        List<String> all = new ArrayList<>();
        Matcher m = PEM_CERTIFICATE.matcher(pem);
        while (m.find()) {
            try {
                all.add(sha256(Base64.getMimeDecoder().decode(m.group(1).trim())));
            } catch (IllegalArgumentException e) {
                all.add(sha256(m.group(1).getBytes(StandardCharsets.UTF_8)));
            }
        }
        if (all.isEmpty()) {
            all.add(sha256(pem.getBytes(StandardCharsets.UTF_8)));
        }
        return all;
    }

    /** The first 8 bytes, enough to tell roots apart in a table. */
    static String shortFingerprint(String fingerprint) {
        return fingerprint.substring(0, 23) + ":...";
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            // Every Java platform must provide SHA-256 (java.security.MessageDigest's javadoc).
            throw new IllegalStateException(e);
        }
    }
}
