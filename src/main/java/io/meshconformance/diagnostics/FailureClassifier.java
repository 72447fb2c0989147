package io.meshconformance.diagnostics;

import io.meshconformance.cluster.DockerNodeGroup;
import io.meshconformance.cluster.ImageUnavailableException;
import io.meshconformance.cluster.RouteInstaller;

/**
 * Names the broken layer from the stage that failed and what it failed with. A stage has a layer of its own; a
 * few failures point lower than their stage (a missing route fails the cluster stage but is the network's).
 */
public final class FailureClassifier {

    private FailureClassifier() {
    }

    public static Layer layer(Layer stageLayer, Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof io.meshconformance.doctor.PreflightFailedException preflight) {
                return preflight.layer();
            }
            if (t instanceof RouteInstaller.RouteException) {
                return Layer.NETWORK_ROUTES;
            }
            if (t instanceof ImageUnavailableException || t instanceof DockerNodeGroup.ClusterStartException) {
                return Layer.CLUSTER;
            }
        }
        String message = String.valueOf(failure.getMessage());
        if (message.contains("cannot be pulled inside the cluster") || message.contains("ImagePullBackOff")
                || message.contains("ErrImagePull")) {
            return Layer.CLUSTER; // the clusters' images, whatever stage waited for the pods
        }
        if (stageLayer == Layer.PAGE && message.contains("cannot reach details in the remote")) {
            // The page is served, so the gateway and productpage work; the call from its sidecar across does not.
            return Layer.DATA_PLANE;
        }
        return stageLayer;
    }

    /** The first line of the failure as the report's headline: "[layer] stage failed: message". */
    public static String headline(String stage, Layer layer, Throwable failure) {
        String message = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
        return "Broken layer: " + layer.label() + " (" + layer.covers() + "). Stage '" + stage + "' failed: "
                + Redaction.text(message);
    }
}
