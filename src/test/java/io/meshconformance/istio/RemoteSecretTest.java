package io.meshconformance.istio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import io.fabric8.kubernetes.api.model.Config;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.internal.KubeConfigUtils;
import io.meshconformance.text.FakeSecrets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The remote secret as istioctl builds it (istio/istio istioctl/pkg/multicluster/remote_secret.go). */
class RemoteSecretTest {

    /** Obviously fake values: the redaction and logging tests must still find them. */
    static final String TOKEN = "fake-reader-token-0123456789";
    static final String CA = FakeSecrets.pem("CERTIFICATE", "the cluster CA of the test") + "\n";

    @Test
    void kubeconfigNamesClusterContextAndUserAfterTheCluster() {
        String text = RemoteSecret.kubeconfig("remote", "https://192.168.255.3:6443", CA, TOKEN);
        Config config = KubeConfigUtils.parseConfigFromString(text);
        assertEquals("v1", config.getApiVersion());
        assertEquals("Config", config.getKind());
        assertEquals("remote", config.getCurrentContext());
        assertEquals("remote", config.getClusters().get(0).getName());
        assertEquals("https://192.168.255.3:6443", config.getClusters().get(0).getCluster().getServer());
        assertEquals(CA, new String(Base64.getDecoder().decode(
                config.getClusters().get(0).getCluster().getCertificateAuthorityData()), StandardCharsets.UTF_8));
        assertEquals("remote", config.getContexts().get(0).getName());
        assertEquals("remote", config.getContexts().get(0).getContext().getCluster());
        assertEquals("remote", config.getContexts().get(0).getContext().getUser());
        assertEquals("remote", config.getUsers().get(0).getName());
        assertEquals(TOKEN, config.getUsers().get(0).getUser().getToken());
        // Nothing istiod refuses: no exec plugin, no file paths, no auth provider.
        assertNull(config.getUsers().get(0).getUser().getExec());
        assertNull(config.getUsers().get(0).getUser().getTokenFile());
        assertNull(config.getUsers().get(0).getUser().getAuthProvider());
        assertNull(config.getClusters().get(0).getCluster().getCertificateAuthority());
    }

    @Test
    void secretHasTheLabelAnnotationAndOneDataKey() {
        Secret secret = RemoteSecret.secret("remote", "kubeconfig-text", Map.of("io.meshconformance/run", "r1"));
        assertEquals("istio-remote-secret-remote", secret.getMetadata().getName());
        assertEquals("istio-system", secret.getMetadata().getNamespace());
        assertEquals("true", secret.getMetadata().getLabels().get("istio/multiCluster"));
        assertEquals("r1", secret.getMetadata().getLabels().get("io.meshconformance/run"));
        assertEquals(Map.of("networking.istio.io/cluster", "remote"), secret.getMetadata().getAnnotations());
        assertEquals(Map.of("remote", "kubeconfig-text"), secret.getStringData());
    }

    @Test
    void tokenSecretIsTheExplicitServiceAccountToken() {
        Secret token = RemoteSecret.tokenSecret(Map.of());
        assertEquals("istio-reader-service-account-istio-remote-secret-token", token.getMetadata().getName());
        assertEquals("kubernetes.io/service-account-token", token.getType());
        assertEquals(Map.of("kubernetes.io/service-account.name", "istio-reader-service-account"),
                token.getMetadata().getAnnotations());
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://127.0.0.1:6443", "https://localhost:32771", "https://LOCALHOST:6443",
        "https://127.1.2.3:6443", "https://[::1]:6443", "https://0.0.0.0:6443", "http://192.168.255.3:6443"})
    void serversIstiodsPodCannotReachAreRefused(String server) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RemoteSecret.kubeconfig("remote", server, CA, TOKEN));
        assertTrue(e.getMessage().startsWith("server '" + server + "' for cluster 'remote' cannot be used in a remote"
                + " secret"), e.getMessage());
        assertTrue(e.getMessage().contains("https://<remote node IP>:6443"), e.getMessage());
        assertTrue(!e.getMessage().contains(TOKEN));
    }

    @Test
    void unfilledTokenIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RemoteSecret.kubeconfig("remote", "https://192.168.255.3:6443", CA, ""));
        assertTrue(e.getMessage().contains("istio-reader-service-account-istio-remote-secret-token was not filled"));
    }
}
