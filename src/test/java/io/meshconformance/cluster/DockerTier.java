package io.meshconformance.cluster;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Capability;
import io.meshconformance.lifecycle.RunId;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.images.builder.ImageFromDockerfile;
import org.testcontainers.utility.DockerImageName;

/**
 * Support for the Docker-tier tests: a real Docker engine, and a tiny node image built here from Debian's
 * busybox-static (no registry needed): {@code sh}, {@code ip}, {@code ping}, {@code sleep}, {@code cat}.
 */
final class DockerTier {

    static final String IMAGE = "mesh-harness/test-node:busybox";
    static final Path BUSYBOX = Path.of("/bin/busybox");

    private DockerTier() {
    }

    /** Skips the calling test, with the reason, when no Docker engine answers. */
    static DockerClient requireDocker() {
        assumeTrue(DockerAvailability.available(),
                "Docker tier skipped: no Docker engine answers (start one with bin/start-docker; see README)");
        return DockerAvailability.client(Duration.ofSeconds(60));
    }

    /** Builds the node image, once per Docker host. */
    static synchronized String ensureNodeImage(DockerClient docker) throws Exception {
        try {
            docker.inspectImageCmd(IMAGE).exec();
            return IMAGE;
        } catch (NotFoundException e) {
            // build it below
        }
        if (!Files.isExecutable(BUSYBOX)) {
            throw new IllegalStateException("Docker-tier tests need " + BUSYBOX + " from Debian's busybox-static"
                    + " package to build " + IMAGE + ": apt-get install busybox-static");
        }
        // FROM scratch needs no registry; busybox installs its applets as symlinks in /bin.
        new ImageFromDockerfile(IMAGE, false)
                .withFileFromPath("busybox", BUSYBOX)
                .withDockerfileFromBuilder(b -> b.from("scratch")
                        .copy("busybox", "/bin/busybox")
                        .run("/bin/busybox", "--install", "-s", "/bin")
                        .cmd("/bin/sh")
                        .build())
                .get();
        return IMAGE;
    }

    /**
     * A stand-in node: sleeps, with NET_ADMIN (privileged containers do not start on our machines) and without
     * a default route, so a packet for a cluster range that has no route fails on the spot instead of leaving
     * the host.
     */
    static GenericContainer<?> node(String image, String... setup) {
        String script = "ip route del default 2>/dev/null; " + String.join("; ", setup)
                + (setup.length == 0 ? "" : "; ") + "exec sleep 3600";
        return new GenericContainer<>(DockerImageName.parse(image))
                .withCommand("/bin/sh", "-c", script)
                .withCreateContainerCmdModifier(cmd -> cmd.getHostConfig().withCapAdd(Capability.NET_ADMIN));
    }

    /** Containers and networks Docker holds for a run, found by the run label. */
    static List<String> leftovers(DockerClient docker, RunId run) {
        Map<String, String> label = run.labels();
        List<String> found = new ArrayList<>();
        docker.listContainersCmd().withShowAll(true).withLabelFilter(label).exec()
                .forEach(c -> found.add("container " + String.join(",", c.getNames())));
        docker.listNetworksCmd().withFilter("label", List.of(RunId.LABEL + "=" + run.value())).exec()
                .forEach(n -> found.add("network " + n.getName()));
        return found;
    }
}
