package io.meshconformance.cluster;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

import io.meshconformance.lifecycle.CleanupStack;

/**
 * The running clusters of one run and everything that must be undone to remove them. Closing removes them all
 * (containers, network), unless {@link #keep()} was called.
 */
public final class MeshClusters implements AutoCloseable {

    private final List<MeshCluster> clusters;
    private final Map<String, Duration> startupTimes;
    private final CleanupStack cleanup;
    private final Runnable onKeep;
    private volatile boolean keep;

    MeshClusters(List<MeshCluster> clusters, Map<String, Duration> startupTimes, CleanupStack cleanup,
                 Runnable onKeep) {
        this.clusters = List.copyOf(clusters);
        this.startupTimes = Map.copyOf(startupTimes);
        this.cleanup = cleanup;
        this.onKeep = onKeep;
    }

    public List<MeshCluster> all() {
        return clusters;
    }

    public MeshCluster primary() {
        return clusters.stream().filter(c -> c.spec().isPrimary()).findFirst()
                .orElseThrow(() -> new NoSuchElementException("no primary cluster"));
    }

    public List<MeshCluster> remotes() {
        return clusters.stream().filter(c -> !c.spec().isPrimary()).toList();
    }

    /** How long each cluster took from container start to a Ready node. */
    public Map<String, Duration> startupTimes() {
        return startupTimes;
    }

    /**
     * Leave the clusters running when closed (keep-on-failure): writes their kubeconfigs to disk and tells the
     * user how to reach and later remove them.
     */
    public void keep() {
        keep = true;
    }

    @Override
    public void close() {
        clusters.forEach(MeshCluster::close);
        if (keep) {
            onKeep.run();
        } else {
            cleanup.close();
        }
    }
}
