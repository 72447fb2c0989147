package io.meshconformance.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Redaction on realistic inputs. The secrets are fake but shaped like real ones; they are assembled at run time so
 * that no committed line looks like a key or a token.
 */
class RedactionTest {

    static final String JWT = FakeSecrets.jwt("system:serviceaccount:istio-system:reader");
    static final String KEY_BODY = FakeSecrets.base64("fake rsa key for the redaction test");
    static final String KEY = FakeSecrets.begin("RSA PRIVATE KEY") + "\n" + KEY_BODY + "\n"
            + FakeSecrets.end("RSA PRIVATE KEY");
    static final String CERT_BODY = FakeSecrets.base64("fake certificate for the test");
    static final String CERT = FakeSecrets.begin("CERTIFICATE") + "\n" + CERT_BODY + "\n" + FakeSecrets.end("CERTIFICATE");
    /** Base64 of whole PEM blocks, as kubeconfigs hold them. */
    static final String CA_DATA = FakeSecrets.base64(CERT);
    static final String KEY_DATA = FakeSecrets.base64(FakeSecrets.pem("EC PRIVATE KEY", "client key of the test"));

    @Test
    void kubeconfigLosesEveryCredentialButKeepsItsShape() {
        String kubeconfig = """
                apiVersion: v1
                clusters:
                - cluster:
                    certificate-authority-data: %s
                    server: https://192.168.255.3:6443
                  name: remote
                users:
                - name: remote
                  user:
                    token: %s
                    client-certificate-data: %s
                    client-key-data: %s
                """.formatted(CA_DATA, JWT, CA_DATA, KEY_DATA);
        String out = Redaction.text(kubeconfig);
        assertFalse(out.contains(JWT), out);
        assertFalse(out.contains(CA_DATA.substring(0, 16)), out);
        assertFalse(out.contains(KEY_DATA.substring(0, 16)), out);
        assertTrue(out.contains("server: https://192.168.255.3:6443"), out);
        assertTrue(out.contains("token: <redacted>"), out);
        assertTrue(out.contains("client-key-data: <redacted>"), out);
    }

    @Test
    void pemBlocksAndBareTokensInLogs() {
        String log = "2026-11-25T14:00:00Z info loaded key " + KEY + "\nca " + CERT + "\n"
                + "2026-11-25T14:00:01Z debug request with " + JWT + " accepted";
        String out = Redaction.text(log);
        assertFalse(out.contains(KEY_BODY.substring(0, 16)), out);
        assertFalse(out.contains(CERT_BODY.substring(0, 16)), out);
        assertFalse(out.contains(JWT), out);
        assertTrue(out.contains(FakeSecrets.begin("RSA PRIVATE KEY") + " <redacted> " + FakeSecrets.end("RSA PRIVATE KEY")),
                out);
        assertTrue(out.contains("info loaded key"), "the rest of the log stays readable: " + out);
    }

    @Test
    void jsonSecretDataAndHeaders() {
        String json = "{\"data\": {\"token\": \"ZmFrZS10b2tlbg==\", \"ca.crt\": \"LS0tLS1C\"}, \"password\": \"hunter2\"}";
        String out = Redaction.text(json);
        assertEquals("{\"data\": {\"token\": \"<redacted>\", \"ca.crt\": \"<redacted>\"}, \"password\": \"<redacted>\"}", out);
        assertEquals("Authorization: Bearer <redacted>", Redaction.text("Authorization: Bearer " + JWT));
        assertEquals("https://<redacted>@mirror.example.com:5000/v2",
                Redaction.text("https://robot:s3cr3t@mirror.example.com:5000/v2"));
    }

    @Test
    void harderShapesOfSecrets() {
        String escaped = Redaction.text("{\"password\":\"ab\\\"cdefTAIL\"}");
        assertFalse(escaped.contains("TAIL"), escaped);
        String block = Redaction.text("data:\n  token: |\n    ZmFrZS10b2tlbi1saW5lLW9uZQ==\n    bGluZS10d28=\n  name: kept\n");
        assertFalse(block.contains("ZmFrZS10b2tlbi1saW5lLW9uZQ=="), block);
        assertFalse(block.contains("bGluZS10d28="), block);
        assertTrue(block.contains("  name: kept"), "the sibling after the block stays: " + block);
        assertEquals("{\"Authorization\": \"Bearer <redacted>\"}",
                Redaction.text("{\"Authorization\": \"Bearer abc.def.ghi\"}"));
        assertEquals("':authority', 'x', 'authorization', 'Bearer <redacted>'",
                Redaction.text("':authority', 'x', 'authorization', 'Bearer abc.def.ghi'"));
        assertEquals("https://<redacted>@github.com/x", Redaction.text("https://ghp_faketoken123@github.com/x"));
        String body = FakeSecrets.der(48);
        String cutPem = Redaction.text(body + "\n" + FakeSecrets.end("RSA PRIVATE KEY") + "\n");
        assertFalse(cutPem.contains(body.substring(0, 16)), cutPem);
        assertEquals("curl --token=<redacted> https://x", Redaction.text("curl --token=abc123 https://x"));
    }

    @Test
    void evidenceThatOnlyMentionsSecretsStaysReadable() {
        String event = "MountVolume.SetUp failed for volume \"istio-token\" : failed to fetch token: serviceaccounts"
                + " \"bookinfo-details\" not found";
        assertEquals(event, Redaction.text(event));
        String istiod = "info\tadded cluster remote from secret=istio-system/istio-remote-secret-remote";
        assertEquals(istiod, Redaction.text(istiod));
        String clusterz = "{\"id\": \"remote\", \"secretName\": \"istio-system/istio-remote-secret-remote\"}";
        assertEquals(clusterz, Redaction.text(clusterz));
    }

    @Test
    void failuresAreCopiedWithRedactedMessagesAlongTheChain() {
        IllegalStateException original = new IllegalStateException("outer token: " + JWT,
                new IllegalArgumentException("inner " + KEY));
        RuntimeException copy = Redaction.throwable(original);
        assertTrue(copy.getMessage().startsWith("java.lang.IllegalStateException: outer token: <redacted>"),
                copy.getMessage());
        assertFalse(copy.getCause().getMessage().contains(KEY_BODY.substring(0, 16)), copy.getCause().getMessage());
        assertEquals(original.getStackTrace().length, copy.getStackTrace().length);
    }

    @Test
    void plainTextIsLeftAlone() {
        String text = "details-v1-7d4d9d5fcb-x2x9q 1/2 Running; Back-off pulling image \"docker.io/istio/x:1.20.3\"";
        assertEquals(text, Redaction.text(text));
    }

    @Test
    void capSaysHowMuchWasLeftOut() {
        assertEquals("abc\n... (3 more characters left out)", Redaction.cap("abcdef", 3));
        assertEquals("abc", Redaction.cap("abc", 3));
        assertEquals("(3 earlier characters left out) ...\ndef", Redaction.capTail("abcdef", 3));
    }
}
