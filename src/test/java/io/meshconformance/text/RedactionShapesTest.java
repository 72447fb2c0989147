package io.meshconformance.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Each shape of credential the redaction knows, written out, with what it leaves. Secrets are made at run time
 * ({@link SecretCorpus}); the expected texts show where they stood.
 */
class RedactionShapesTest {

    final SecretCorpus corpus = new SecretCorpus(42);
    final String jwt = corpus.jwt();
    final String token = corpus.urlToken(32);
    final String password = corpus.password();

    @Test
    void theRemoteSecretShowsItsKubeconfigWithoutItsToken() {
        String kubeconfig = DocumentPlantings.kubeconfigYaml(jwt, SecretCorpus.base64(corpus.privateKey()), "Y2E=");
        String secret = "apiVersion: v1\ndata:\n  remote: " + SecretCorpus.base64(kubeconfig) + "\nkind: Secret\n"
                + "metadata:\n  name: istio-remote-secret-remote\n";
        String out = Redaction.text(secret);
        assertFalse(out.contains(jwt.substring(0, 40)), out);
        assertTrue(out.contains("  remote: |  # base64-decoded, then redacted\n    apiVersion: v1\n    kind: Config\n"),
                out);
        assertTrue(out.contains("        server: https://192.168.255.3:6443\n"), out);
        assertTrue(out.contains("        token: <redacted>\n"), out);
        assertTrue(out.contains("\nkind: Secret\nmetadata:\n  name: istio-remote-secret-remote\n"), out);
    }

    @Test
    void aSecretsOtherValuesAreReplacedWholeAndItsKeysStay() {
        String secret = "{\"kind\":\"Secret\",\"type\":\"Opaque\",\"data\":{\"db-pass\":\"" + SecretCorpus.base64(password)
                + "\",\"flag\":\"dHJ1ZQ==\"},\"stringData\":{\"note\":\"" + password + "\"}}";
        assertEquals("{\"kind\":\"Secret\",\"type\":\"Opaque\",\"data\":{\"db-pass\":\"<redacted>\",\"flag\":\"<redacted>\"},"
                + "\"stringData\":{\"note\":\"<redacted>\"}}", Redaction.text(secret));
    }

    @Test
    void aKubeconfigInsideAJsonStringIsRedactedByItsStructure() {
        String json = "{\"kubeconfig\": \"apiVersion: v1\\nusers:\\n- name: remote\\n  user:\\n    token: " + jwt
                + "\\n\"}";
        assertEquals("{\"kubeconfig\": \"apiVersion: v1\\nusers:\\n- name: remote\\n  user:\\n    token: <redacted>\\n\"}",
                Redaction.text(json));
    }

    @Test
    void anExecPluginLosesItsTokenArgumentsAndItsEnvironment() {
        String exec = "exec:\n  command: aws\n  args: [\"eks\", \"get-token\", \"--token\", \"" + token + "\", \"--password="
                + password + "\"]\n  env:\n  - name: AWS_PROFILE\n    value: production\n";
        assertEquals("exec:\n  command: aws\n  args: [\"eks\", \"get-token\", \"--token\", \"<redacted>\", "
                + "\"--password=<redacted>\"]\n  env:\n  - name: AWS_PROFILE\n    value: <redacted>\n", Redaction.text(exec));
        assertEquals("kubectl --token <redacted> get pods; --token=<redacted>",
                Redaction.text("kubectl --token " + token + " get pods; --token=" + token));
    }

    @Test
    void credentialKeysInAnySpellingAndMultiWordPasswords() {
        assertEquals("client_secret: <redacted>\nACCESS_TOKEN=<redacted>\nPassword: <redacted>\nreplicas: 2\n",
                Redaction.text("client_secret: " + token + "\nACCESS_TOKEN=" + token + "\nPassword: " + password
                        + "\nreplicas: 2\n"));
        assertEquals("password: <redacted>", Redaction.text("password: correct horse battery staple"));
        assertEquals("db_password2: <redacted>\nPASSWORD_1=<redacted>\ntoken2: <redacted>\nclient-secret-3: <redacted>\n",
                Redaction.text("db_password2: " + password + "\nPASSWORD_1=" + password + "\ntoken2: " + token
                        + "\nclient-secret-3: " + password + "\n"), "a numbered credential is one");
        assertEquals("login failed, Password: <redacted>",
                Redaction.text("login failed, Password: correct horse battery staple"));
    }

    @Test
    void headersKeepTheirSchemeAndLoseTheirCredential() {
        assertEquals("Proxy-Authorization: Basic <redacted>\nX-Auth-Token: <redacted>\nCookie: <redacted>\n"
                        + "Set-Cookie: <redacted>\nAuthorization: Negotiate <redacted>\nAuthorization: Digest <redacted>",
                Redaction.text("Proxy-Authorization: Basic " + token + "\nX-Auth-Token: " + token + "\nCookie: session="
                        + token + "; theme=dark\nSet-Cookie: id=" + token + "; Path=/\nAuthorization: Negotiate " + token
                        + "\nAuthorization: Digest username=\"u\", response=\"" + token + "\""));
        assertEquals("map[Authorization:[<redacted>] User-Agent:[Go-http-client/1.1]]",
                Redaction.text("map[Authorization:[Bearer " + token + "] User-Agent:[Go-http-client/1.1]]"));
    }

    @Test
    void queryTokensDockerAuthAndGoStructs() {
        assertEquals("GET https://h/x?token=<redacted>&page=2&access_token=<redacted>&sig=<redacted> 403",
                Redaction.text("GET https://h/x?token=" + token + "&page=2&access_token=" + token + "&sig=" + token
                        + " 403"));
        assertEquals("{\"auths\":{\"mirror:5000\":{\"auth\":\"<redacted>\"}}}",
                Redaction.text("{\"auths\":{\"mirror:5000\":{\"auth\":\"" + corpus.dockerAuth("robot", password)
                        + "\"}}}"));
        assertEquals("&{Host:https://10.0.0.1:6443 Token:<redacted> BearerToken:<redacted>} BearerToken: \"<redacted>\"",
                Redaction.text("&{Host:https://10.0.0.1:6443 Token:" + token + " BearerToken:" + jwt
                        + "} BearerToken: \"" + password + "\""));
    }

    @Test
    void jwtsWrappedOrSplitOverLinesGoWhole() {
        StringBuilder wrapped = new StringBuilder("token follows\n");
        for (int i = 0; i < jwt.length(); i += 64) {
            wrapped.append(jwt, i, Math.min(jwt.length(), i + 64)).append('\n');
        }
        String out = Redaction.text(wrapped + "Starting");
        assertTrue(out.startsWith("token follows\n<redacted>\n"), out);
        assertTrue(out.endsWith("<redacted>\nStarting"), "the word after the token stays: " + out);
        assertFalse(out.contains(jwt.substring(jwt.length() - 20)), out);
    }

    @Test
    void charactersBeyondTheBasicPlaneDoNotShiftWhatIsReplaced() {
        // YAML counts code points, Java chars: after an emoji they differ. The short value is known only by structure.
        String value = SecretCorpus.base64(password.substring(0, 8));
        String yaml = "# \ud83d\ude80 r\u00e9views \ud83d\ude80\nkind: Secret\ndata:\n  db: " + value + "\nlabel: kept\n";
        assertEquals("# \ud83d\ude80 r\u00e9views \ud83d\ude80\nkind: Secret\ndata:\n  db: <redacted>\nlabel: kept\n",
                Redaction.text(yaml));
    }

    @Test
    void evidenceWithoutSecretsStaysAsItIs() {
        HarmlessText harmless = new HarmlessText(corpus.random());
        String text = harmless.className() + " failed at " + harmless.className() + "\n"
                + "image: docker.io/istio/proxyv2@" + harmless.digest() + "\n"
                + "commit " + harmless.gitHash() + "\nSHA1 Fingerprint=" + harmless.fingerprint() + "\n"
                + "uid: " + harmless.uid() + "\nresourceVersion: \"123456\"\npod " + harmless.podName() + "\n"
                + "ExistingClusterProviderKubeconfigNarrowingTest Http2ServerUpgradeCodecFactoryForKubernetesV1Beta1\n"
                + "GET /api/v1/namespaces/bookinfo/pods?watch=true&resourceVersion=123 200\n";
        assertEquals(text, Redaction.text(text));
        String pod = harmless.podYaml();
        assertEquals(pod, Redaction.text(pod));
    }
}
