package io.meshconformance.lifecycle;

/**
 * Where a wait reports the moments it observes while the mesh converges (the remote synced, details in the
 * registry, the first page with details): propagation marks, recorded with the time each was first seen. Figures
 * for the report; nothing passes or fails on them.
 */
@FunctionalInterface
public interface Marks {

    /** For callers that record nothing. */
    Marks NONE = what -> { };

    /** {@code what} is seen now; a later sighting of the same name does not move the mark. */
    void mark(String what);
}
