package io.meshconformance.cluster;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.meshconformance.text.Causes;

/**
 * Makes a client for the user's cluster from a kubeconfig and a context, with its first waits bounded: a credential
 * plugin ({@code users[].user.exec}, kubernetes.io "client-go credential plugins") runs on this machine when the
 * client is made, as with kubectl, and one that never returns must not hang the run; a server that does not answer is
 * reported after one short retry, not after minutes of backoff. (When a token expires during a run the client runs
 * the plugin again by itself; that run is not bounded here.)
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
        Optional<String> plugin = execCommand(kubeconfig, context);
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
            plugin.ifPresent(command -> stopStartedSince(before, command));
            throw new ClientException("reading it did not finish within " + execTimeout.toSeconds() + " s: its user's"
                    + " credential plugin (exec) runs on this machine and did not answer (it may wait for a login in"
                    + " a browser or a prompt); run it once by hand, e.g. kubectl --kubeconfig " + kubeconfig
                    + " --context " + context + " get --raw /version, then try again", e);
        } catch (ExecutionException e) {
            throw new ClientException(Causes.describe(e.getCause()), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            plugin.ifPresent(command -> stopStartedSince(before, command));
            throw new ClientException("interrupted while reading it", e);
        }
        config.setConnectionTimeout(CONNECT_TIMEOUT_MILLIS);
        config.setRequestRetryBackoffLimit(RETRIES);
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    /**
     * A client like {@code client} (same server, credentials and TLS settings) for reads whose answer decides
     * something at once (the doctor's checks): no retries ({@code requestRetryBackoffLimit} 0; fabric8's default is
     * 10, with backoff) and each request bounded by {@code timeout}, getting a connection included
     * ({@code requestTimeout}, 10 s by default, and {@code connectionTimeout}). A client of its own, since a derived
     * one ({@code newClient(RequestConfig)}) does not apply its request settings to every call ({@code /version}); the
     * caller closes it.
     */
    public static KubernetesClient forChecks(KubernetesClient client, Duration timeout) {
        int millis = (int) timeout.toMillis();
        Config config = new ConfigBuilder(client.getConfiguration())
                .withRequestRetryBackoffLimit(0)
                .withRequestTimeout(millis)
                .withConnectionTimeout(millis)
                .build();
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    private static Set<Long> descendants() {
        return ProcessHandle.current().descendants().map(ProcessHandle::pid).collect(Collectors.toSet());
    }

    /** The command of the context's credential plugin, if its user has one. */
    private static Optional<String> execCommand(Path kubeconfig, String context) {
        try {
            return Kubeconfig.read(kubeconfig).execCommand(context);
        } catch (RuntimeException e) {
            return Optional.empty(); // the client library reports what is wrong with the file
        }
    }

    /**
     * Stops the plugin the client library started and cannot stop itself (and what the plugin started): the
     * processes this JVM started since {@code before} that run {@code command}, directly or as the script of an
     * interpreter. Nothing else is touched.
     */
    private static void stopStartedSince(Set<Long> before, String command) {
        String name = Path.of(command).getFileName().toString();
        ProcessHandle.current().descendants()
                .filter(p -> !before.contains(p.pid()) && runs(p, name))
                .forEach(p -> {
                    p.descendants().forEach(ProcessHandle::destroyForcibly);
                    p.destroyForcibly();
                });
    }

    /**
     * Whether {@code process} runs the command {@code name}: as its executable, or named in its arguments, as in the
     * {@code sh -c '<command> <args>'} the client library starts a plugin with.
     */
    private static boolean runs(ProcessHandle process, String name) {
        ProcessHandle.Info info = process.info();
        return info.command().map(c -> Path.of(c).getFileName().toString().equals(name)).orElse(false)
                || info.arguments().map(args -> Arrays.stream(args)
                .flatMap(a -> Arrays.stream(a.split("[\\s'\"]+")))
                .anyMatch(word -> word.equals(name) || word.endsWith("/" + name))).orElse(false);
    }
}
