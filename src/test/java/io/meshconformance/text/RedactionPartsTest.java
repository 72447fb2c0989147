package io.meshconformance.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** The small parts: names, base64 text, edits, echoes, and the entry points' second cut and cause limit. */
class RedactionPartsTest {

    @Test
    void credentialNamesWhateverTheirSpelling() {
        for (String name : new String[] {"token", "bearerToken", "id-token", "ACCESS_TOKEN", "client_secret", "Password",
                "passwd", "tls.key", ".dockerconfigjson", "X-Auth-Token", "Set-Cookie", "sig", "client-key-data",
                "certificate-authority-data", "caBundle", "x-amz-signature", "AWS_SECRET_ACCESS_KEY"}) {
            assertTrue(CredentialNames.isCredential(name), name);
        }
        for (String name : new String[] {"tokenFile", "secretName", "key", "PWD", "name", "passed", "", "a b-token",
                "x".repeat(124) + "token"}) {
            assertFalse(CredentialNames.isCredential(name), name);
        }
        assertFalse(CredentialNames.isCredential(null));
        for (String numbered : new String[] {"db_password2", "PASSWORD_1", "token2", "client-secret-3", "--token2",
                "tls.key.1", "apiKey99"}) {
            assertTrue(CredentialNames.isCredential(numbered), numbered + ": a number after the name is no other name");
        }
        for (String numbered : new String[] {"sha256", "v2", "replicas3", "x509", "12345"}) {
            assertFalse(CredentialNames.isCredential(numbered), numbered);
        }
        assertTrue(CredentialNames.isCredential("x".repeat(123) + "token"));
        assertTrue(CredentialNames.isCredentialFlag("--token") && CredentialNames.isCredentialFlag("-password"));
        assertFalse(CredentialNames.isCredentialFlag("-") || CredentialNames.isCredentialFlag("token")
                || CredentialNames.isCredentialFlag("--" + "x".repeat(98) + "token"));
        assertTrue(CredentialNames.isPayloadName("current-context") && !CredentialNames.isPayloadName(null)
                && !CredentialNames.isPayloadName("token"));
        assertTrue(CredentialNames.isProseWord("Token") && !CredentialNames.isProseWord("access_token"));
        assertTrue(CredentialNames.isHeader("Set-Cookie") && CredentialNames.isHeader("proxy_authorization")
                && !CredentialNames.isHeader("x-auth-token"));
        assertTrue(CredentialNames.isSchemeHeader("Authorization") && !CredentialNames.isSchemeHeader("cookie"));
    }

    @Test
    void base64OfTextIsToldFromBase64OfBytes() {
        assertEquals("user:password", Base64Text.decode("dXNlcjpwYXNzd29yZA=="));
        assertEquals("user:password", Base64Text.decode("dXNlcjpwYXNzd29yZA"));
        assertEquals("a\tb\nc", Base64Text.decode("YQliCmM="));
        assertEquals(">>>", Base64Text.decode("Pj4-"));
        assertEquals("a\u00e9", Base64Text.decode("YcOp"));
        assertNull(Base64Text.decode("//79"), "not UTF-8");
        assertNull(Base64Text.decode("AAECAwQFBgcICQoL"), "control characters");
        assertEquals("aaaaaaaaaaaaaaaaaaa\u0001", Base64Text.decode(SecretCorpus.base64("a".repeat(19) + "\u0001")));
        assertNull(Base64Text.decode(""));
        assertNull(Base64Text.decode("ab+c-d"), "both alphabets");
        assertNull(Base64Text.decode("abc==="), "three = of padding");
        assertNull(Base64Text.decode("ab=c"), "padding inside");
        assertNull(Base64Text.decode("abcde"), "one character too many");
        assertNull(Base64Text.decode("ab!c"), "not base64");
        assertArrayEquals("ab".getBytes(StandardCharsets.UTF_8), Base64Text.bytes("Y W\nI="));
        assertNull(Base64Text.bytes("A"));
    }

    @Test
    void editsNeverOverlapAndAnOverlapIsRedacted() {
        String digits = "0123456789";
        Edits edits = new Edits(digits);
        assertSame(digits, edits.apply());
        edits.replace(2, 4, "a");
        edits.replace(3, 6, "b");
        edits.replace(8, 8, "");
        edits.replace(9, 11, "out of range");
        edits.replace(5, 4, "backwards");
        edits.redact(7, 7);
        assertEquals("01a<redacted>6789", edits.apply());
        Edits wider = new Edits("0123456789");
        wider.replace(2, 4, "a");
        wider.replace(2, 6, "b");
        wider.replace(3, 4, "c");
        wider.replace(8, 8, "d");
        assertEquals("01b67d89", wider.apply());
        String redacted = "x <redacted> y";
        Edits marker = new Edits(redacted);
        marker.redact(2, 12);
        assertSame(redacted, marker.apply(), "exactly the marker is left as it is");
        Edits longer = new Edits("x <redacted>hunter2 y");
        longer.redact(2, 19);
        assertEquals("x <redacted> y", longer.apply(), "a range that only starts with the marker is redacted");
    }

    @Test
    void aSecretTheStructureHidIsHiddenWhereverElseTheTextRepeatsIt() {
        assertEquals("token: <redacted>\nlog: retried with <redacted> and istio-system\n", Redaction.text(
                "token: Xy7abcd9!\nlog: retried with Xy7abcd9! and istio-system\n"));
        assertEquals("env:\n- name: LOG\n  value: debug\nexec:\n  env:\n  - name: NS\n    value: <redacted>\nns istio-system\n",
                Redaction.text("env:\n- name: LOG\n  value: debug\nexec:\n  env:\n  - name: NS\n    value: istio-system\n"
                        + "ns istio-system\n"), "a value shaped like a name is hidden where it is a secret, not elsewhere");
        assertEquals("password: <redacted>\nshort Xy7abcd", Redaction.text("password: Xy7abcd\nshort Xy7abcd"),
                "under eight characters no echo is looked for");
    }

    /**
     * A Secret's value decoded, and what the document inside it hid (a kubeconfig's password), are hidden where a later
     * log line of the same text repeats them, as the value's base64 always was.
     */
    @Test
    void whatASecretHoldsIsHiddenWhereverTheTextRepeatsIt() {
        String kubeconfig = "apiVersion: v1\nkind: Config\nusers:\n- name: r\n  user:\n    password: Hunter2-Hunter2\n";
        String secret = "apiVersion: v1\nkind: Secret\ndata:\n  config: " + SecretCorpus.base64(kubeconfig) + "\n  pin: "
                + SecretCorpus.base64("s3cret!Pin99") + "\n";
        String log = "2026-11-25T14:00:00Z error login with Hunter2-Hunter2 failed, pin s3cret!Pin99 rejected\n";
        String out = Redaction.text(secret + log);
        assertTrue(out.endsWith("\n2026-11-25T14:00:00Z error login with <redacted> failed, pin <redacted> rejected\n"),
                out);
        String json = "{\"kind\":\"Secret\",\"stringData\":{\"config\":" + Planted.json(kubeconfig) + "}}\n";
        assertTrue(Redaction.text(json + log).endsWith("error login with <redacted> failed, pin s3cret!Pin99 rejected\n"),
                "the password of a document under stringData: " + Redaction.text(json + log));
        String nested = "{\"name\":\"remote\",\"kubeconfig\":" + Planted.json(kubeconfig) + "}\n";
        assertTrue(Redaction.text(nested + log).endsWith("error login with <redacted> failed, pin s3cret!Pin99 rejected\n"),
                "the password of a document inside a string: " + Redaction.text(nested + log));
        assertEquals("args: [\"--token=<redacted>\"]\nretried with <redacted>",
                Redaction.text("args: [\"--token=Xy7abcd9!z\"]\nretried with Xy7abcd9!z"), "the value of a flag");
    }

    @Test
    void aValueShapedLikeANameIsNoEcho() {
        for (String name : new String[] {"istio-system", "a.b-c.d-0-9", "zzzzzzzz", "00000000"}) {
            assertEquals("exec:\n  env:\n  - name: N\n    value: <redacted>\nsee " + name,
                    Redaction.text("exec:\n  env:\n  - name: N\n    value: " + name + "\nsee " + name), name);
        }
        for (String value : new String[] {"Istio-system", "istio_system", "istio/system", "istio-systeM"}) {
            assertEquals("exec:\n  env:\n  - name: N\n    value: <redacted>\nsee <redacted>",
                    Redaction.text("exec:\n  env:\n  - name: N\n    value: " + value + "\nsee " + value), value);
        }
    }

    @Test
    void cappedCutsAgainWhenRedactionMadeTheTextLonger() {
        String kubeconfig = "apiVersion: v1\nkind: Config\nusers:\n- name: remote\n  user:\n    token: abc\n"
                .repeat(30);
        String secret = "kind: Secret\ndata:\n  remote: " + SecretCorpus.base64(kubeconfig) + "\n";
        String capped = Redaction.capped(secret, secret.length());
        assertTrue(capped.length() <= secret.length() + 64 + 60, capped.length() + " of " + secret.length());
        assertTrue(capped.contains("more characters left out"), capped);
        assertNull(Redaction.capped(null, 3));
        assertEquals("a: <redacted>", Redaction.capped("a: " + "x".repeat(10), 100).replace("x".repeat(10), "<redacted>"));
    }

    @Test
    void aLongCauseChainIsCutAtThirtyTwo() {
        Throwable chain = new IllegalStateException("0");
        for (int i = 1; i < 40; i++) {
            chain = new IllegalStateException(String.valueOf(i), chain);
        }
        int depth = 0;
        for (Throwable t = Redaction.throwable(chain); t != null; t = t.getCause()) {
            depth++;
        }
        assertEquals(32, depth);
        assertNull(Redaction.throwable(null));
        assertEquals("java.lang.IllegalStateException: null", Redaction.throwable(new IllegalStateException()).toString());
    }
}
