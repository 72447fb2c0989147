package io.meshconformance.cluster;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A kubeconfig's credential plugin runs on this machine when the client is made (as with kubectl): one that never
 * answers ends the attempt within the bound, with a message naming what to do, and is stopped, not left running;
 * processes that are not the plugin are left alone.
 */
class KubeClientsTest {

    @TempDir
    Path dir;

    @Test
    void aCredentialPluginThatNeverAnswersIsStoppedWithinTheBound() throws Exception {
        Path pidFile = dir.resolve("plugin.pid");
        Path plugin = dir.resolve("plugin.sh");
        Files.writeString(plugin, "#!/bin/sh\necho $$ > " + pidFile + "\nexec sleep 600\n");
        Files.setPosixFilePermissions(plugin, PosixFilePermissions.fromString("rwx------"));
        Path kubeconfig = Files.writeString(dir.resolve("k.yaml"), """
                apiVersion: v1
                kind: Config
                clusters:
                - name: c
                  cluster: {server: "https://10.99.0.1:6443"}
                contexts:
                - name: c
                  context: {cluster: c, user: u}
                current-context: c
                users:
                - name: u
                  user:
                    exec:
                      apiVersion: client.authentication.k8s.io/v1
                      command: %s
                      args: ["--region", "eu-west-1"]
                      interactiveMode: Never
                """.formatted(plugin));
        // Another process of this JVM, started while the plugin runs: it is not the plugin, so it must survive.
        CompletableFuture<Process> later = CompletableFuture.supplyAsync(() -> {
            try {
                Thread.sleep(500);
                return new ProcessBuilder("sleep", "60").start();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        long begin = System.nanoTime();
        KubeClients.ClientException e = assertThrows(KubeClients.ClientException.class,
                () -> KubeClients.connect(kubeconfig, "c", Duration.ofSeconds(2)));
        Duration took = Duration.ofNanos(System.nanoTime() - begin);
        assertTrue(took.compareTo(Duration.ofSeconds(10)) < 0, "ended after " + took);
        assertTrue(e.getMessage().startsWith("reading it did not finish within 2 s: its user's credential plugin"
                + " (exec) runs on this machine and did not answer"), e.getMessage());
        assertTrue(e.getMessage().contains("kubectl --kubeconfig " + kubeconfig + " --context c"), e.getMessage());
        long pid = Long.parseLong(Files.readString(pidFile).strip());
        for (int i = 0; i < 50 && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false); i++) {
            Thread.sleep(100);
        }
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false),
                "the plugin process " + pid + " was stopped");
        Process bystander = later.get(10, TimeUnit.SECONDS);
        assertTrue(bystander.isAlive(), "a process of this JVM that is not the plugin is not touched");
        bystander.destroyForcibly();
    }
}
