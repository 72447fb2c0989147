package io.meshconformance.diagnostics;

import io.meshconformance.lifecycle.Layer;
import io.meshconformance.lifecycle.LayeredFailure;
import io.meshconformance.text.Redaction;

/**
 * Names the broken layer from the stage that failed and what it failed with. A stage has a layer of its own; a
 * failure that knows better says so itself ({@link LayeredFailure}: a missing route fails the cluster stage but is
 * the network's), and the first such along the cause chain wins.
 */
public final class FailureClassifier {

    private FailureClassifier() {
    }

    public static Layer layer(Layer stageLayer, Throwable failure) {
        for (Throwable t = failure; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof LayeredFailure layered && layered.brokenLayer().isPresent()) {
                return layered.brokenLayer().get();
            }
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
