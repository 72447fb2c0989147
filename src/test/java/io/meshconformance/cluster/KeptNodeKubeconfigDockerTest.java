package io.meshconformance.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.util.List;

import com.github.dockerjava.api.DockerClient;
import io.meshconformance.lifecycle.RunId;
import io.meshconformance.text.FakeSecrets;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;

/**
 * Docker tier: a warm run reaches a kept node's API server with the kubeconfig k3s wrote inside the node, served at
 * the port Docker publishes 6443 on. A busybox node stands in for the k3s node: it holds a kubeconfig where k3s
 * writes one (/etc/rancher/k3s/k3s.yaml, for https://127.0.0.1:6443) and publishes 6443, as K3sContainer does;
 * nothing listens there, as only the file and Docker's port mapping are under test.
 */
@Tag("docker")
class KeptNodeKubeconfigDockerTest {

    static final String K3S_YAML = """
            apiVersion: v1
            kind: Config
            clusters:
            - name: default
              cluster:
                certificate-authority-data: %s
                server: https://127.0.0.1:6443
            contexts:
            - name: default
              context:
                cluster: default
                user: default
            current-context: default
            users:
            - name: default
              user:
                token: %s
            """;

    @Test
    void theKeptNodesKubeconfigIsServedAtThePortDockerPublishes() throws Exception {
        DockerClient docker = DockerTier.requireDocker();
        String image = DockerTier.ensureNodeImage(docker);
        RunId run = RunId.generate();
        String ca = FakeSecrets.base64("fake cluster CA of a kept node");
        String token = FakeSecrets.jwt("k3s admin");
        try (GenericContainer<?> node = DockerTier.node(image, "echo node-ready").withExposedPorts(6443)
                .withLabels(run.labels()).waitingFor(Wait.forLogMessage(".*node-ready.*", 1))) {
            node.start();
            KeptMeshes kept = new KeptMeshes(docker);
            var info = docker.inspectContainerCmd(node.getContainerId()).exec();
            IllegalStateException missing = assertThrows(IllegalStateException.class,
                    () -> K3sClusterProvider.keptKubeconfig(info, kept, "localhost"));
            assertTrue(missing.getMessage().endsWith(" holds no /etc/rancher/k3s/k3s.yaml"), missing.getMessage());

            docker.copyArchiveToContainerCmd(node.getContainerId()).withRemotePath("/").withTarInputStream(
                    new ByteArrayInputStream(KeptMeshes.archive(K3sClusterProvider.K3S_KUBECONFIG,
                            K3S_YAML.formatted(ca, token)))).exec();
            Kubeconfig served = Kubeconfig.parse(K3sClusterProvider.keptKubeconfig(info, kept, "localhost"));
            assertEquals(List.of("https://localhost:" + node.getMappedPort(6443)), served.namedClusters().stream()
                    .map(c -> c.getCluster().getServer()).toList());
            assertEquals("default", served.currentContext().orElseThrow());
            assertTrue(served.yaml().contains(token), "the node's credentials are kept");
        } finally {
            assertEquals(List.of(), DockerTier.leftovers(docker, run));
        }
    }
}
