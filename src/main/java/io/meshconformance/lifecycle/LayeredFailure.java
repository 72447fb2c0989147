package io.meshconformance.lifecycle;

import java.util.Optional;

/**
 * A failure that knows which layer of the mesh it shows broken, whatever stage met it: a route that could not be
 * set, an image that cannot be had, a page that is served but cannot reach details. The stage runner names the
 * first such layer along the cause chain, and the stage's own layer when there is none.
 */
public interface LayeredFailure {

    /** The layer this failure points at; empty when it has no opinion and the stage's layer stands. */
    Optional<Layer> brokenLayer();
}
