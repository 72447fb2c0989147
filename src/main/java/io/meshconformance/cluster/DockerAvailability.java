package io.meshconformance.cluster;

import org.testcontainers.DockerClientFactory;

/** Whether a Docker engine answers, and the reason to give when it does not. */
public final class DockerAvailability {

    public static final String NO_DOCKER = "no Docker engine answers (DOCKER_HOST, /var/run/docker.sock or the"
            + " Testcontainers configuration): the conformance suite needs Docker to start its k3s clusters. Start"
            + " Docker (bin/start-docker), or set mesh.mode=existing to test clusters you already have";

    private DockerAvailability() {
    }

    public static boolean available() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            return false;
        }
    }
}
