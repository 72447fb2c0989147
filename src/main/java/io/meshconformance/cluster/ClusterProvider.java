package io.meshconformance.cluster;

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

    /** What the report's environment says of these clusters (images, kubeconfig paths): never a credential. */
    Map<String, String> describe();
}
