package io.meshconformance.lifecycle;

import java.util.List;

/**
 * What one component of the mesh offers as evidence when a stage fails: its pods, its logs, what istiod says of it.
 * Each component's collector lives beside the component; the diagnostics only call them, in the order they were
 * registered.
 */
@FunctionalInterface
public interface EvidenceCollector {

    /** The pieces of evidence, each redacted and capped ({@link Evidence#of}); a piece that cannot be read says why. */
    List<Evidence> collect();
}
