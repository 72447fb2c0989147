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

    static final String JWT = "eyJhbGci" + "OiJSUzI1NiIsImtpZCI6ImZha2UifQ" + ".eyJpc3MiOiJrdWJlcm5ldGVzL3NlcnZpY2VhY2NvdW50In0"
            + ".c2lnbmF0dXJlLW9mLWEtZmFrZS10b2tlbi0wMTIzNDU2Nzg5";
    static final String KEY = "-----BEGIN " + "RSA PRIVATE KEY-----\nMIIEfakefakefake\nZmFrZQ==\n-----END RSA PRIVATE KEY-----";
    static final String CERT = "-----BEGIN CERTIFICATE-----\nMIIBfakecert\n-----END CERTIFICATE-----";

    @Test
    void kubeconfigLosesEveryCredentialButKeepsItsShape() {
        String kubeconfig = """
                apiVersion: v1
                clusters:
                - cluster:
                    certificate-authority-data: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUJmYWtl
                    server: https://192.168.255.3:6443
                  name: remote
                users:
                - name: remote
                  user:
                    token: %s
                    client-certificate-data: LS0tLS1CRUdJTiBDRVJU
                    client-key-data: LS0tLS1CRUdJTiBFQyBQUklWQVRF
                """.formatted(JWT);
        String out = Redaction.text(kubeconfig);
        assertFalse(out.contains(JWT), out);
        assertFalse(out.contains("LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUJmYWtl"), out);
        assertFalse(out.contains("LS0tLS1CRUdJTiBFQyBQUklWQVRF"), out);
        assertTrue(out.contains("server: https://192.168.255.3:6443"), out);
        assertTrue(out.contains("token: <redacted>"), out);
        assertTrue(out.contains("client-key-data: <redacted>"), out);
    }

    @Test
    void pemBlocksAndBareTokensInLogs() {
        String log = "2026-11-25T14:00:00Z info loaded key " + KEY + "\nca " + CERT + "\n"
                + "2026-11-25T14:00:01Z debug request with " + JWT + " accepted";
        String out = Redaction.text(log);
        assertFalse(out.contains("MIIEfakefakefake"), out);
        assertFalse(out.contains("MIIBfakecert"), out);
        assertFalse(out.contains(JWT), out);
        assertTrue(out.contains("-----BEGIN RSA " + "PRIVATE KEY----- <redacted> -----END RSA PRIVATE KEY-----"), out);
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
        String cutPem = Redaction.text("MIIEowIBAAKCAQEAfakefakefakefakefakefakefakefakefake0123456789\n"
                + "-----END RSA PRIVATE KEY-----\n");
        assertFalse(cutPem.contains("MIIEowIBAAKCAQEA"), cutPem);
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
        assertFalse(copy.getCause().getMessage().contains("MIIEfakefakefake"), copy.getCause().getMessage());
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
