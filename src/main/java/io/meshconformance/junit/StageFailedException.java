package io.meshconformance.junit;

import java.util.Optional;

import io.meshconformance.lifecycle.Layer;
import io.meshconformance.lifecycle.LayeredFailure;

/** A stage of the conformance run failed; the message starts with the broken layer. */
public class StageFailedException extends RuntimeException implements LayeredFailure {

    private final Layer layer;

    public StageFailedException(String message, Layer layer, Throwable cause) {
        super(message, cause);
        this.layer = layer;
    }

    public Layer layer() {
        return layer;
    }

    @Override
    public Optional<Layer> brokenLayer() {
        return Optional.of(layer);
    }
}
