package io.meshconformance.cluster;

import com.github.dockerjava.api.DockerClient;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.ContainerFetchException;
import org.testcontainers.utility.TestcontainersConfiguration;

/**
 * Whether a Docker engine answers, and the Docker client once it does. Only "no engine" counts as unavailable: an
 * engine that answers while Testcontainers cannot start (its Ryuk image cannot be pulled) is a failure to report,
 * never a reason to skip.
 */
public final class DockerAvailability {

    public static final String NO_DOCKER = "no Docker engine answers (DOCKER_HOST, /var/run/docker.sock or the"
            + " Testcontainers configuration): the conformance suite needs Docker to start its k3s clusters. Start"
            + " Docker (bin/start-docker), or set mesh.mode=existing to test clusters you already have";

    private DockerAvailability() {
    }

    /** The image named in Testcontainers' "Can't get Docker image: RemoteDockerImage(imageName=..., ...)". */
    static String fetchedImage(String message) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("imageName=([^,)\\s]+)")
                .matcher(String.valueOf(message));
        return m.find() ? m.group(1) : TestcontainersConfiguration.getInstance().getRyukImage();
    }

    /**
     * False only when no engine answers. When one answers but Testcontainers fails to start (e.g. its Ryuk image
     * cannot be pulled) this is true, so that the suite runs and {@link #client()} reports that failure.
     */
    public static boolean available() {
        try {
            // Finds and pings an engine, without starting Ryuk or checking versions (those come with client()).
            DockerClientFactory.instance().getTransportConfig();
            return true;
        } catch (IllegalStateException e) {
            return false;
        }
    }

    /** The Docker client; a Testcontainers start-up image that cannot be had is reported like any other image. */
    public static DockerClient client() {
        try {
            return DockerClientFactory.instance().client();
        } catch (ContainerFetchException e) {
            throw new ImageUnavailableException(fetchedImage(e.getMessage()), "Testcontainers could not get the"
                    + " image of Ryuk, its cleanup container, after its own pull retries; alternatively set"
                    + " TESTCONTAINERS_RYUK_DISABLED=true (the harness removes what it starts itself)");
        }
    }
}
