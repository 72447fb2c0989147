package io.meshconformance.cluster;

import java.util.List;
import java.util.Map;

import io.meshconformance.topology.MeshTopology;

/**
 * Makes the clusters of a run: throwaway k3s clusters in Docker, or the user's existing ones. The clusters it hands
 * out carry their own teardown, so nothing above this interface needs to know which kind they are.
 */
public interface ClusterProvider {

    /**
     * Checks what can be checked before anything starts (kubeconfigs and contexts, say); throws one error listing
     * every problem. Nothing to check by default.
     */
    default void check(MeshTopology topology) {
    }

    /**
     * Starts (or reaches) the clusters of {@code topology}; on failure nothing it started is left behind, unless the
     * settings ask to keep a failed run's clusters for inspection.
     */
    MeshClusters start(MeshTopology topology);

    /**
     * mesh.reuse: the kept mesh of {@code fingerprint} when one can serve (its clusters reached and read back, its
     * origin warm); otherwise kept meshes that cannot are removed, saying why, and clusters are started afresh,
     * labelled to be kept. A provider that keeps nothing starts afresh.
     */
    default MeshClusters reuseOrStart(MeshTopology topology, MeshFingerprint fingerprint) {
        return start(topology);
    }

    /**
     * Starts afresh, labelled to be kept, in place of a kept mesh found unfit after it was reached (the doctor
     * failed on it) and removed already; {@code why} says what was wrong, for the report.
     */
    default MeshClusters restart(MeshTopology topology, MeshFingerprint fingerprint, List<String> why) {
        throw new UnsupportedOperationException("these clusters are never kept, so never restarted");
    }

    /** What the report's environment says of these clusters (images, kubeconfig paths): never a credential. */
    Map<String, String> describe();
}
