package io.meshconformance.cluster;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.meshconformance.text.Causes;

/**
 * Makes a client for the user's cluster from a kubeconfig and a context, with every wait bounded: a credential
 * plugin ({@code users[].user.exec}, kubernetes.io "client-go credential plugins") runs on this machine when the
 * client is made, as with kubectl, and one that never returns must not hang the run; a server that does not answer is
 * reported after one short retry, not after minutes of backoff.
 */
public final class KubeClients {

    /** How long a kubeconfig's credential plugin may take; cloud plugins answer in a second or two. */
    public static final Duration EXEC_TIMEOUT = Duration.ofSeconds(5);
    static final int CONNECT_TIMEOUT_MILLIS = 5_000;
    static final int RETRIES = 1;

    private KubeClients() {
    }

    /** Thrown when no client can be made; the message says why in words, never with the kubeconfig's content. */
    public static final class ClientException extends RuntimeException {
        ClientException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    public static KubernetesClient connect(Path kubeconfig, String context, Duration execTimeout) {
        Set<Long> before = descendants();
        CompletableFuture<Config> loading = CompletableFuture.supplyAsync(
                () -> Config.fromKubeconfig(context, kubeconfig.toFile()), runnable -> {
                    Thread thread = new Thread(runnable, "mesh-kubeconfig-" + context);
                    thread.setDaemon(true); // a plugin that never returns must not keep the JVM alive
                    thread.start();
                });
        Config config;
        try {
            config = loading.get(execTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            loading.cancel(true);
            stopStartedSince(before);
            throw new ClientException("reading it did not finish within " + execTimeout.toSeconds() + " s: its user's"
                    + " credential plugin (exec) runs on this machine and did not answer (it may wait for a login in"
                    + " a browser or a prompt); run it once by hand, e.g. kubectl --kubeconfig " + kubeconfig
                    + " --context " + context + " get --raw /version, then try again", e);
        } catch (ExecutionException e) {
            throw new ClientException(Causes.describe(e.getCause()), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClientException("interrupted while reading it", e);
        }
        config.setConnectionTimeout(CONNECT_TIMEOUT_MILLIS);
        config.setRequestRetryBackoffLimit(RETRIES);
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    private static Set<Long> descendants() {
        return ProcessHandle.current().descendants().map(ProcessHandle::pid).collect(Collectors.toSet());
    }

    /**
     * Stops the processes this JVM started since {@code before}: the plugin the client library started and cannot
     * stop itself. Nothing else of the harness starts processes (Docker and Helm are reached through libraries).
     */
    private static void stopStartedSince(Set<Long> before) {
        ProcessHandle.current().descendants().filter(p -> !before.contains(p.pid())).forEach(ProcessHandle::destroyForcibly);
    }
}
