package io.meshconformance.text;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Base64 that hides text: a Secret's values, a kubeconfig or a PEM block encoded once more. Decoding tells such a
 * value from a digest, a UID or a class name, which never decode to readable text.
 */
final class Base64Text {

    private Base64Text() {
    }

    /**
     * The text {@code value} encodes (standard or URL alphabet, padding optional, line breaks allowed), or null when
     * it is not base64 or does not decode to readable UTF-8 text.
     */
    static String decode(String value) {
        byte[] bytes = bytes(value);
        if (bytes == null || bytes.length == 0) {
            return null;
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
        int control = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t') {
                control++;
            }
        }
        return control * 20 > text.length() ? null : text;
    }

    /** The bytes {@code value} encodes, or null when it is not base64 in either alphabet. */
    static byte[] bytes(String value) {
        StringBuilder clean = new StringBuilder(value.length());
        boolean standard = false;
        boolean url = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\n' || c == '\r' || c == ' ' || c == '\t') {
                continue;
            }
            if (c == '+' || c == '/') {
                standard = true;
            } else if (c == '-' || c == '_') {
                url = true;
            } else if (c != '=' && !Chars.isAlphanumeric(c)) {
                return null;
            }
            clean.append(c);
        }
        int padding = 0;
        while (padding < clean.length() && clean.charAt(clean.length() - 1 - padding) == '=') {
            padding++;
        }
        String body = clean.substring(0, clean.length() - padding);
        if ((standard && url) || padding > 2 || body.indexOf('=') >= 0 || body.length() % 4 == 1) {
            return null;
        }
        try {
            return (url ? Base64.getUrlDecoder() : Base64.getDecoder()).decode(
                    body + "==".substring(0, (4 - body.length() % 4) % 4));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
