package io.meshconformance.cluster;

import java.time.Duration;
import java.util.Map;

import com.github.dockerjava.api.DockerClient;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.ImageNameSubstitutor;

/**
 * Testcontainers' Ryuk image, checked before Testcontainers is asked for its Docker client: that request starts Ryuk,
 * and a Ryuk image that cannot be pulled then costs minutes of Testcontainers' pull retries (pull.timeout, 120 s
 * by default, on every attempt) before any error. Checked with {@link ImagePuller}, as the k3s image is, it fails
 * within seconds naming the image and Testcontainers' own remedies.
 */
public final class RyukImage {

    /**
     * The image Testcontainers 2.0.5 starts as Ryuk (testcontainers-java 2.0.5,
     * core/src/main/java/org/testcontainers/utility/RyukContainer.java); RyukImageTest compares it with the
     * Testcontainers on the classpath, so an upgrade that changes it fails there.
     */
    static final String IMAGE = "testcontainers/ryuk:0.14.0";
    static final String DISABLED = "TESTCONTAINERS_RYUK_DISABLED";

    private RyukImage() {
    }

    /**
     * Whether Testcontainers will start Ryuk: unless {@code TESTCONTAINERS_RYUK_DISABLED} reads as true. Testcontainers
     * 2.0.5 reads only that environment variable, with Boolean.parseBoolean (testcontainers-java 2.0.5,
     * core/src/main/java/org/testcontainers/utility/ResourceReaper.java, instance()); no property file turns it off.
     */
    static boolean needed(Map<String, String> env) {
        return !Boolean.parseBoolean(env.get(DISABLED));
    }

    /**
     * The name Testcontainers will ask Docker for: its image substitutors applied, as it applies them to every image
     * it pulls ({@code ryuk.container.image}, the hub image name prefix).
     */
    static String name() {
        return ImageNameSubstitutor.instance().apply(DockerImageName.parse(IMAGE)).asCanonicalNameString();
    }

    /**
     * Makes sure {@code image} is on the Docker host, pulling it if not.
     *
     * @throws ImageUnavailableException naming the image and the remedies, when it can be neither found nor pulled
     */
    static void ensure(DockerClient docker, String image, Duration timeout) {
        try {
            new ImagePuller(docker, timeout).ensure(image);
        } catch (ImageUnavailableException e) {
            throw ImageUnavailableException.ryuk(image, e.reason());
        }
    }
}
