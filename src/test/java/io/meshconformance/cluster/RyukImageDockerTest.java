package io.meshconformance.cluster;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Docker tier: the Ryuk image check on a real engine where that image is absent and cannot be pulled (as on the
 * machines this harness is built on). Skipped, with the reason, without an engine or when the image is there.
 */
@Tag("docker")
class RyukImageDockerTest {

    @Test
    void aMissingRyukImageFailsWithinSecondsNamingItAndStartsNothing() {
        DockerClient docker = DockerTier.requireDocker();
        String image = RyukImage.name();
        assumeTrue(absent(docker, image), image + " is on this Docker host: a missing Ryuk image cannot be shown here");

        long begin = System.nanoTime();
        // Ryuk not disabled: the check that runs before Testcontainers' client is asked for.
        ImageUnavailableException e = assertThrows(ImageUnavailableException.class,
                () -> DockerAvailability.checkRyukImage(Map.of(), Duration.ofSeconds(60)));
        Duration took = Duration.ofNanos(System.nanoTime() - begin);

        assertTrue(took.compareTo(Duration.ofSeconds(20)) < 0, "took " + took);
        assertEquals(image, e.image());
        assertTrue(e.getMessage().startsWith("The image " + image + " is not on this Docker host and could not be"
                + " pulled: "), e.getMessage());
        assertTrue(e.getMessage().contains("TESTCONTAINERS_RYUK_DISABLED=true"), e.getMessage());
        assertTrue(e.getMessage().contains("TESTCONTAINERS_HUB_IMAGE_NAME_PREFIX"), e.getMessage());
        assertEquals(List.of(), docker.listContainersCmd().withShowAll(true)
                .withNameFilter(List.of("testcontainers-ryuk")).exec(), "no Ryuk container");

        // Ryuk disabled: nothing to check, nothing asked of Docker.
        assertDoesNotThrow(() -> DockerAvailability.checkRyukImage(
                Map.of("TESTCONTAINERS_RYUK_DISABLED", "true"), Duration.ofSeconds(60)));
    }

    private static boolean absent(DockerClient docker, String image) {
        try {
            docker.inspectImageCmd(image).exec();
            return false;
        } catch (NotFoundException e) {
            return true;
        }
    }
}
