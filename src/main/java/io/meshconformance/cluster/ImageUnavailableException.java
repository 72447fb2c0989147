package io.meshconformance.cluster;

import io.meshconformance.lifecycle.Layer;
import io.meshconformance.lifecycle.LayeredFailure;
import java.util.Optional;

/**
 * A container image is neither on the Docker host nor pullable. The message names the image and the remedies,
 * so the user can act without reading a stack trace.
 */
public class ImageUnavailableException extends RuntimeException implements LayeredFailure {

    private final String image;
    private final String reason;

    /** An image of the clusters (the k3s image): its remedies name the harness's image settings. */
    public ImageUnavailableException(String image, String reason) {
        this(image, reason, render(image, reason));
    }

    private ImageUnavailableException(String image, String reason, String message) {
        super(message);
        this.image = image;
        this.reason = reason;
    }

    /**
     * Testcontainers' Ryuk image: its remedies are Testcontainers' own settings, since the harness does not choose
     * this image.
     */
    public static ImageUnavailableException ryuk(String image, String reason) {
        return new ImageUnavailableException(image, reason, renderRyuk(image, reason));
    }

    public String image() {
        return image;
    }

    /** Why it could not be had (the Docker daemon's words, or the timeout). */
    public String reason() {
        return reason;
    }

    /** Images are the clusters' layer, whatever stage needed them. */
    @Override
    public Optional<Layer> brokenLayer() {
        return Optional.of(Layer.CLUSTER);
    }

    static String render(String image, String reason) {
        return "The image " + image + " is not on this Docker host and could not be pulled: " + reason + "\n"
                + "Remedies, any one of:\n"
                + "  1. network: let the Docker daemon reach the image's registry (check 'docker pull " + image
                + "' on this host: proxy, DNS, firewall, rate limits), then run again;\n"
                + "  2. mirror: copy the image to a registry you can reach and point the harness at the copy"
                + " (mesh.k3s.image=<your-registry>/rancher/k3s:<tag>; mesh.images.mirror for the images that pods"
                + " pull inside the clusters);\n"
                + "  3. load it: on a machine with access run 'docker save " + image + " -o image.tar', bring the"
                + " file here and run 'docker load -i image.tar' (images pulled inside the clusters go as tarballs"
                + " into the directory named by mesh.images.preload).";
    }

    static String renderRyuk(String image, String reason) {
        return "The image " + image + " is not on this Docker host and could not be pulled: " + reason + "\n"
                + "Testcontainers starts it as Ryuk, the container that removes the run's containers and network even"
                + " if this JVM is killed, before any container of the run; nothing was started.\n"
                + "Remedies, any one of:\n"
                + "  1. pull it: let the Docker daemon reach Docker Hub (check 'docker pull " + image + "' on this"
                + " host), or on a machine with access run 'docker save " + image + " -o ryuk.tar', bring the file"
                + " here and run 'docker load -i ryuk.tar';\n"
                + "  2. mirror: copy it to a registry you can reach and set TESTCONTAINERS_HUB_IMAGE_NAME_PREFIX="
                + "<your-registry>/ (or hub.image.name.prefix in ~/.testcontainers.properties): Testcontainers then"
                + " pulls every Docker Hub image, this one included, from <your-registry>/;\n"
                + "  3. no Ryuk: set TESTCONTAINERS_RYUK_DISABLED=true. The harness still removes every container"
                + " and network it started when the suite ends, and Testcontainers' shutdown hook when the JVM exits;"
                + " only a JVM killed outright (kill -9, a lost CI agent) leaves them behind, to be removed by the"
                + " label io.meshconformance/run (see README, Keep on failure).";
    }
}
