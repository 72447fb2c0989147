package io.meshconformance.junit;

import io.meshconformance.lifecycle.Layer;

/** A stage of the conformance run failed; the message starts with the broken layer. */
public class StageFailedException extends RuntimeException {

    private final Layer layer;

    public StageFailedException(String message, Layer layer, Throwable cause) {
        super(message, cause);
        this.layer = layer;
    }

    public Layer layer() {
        return layer;
    }
}
