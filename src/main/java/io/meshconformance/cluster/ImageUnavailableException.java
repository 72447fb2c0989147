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

    public ImageUnavailableException(String image, String reason) {
        super(render(image, reason));
        this.image = image;
    }

    public String image() {
        return image;
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
}
