package io.meshconformance.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.github.dockerjava.api.DockerClient;
import io.meshconformance.lifecycle.RunId;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;

/**
 * Docker tier: what kept meshes rest on. A container made reusable (as K3sClusterProvider makes its nodes under
 * mesh.reuse) while Testcontainers' reuse switch is on survives the JVM that started it; a throwaway one, made the
 * same way otherwise, is removed when that JVM exits (Testcontainers' shutdown hook, Ryuk being off here). The JVM is
 * a child of the test's, so that it really exits.
 */
@Tag("docker")
class KeptPastJvmDockerTest {

    static final String KIND = "io.meshconformance.test/kind";

    /** The child JVM: starts both containers, then exits as a finished run's JVM does. */
    public static void main(String[] args) throws Exception {
        String image = args[0];
        RunId run = new RunId(args[1]);
        GenericContainer<?> kept = DockerTier.node(image).withLabels(run.labels()).withLabel(KIND, "kept")
                .withReuse(true);
        GenericContainer<?> throwaway = DockerTier.node(image).withLabels(run.labels()).withLabel(KIND, "throwaway");
        kept.start();
        throwaway.start();
        System.out.println("started " + kept.getContainerId() + " " + throwaway.getContainerId());
        System.exit(0);
    }

    @Test
    void aReusableContainerOutlivesItsJvmAndAThrowawayOneDoesNot() throws Exception {
        DockerClient docker = DockerTier.requireDocker();
        String image = DockerTier.ensureNodeImage(docker);
        RunId run = RunId.generate();
        try {
            ProcessBuilder child = new ProcessBuilder(System.getProperty("java.home") + File.separator + "bin"
                    + File.separator + "java", "-cp", System.getProperty("java.class.path"),
                    KeptPastJvmDockerTest.class.getName(), image, run.value()).redirectErrorStream(true);
            Map<String, String> env = child.environment();
            env.put("TESTCONTAINERS_REUSE_ENABLE", "true");
            env.put("TESTCONTAINERS_RYUK_DISABLED", "true");
            Process process = child.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(process.waitFor(120, TimeUnit.SECONDS), "the child JVM exits");
            assertEquals(0, process.exitValue(), output);
            assertTrue(output.contains("started "), output);

            List<String> left = docker.listContainersCmd().withShowAll(true).withLabelFilter(run.labels()).exec()
                    .stream().map(c -> c.getLabels().get(KIND) + " " + c.getState()).toList();
            assertEquals(List.of("kept running"), left, "after the child JVM exited; its output:\n" + output);
        } finally {
            docker.listContainersCmd().withShowAll(true).withLabelFilter(run.labels()).exec()
                    .forEach(c -> docker.removeContainerCmd(c.getId()).withForce(true).exec());
            assertEquals(List.of(), DockerTier.leftovers(docker, run));
        }
    }
}
