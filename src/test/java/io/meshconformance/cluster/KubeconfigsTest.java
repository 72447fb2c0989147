package io.meshconformance.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.client.internal.KubeConfigUtils;
import org.junit.jupiter.api.Test;

class KubeconfigsTest {

    /** The shape k3s writes to /etc/rancher/k3s/k3s.yaml (values are fakes). */
    static final String K3S = """
            apiVersion: v1
            kind: Config
            clusters:
            - cluster:
                certificate-authority-data: RkFLRS1DQQ==
                server: https://localhost:32771
              name: default
            contexts:
            - context:
                cluster: default
                user: default
              name: default
            current-context: default
            users:
            - name: default
              user:
                client-certificate-data: RkFLRS1DRVJU
                client-key-data: RkFLRS1LRVk=
            """;

    @Test
    void serverIsReplacedAndEverythingElseKept() {
        String internal = Kubeconfigs.withServer(K3S, "https://192.168.255.3:6443");
        var config = KubeConfigUtils.parseConfigFromString(internal);
        assertEquals("https://192.168.255.3:6443", config.getClusters().get(0).getCluster().getServer());
        assertEquals("RkFLRS1DQQ==", config.getClusters().get(0).getCluster().getCertificateAuthorityData());
        assertEquals("default", config.getCurrentContext());
        assertTrue(internal.contains("client-key-data"));
    }
}
