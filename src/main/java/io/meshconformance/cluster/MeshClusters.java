package io.meshconformance.cluster;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

import io.meshconformance.lifecycle.CleanupStack;

/**
 * The running clusters of one run, what the run creates inside them, and how they go away: closing them runs their
 * provider's teardown (removing throwaway clusters, or undoing the run's objects in the user's), or, after
 * {@link #keep()}, the provider's way of leaving them for a person to inspect.
 */
public final class MeshClusters implements AutoCloseable {

    /**
     * How a provider's clusters go away, or stay for inspection. Each returns whether the clusters' clients may be
     * closed now: not while someone else (a shutdown hook) still removes objects through them.
     */
    public interface Teardown {
        /** Removes what the run made: the clusters themselves, or the run's objects in them. */
        boolean remove(MeshClusters clusters);

        /** Leaves it all in place and tells the user what is left and how to reach and remove it. */
        boolean keep(MeshClusters clusters);
    }

    private final List<MeshCluster> clusters;
    private final Map<String, Duration> startupTimes;
    private final CleanupStack objects = new CleanupStack();
    private final Teardown teardown;
    private volatile boolean keep;
    private boolean closed;

    /**
     * @param startupTimes how long each cluster took to be ready or reached, by name
     * @param teardown     how the provider removes (or keeps) them
     */
    public MeshClusters(List<MeshCluster> clusters, Map<String, Duration> startupTimes, Teardown teardown) {
        this.clusters = List.copyOf(clusters);
        this.startupTimes = Map.copyOf(startupTimes);
        this.teardown = teardown;
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

    /** How long each cluster took to be ready (k3s) or reached (existing clusters). */
    public Map<String, Duration> startupTimes() {
        return startupTimes;
    }

    /**
     * The undo of everything the run creates inside these clusters (Istio, Bookinfo, secrets), registered as it is
     * created. Throwaway clusters take it all with them; in the user's clusters closing runs it.
     */
    public CleanupStack objects() {
        return objects;
    }

    /** Leave everything in place when closed (keep-on-failure). */
    public void keep() {
        keep = true;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        boolean done = true;
        try {
            done = keep ? teardown.keep(this) : teardown.remove(this);
        } finally {
            if (done) {
                clusters.forEach(MeshCluster::close);
            }
        }
    }
}
