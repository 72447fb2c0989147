package io.meshconformance.cluster;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.PullImageResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.utility.DockerImageName;

/**
 * Makes sure an image is on the Docker host before any container is created. Testcontainers retries a failed pull
 * until its pull timeout (two minutes by default) even when the registry cannot be resolved at all; this fails at
 * once instead, with the image name and the remedies ({@link ImageUnavailableException}).
 */
public final class ImagePuller {

    private static final Logger LOG = LoggerFactory.getLogger(ImagePuller.class);

    private final DockerClient docker;
    private final Duration timeout;

    public ImagePuller(DockerClient docker, Duration timeout) {
        this.docker = docker;
        this.timeout = timeout;
    }

    public void ensure(String image) {
        if (isLocal(image)) {
            LOG.info("Image {} is on the Docker host", image);
            return;
        }
        DockerImageName name = DockerImageName.parse(image);
        LOG.info("Pulling image {} (at most {} s)", image, timeout.toSeconds());
        long start = System.nanoTime();
        boolean finished;
        // Closing the callback ends the pull on the daemon's side too when it did not finish in time.
        // A digest goes in the tag parameter, which the Engine API documents as "tag or digest".
        try (PullImageResultCallback pull = docker.pullImageCmd(name.getUnversionedPart())
                .withTag(name.getVersionPart())
                .exec(new PullImageResultCallback())) {
            finished = pull.awaitCompletion(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (IOException e) {
            throw new ImageUnavailableException(image, "the pull could not be closed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ImageUnavailableException(image, "the pull was interrupted");
        } catch (RuntimeException e) {
            throw new ImageUnavailableException(image, reason(e));
        }
        if (!finished) {
            throw new ImageUnavailableException(image, "the pull did not finish within " + timeout.toSeconds()
                    + " s (mesh.timeout.clusters)");
        }
        if (!isLocal(image)) {
            throw new ImageUnavailableException(image, "the pull ended but the image is still not on the host");
        }
        LOG.info("Pulled image {} in {} s", image, (System.nanoTime() - start) / 1_000_000_000);
    }

    private boolean isLocal(String image) {
        try {
            docker.inspectImageCmd(image).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    /** The daemon's own words, without docker-java's status-code prefix and JSON wrapping. */
    static String reason(RuntimeException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        message = message.replaceFirst("^Status \\d+: ", "");
        message = message.replaceAll("^\\{\"message\":\"(.*)\"}\\s*$", "$1").replace("\\\"", "\"");
        return message.trim();
    }
}
