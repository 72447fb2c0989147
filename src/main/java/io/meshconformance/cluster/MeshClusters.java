package io.meshconformance.cluster;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.stream.Stream;

import io.meshconformance.lifecycle.CleanupStack;

/**
 * The running clusters of one run, where they came from ({@link ClusterOrigin}), what the run creates inside them,
 * and how they go away: closing them runs their provider's teardown (removing throwaway clusters, or undoing the
 * run's objects in the user's); after {@link #keep()}, the provider's way of leaving them for a person to inspect;
 * after {@link #reuse}, the run's own objects are undone and the mesh stays for the next run.
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

        /**
         * Keeps the clusters and what makes the mesh for the next run (mesh.reuse), with {@code record}; the run's own
         * objects are undone already. Only providers whose clusters can be kept do.
         */
        default boolean reuse(MeshClusters clusters, KeptMesh record) {
            throw new UnsupportedOperationException("these clusters are not kept for reuse");
        }
    }

    private final List<MeshCluster> clusters;
    private final Map<String, Duration> startupTimes;
    private final CleanupStack objects = new CleanupStack();
    private final CleanupStack meshObjects = new CleanupStack();
    private final Teardown teardown;
    private final ClusterOrigin origin;
    private volatile boolean keep;
    private volatile KeptMesh reuse;
    private boolean closed;

    /**
     * @param startupTimes how long each cluster took to be ready or reached, by name
     * @param teardown     how the provider removes (or keeps) them
     * @param origin       started for this run, a kept mesh reused, or the user's
     */
    public MeshClusters(List<MeshCluster> clusters, Map<String, Duration> startupTimes, Teardown teardown,
                        ClusterOrigin origin) {
        this.clusters = List.copyOf(clusters);
        this.startupTimes = Map.copyOf(startupTimes);
        this.teardown = teardown;
        this.origin = origin;
    }

    public ClusterOrigin origin() {
        return origin;
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
     * The undo of what this run alone uses (Bookinfo in the run's namespaces), registered as it is created.
     * Throwaway clusters take it with them; in the user's clusters, and in a mesh kept for reuse, closing runs it.
     */
    public CleanupStack objects() {
        return objects;
    }

    /**
     * The undo of what makes the mesh (Istio's releases, the attachment, the east-west gateways): kept with the
     * clusters for the next run under mesh.reuse, undone after the run's own objects in the user's clusters.
     */
    public CleanupStack meshObjects() {
        return meshObjects;
    }

    /**
     * Undoes the run's objects, then the mesh's, reporting every failure of both together (a teardown in the user's
     * clusters).
     */
    public void undoAll() {
        RuntimeException failed = null;
        for (CleanupStack stack : List.of(objects, meshObjects)) {
            try {
                stack.close();
            } catch (RuntimeException e) {
                if (failed == null) {
                    failed = e;
                } else {
                    failed.addSuppressed(e);
                }
            }
        }
        if (failed != null) {
            throw failed;
        }
    }

    /** How many undo steps both stacks hold. */
    public int undoSteps() {
        return objects.size() + meshObjects.size();
    }

    /** What closing would undo, newest first within each stack, the run's own objects first. */
    public List<String> undoDescriptions() {
        return Stream.concat(objects.descriptions().stream(), meshObjects.descriptions().stream())
                .toList();
    }

    /** Leave everything in place when closed (keep-on-failure). */
    public void keep() {
        keep = true;
    }

    /**
     * When closed, undo the run's own objects and keep the clusters and the mesh for the next run with the same
     * fingerprint, sealed with {@code record} (mesh.reuse, after a run that passed).
     */
    public void reuse(KeptMesh record) {
        reuse = record;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        boolean done = true;
        try {
            if (keep) {
                done = teardown.keep(this);
            } else if (reuse != null) {
                try {
                    objects.close();
                    done = teardown.reuse(this, reuse);
                } catch (RuntimeException e) {
                    // A mesh with the run's leftovers in it, or one that could not be sealed, would be kept for
                    // nobody: it goes.
                    try {
                        done = teardown.remove(this);
                    } catch (RuntimeException removal) {
                        e.addSuppressed(removal);
                    }
                    throw e;
                }
            } else {
                done = teardown.remove(this);
            }
        } finally {
            if (done) {
                clusters.forEach(MeshCluster::close);
            }
        }
    }
}
