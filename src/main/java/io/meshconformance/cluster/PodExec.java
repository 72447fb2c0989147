package io.meshconformance.cluster;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.ExecWatch;

/** Runs a command in a pod's container through the API server and returns its output; a non-zero exit is an error. */
public final class PodExec {

    private PodExec() {
    }

    public static String run(KubernetesClient client, String namespace, String pod, String container, Duration timeout,
                             String... command) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (ExecWatch watch = client.pods().inNamespace(namespace).withName(pod).inContainer(container)
                .writingOutput(out).writingError(err).exec(command)) {
            Integer exit;
            try {
                exit = watch.exitCode().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                throw new IllegalStateException("'" + String.join(" ", command) + "' in " + namespace + "/" + pod
                        + " (" + container + ") did not finish within " + timeout.toSeconds() + " s");
            }
            if (exit == null || exit != 0) {
                throw new IllegalStateException("'" + String.join(" ", command) + "' in " + namespace + "/" + pod + " ("
                        + container + ") exited " + exit + ": " + err.toString(StandardCharsets.UTF_8).strip());
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
