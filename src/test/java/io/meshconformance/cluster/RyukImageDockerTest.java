package io.meshconformance.cluster;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Docker tier: the Ryuk image check, on a real engine, before Testcontainers starts Ryuk. Skipped, with the reason,
 * without an engine.
 */
@Tag("docker")
class RyukImageDockerTest {

    static final Map<String, String> RYUK_ON = Map.of();
    static final Duration TIMEOUT = Duration.ofSeconds(60);

    static DockerClient docker;

    /** Per test, not per class: a test skipped for want of Docker is then reported as skipped, with the reason. */
    @BeforeEach
    void docker() {
        docker = DockerTier.requireDocker();
    }

    @Test
    void anImageThatCannotBeHadFailsWithinSecondsNamingItAndStartsNothing() {
        // A name no registry holds: unpullable on every machine, with or without a registry.
        String missing = "mesh-harness/no-such-ryuk:0.0.0";
        ImageUnavailableException e = assertFailsFast(missing);
        assertTrue(e.getMessage().contains("3. no Ryuk: set TESTCONTAINERS_RYUK_DISABLED=true"), e.getMessage());
        assertTrue(e.getMessage().contains("TESTCONTAINERS_HUB_IMAGE_NAME_PREFIX"), e.getMessage());

        // Ryuk off: nothing to check (the same missing image passes).
        assertDoesNotThrow(() -> DockerAvailability.checkRyukImage(
                Map.of("TESTCONTAINERS_RYUK_DISABLED", "true"), missing, TIMEOUT));
    }

    @Test
    void theRealRyukImageIsFoundOrPulledOrFailsWithinSeconds() {
        // Where no registry answers (as on the machines this harness is built on) Testcontainers' own Ryuk image
        // fails within seconds; where one does, the check pulls it, and Testcontainers then finds it on the host.
        String image = RyukImage.name();
        if (!present(image)) {
            long begin = System.nanoTime();
            try {
                DockerAvailability.checkRyukImage(RYUK_ON, image, TIMEOUT);
            } catch (ImageUnavailableException e) {
                assertWithinSeconds(begin);
                assertEquals(image, e.image());
                assertTrue(e.getMessage().startsWith("The image " + image + " is not on this Docker host and could"
                        + " not be pulled: "), e.getMessage());
                assertNoRyukStarted();
                return;
            }
        } else {
            DockerAvailability.checkRyukImage(RYUK_ON, image, TIMEOUT);
        }
        assertTrue(present(image), image + " passed the check but is not on the Docker host");
    }

    private static ImageUnavailableException assertFailsFast(String image) {
        long begin = System.nanoTime();
        ImageUnavailableException e = assertThrows(ImageUnavailableException.class,
                () -> DockerAvailability.checkRyukImage(RYUK_ON, image, TIMEOUT));
        assertWithinSeconds(begin);
        assertEquals(image, e.image());
        assertTrue(e.getMessage().startsWith("The image " + image + " is not on this Docker host and could not be"
                + " pulled: "), e.getMessage());
        assertNoRyukStarted();
        return e;
    }

    private static void assertWithinSeconds(long begin) {
        Duration took = Duration.ofNanos(System.nanoTime() - begin);
        assertTrue(took.compareTo(Duration.ofSeconds(20)) < 0, "took " + took);
    }

    private static void assertNoRyukStarted() {
        assertEquals(List.of(), docker.listContainersCmd().withShowAll(true)
                .withNameFilter(List.of("testcontainers-ryuk")).exec(), "no Ryuk container");
    }

    private static boolean present(String image) {
        try {
            docker.inspectImageCmd(image).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }
}
