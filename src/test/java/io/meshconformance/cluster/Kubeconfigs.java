package io.meshconformance.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import io.meshconformance.text.FakeSecrets;

/** Test support: kubeconfig files as a user would have them, with a token assembled at run time. */
public final class Kubeconfigs {

    public static final String FAKE_TOKEN = FakeSecrets.jwt("user");

    private Kubeconfigs() {
    }

    /** One context per entry (context name to server), each with its own cluster and user of the same name. */
    public static Path write(Path dir, String fileName, Map<String, String> servers, String currentContext) {
        StringBuilder clusters = new StringBuilder("clusters:\n");
        StringBuilder contexts = new StringBuilder("contexts:\n");
        StringBuilder users = new StringBuilder("users:\n");
        servers.forEach((name, server) -> {
            clusters.append("- name: ").append(name).append("\n  cluster:\n    server: ").append(server)
                    .append("\n    insecure-skip-tls-verify: true\n");
            contexts.append("- name: ").append(name).append("\n  context:\n    cluster: ").append(name)
                    .append("\n    user: ").append(name).append('\n');
            users.append("- name: ").append(name).append("\n  user:\n    token: ").append(FAKE_TOKEN).append('\n');
        });
        String text = "apiVersion: v1\nkind: Config\n" + clusters + contexts + users
                + (currentContext == null ? "" : "current-context: " + currentContext + "\n");
        try {
            Path file = dir.resolve(fileName);
            Files.writeString(file, text);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The settings of an existing-mode run against {@code mocks}: mode and one kubeconfig file per mock, written to
     * {@code dir}. Returned mutable, for a test to add its own.
     */
    public static Map<String, String> existingMode(Path dir, MockClusters mocks) {
        return new HashMap<>(Map.of("mesh.mode", "existing",
                "mesh.primary.kubeconfig", write(dir, "p.yaml", Map.of("p", server(mocks.primary())), "p").toString(),
                "mesh.remote.kubeconfig", write(dir, "r.yaml", Map.of("r", server(mocks.remote())), "r").toString()));
    }

    /** The server URL of a mock cluster, as a kubeconfig would name it (no trailing slash). */
    public static String server(MeshCluster cluster) {
        return cluster.client().getMasterUrl().toString().replaceAll("/$", "");
    }
}
