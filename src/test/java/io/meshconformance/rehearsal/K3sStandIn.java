package io.meshconformance.rehearsal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.meshconformance.cluster.ClusterOrigin;
import io.meshconformance.cluster.ClusterProvider;
import io.meshconformance.cluster.ClusterReadback;
import io.meshconformance.cluster.ImageUnavailableException;
import io.meshconformance.cluster.KeptMesh;
import io.meshconformance.cluster.KeptMeshes.Found;
import io.meshconformance.cluster.KeptMeshes.Node;
import io.meshconformance.cluster.Kubeconfigs;
import io.meshconformance.cluster.MeshCluster;
import io.meshconformance.cluster.MeshClusters;
import io.meshconformance.cluster.MeshFingerprint;
import io.meshconformance.config.MeshSettings;
import io.meshconformance.config.StageTimeout;
import io.meshconformance.lifecycle.RunId;
import io.meshconformance.text.Causes;
import io.meshconformance.topology.ClusterSpec;
import io.meshconformance.topology.MeshTopology;

/**
 * Stand-in for k3s in Docker (the harness's K3sClusterProvider): "starting" a cluster leaves in its mock API server
 * what a k3s server leaves once its node is up ({@link Rehearsal#k3sObjects}), on the node address the shared Docker
 * network would give; then the harness's real read-back ({@link ClusterReadback}) checks it against the topology,
 * as the real provider does. Removing the clusters stands for removing their containers: everything in them goes
 * ({@link Rehearsal#removeClusters}).
 * <p>
 * Under mesh.reuse it plays the Docker engine between runs of one world as K3sClusterProvider and KeptMeshes see it:
 * whether a mesh is kept (its nodes labelled with the fingerprint's hash at start), the record a passing run sealed
 * it with, and whether each node runs ({@link #stopNode}). A kept mesh of the run's fingerprint, sealed, with every
 * node running is reached again (warm); any other kept mesh is removed, saying why, and the clusters start afresh.
 * What it cannot show: k3s itself, Docker, the routes between nodes; a stopped node's API server still answers here
 * (the judge turns it away before any client is made, as the real one reads the container's state first).
 */
final class K3sStandIn implements ClusterProvider {

    private final Rehearsal world;
    /** The podCIDR a cluster's node reports instead of the planned one (k3s ignoring --cluster-cidr). */
    private final Map<String, String> nodeRanges = new LinkedHashMap<>();
    /** The reason Docker gives for a k3s image it cannot pull, when the rehearsal plays that. */
    private Optional<String> imageRefused = Optional.empty();
    private volatile boolean started;
    private volatile boolean kept;
    private MeshSettings settings;
    private RunId run;

    // What the Docker engine holds between the runs of one world.
    /** Whether the world's clusters are up: started, and not removed since. */
    private boolean running;
    /** The run that started the clusters (their io.meshconformance/run label). */
    private String madeBy;
    /** The fingerprint's hash the nodes were labelled with at start (KeptMeshes.REUSE_LABEL): made to be kept. */
    private Optional<String> reuseLabel = Optional.empty();
    /** The harness version the nodes were labelled with at start (KeptMeshes.HARNESS_LABEL). */
    private String harnessLabel = "";
    /** The record a passing run sealed the mesh with (KeptMeshes.RECORD_PATH in every node). */
    private Optional<KeptMesh> record = Optional.empty();
    /** The clusters whose node container is stopped ("exited"). */
    private final Set<String> stoppedNodes = new TreeSet<>();
    /** Why the clusters were removed, one sentence per removal, in order. */
    private final List<String> removals = new ArrayList<>();
    /** How many times clusters were started afresh (not reached again). */
    private int starts;

    K3sStandIn(Rehearsal world) {
        this.world = world;
    }

    K3sStandIn nodeRange(String cluster, String podCidr) {
        nodeRanges.put(cluster, podCidr);
        return this;
    }

    /** The pull of the k3s image fails with Docker's {@code reason}, as in ImagePuller. */
    K3sStandIn imageRefused(String reason) {
        imageRefused = Optional.of(reason);
        return this;
    }

    /** The settings and the run of the run about to start (the real provider is made per run with both). */
    K3sStandIn with(MeshSettings settings, RunId run) {
        this.settings = settings;
        this.run = run;
        return this;
    }

    /** {@code docker stop} of {@code cluster}'s node between runs: the kept mesh is no longer all running. */
    synchronized K3sStandIn stopNode(String cluster) {
        if (!running) {
            throw new IllegalStateException("no clusters are up to stop the node of '" + cluster + "' in");
        }
        stoppedNodes.add(cluster);
        return this;
    }

    /** Whether any cluster was started (its node and Services put in place). */
    boolean started() {
        return started;
    }

    /** Whether the clusters were removed at least once. */
    synchronized boolean removed() {
        return !removals.isEmpty();
    }

    /** Why the clusters were removed, one sentence per removal, oldest first. */
    synchronized List<String> removals() {
        return List.copyOf(removals);
    }

    /** How many times clusters were started afresh. */
    synchronized int starts() {
        return starts;
    }

    /** Left in place after a failed run (mesh.keepOnFailure). */
    boolean kept() {
        return kept;
    }

    /** The record of the mesh kept for the next run: clusters up, made to be kept, sealed by a passing run. */
    synchronized Optional<KeptMesh> keptMesh() {
        return running && reuseLabel.isPresent() ? record : Optional.empty();
    }

    @Override
    public Map<String, String> describe() {
        return Map.of("k3s.image", settings.k3sImage() + " (rehearsal: stand-in clusters)");
    }

    @Override
    public synchronized MeshClusters start(MeshTopology topology) {
        return startAfresh(topology, Optional.empty(), List.of());
    }

    /** As K3sClusterProvider.reuseOrStart: the kept mesh when it can serve, else removed with the reason. */
    @Override
    public synchronized MeshClusters reuseOrStart(MeshTopology topology, MeshFingerprint fingerprint) {
        List<String> reasons = new ArrayList<>();
        if (running && reuseLabel.isPresent()) {
            String mesh = "kept mesh " + reuseLabel.get() + " of run " + madeBy;
            List<String> problems = asFound(topology).unusable(fingerprint, topology, fingerprint.harness());
            if (problems.isEmpty()) {
                try {
                    return reach(topology);
                } catch (RuntimeException e) {
                    reasons.add(mesh + " could not be reached: " + Causes.firstLine(e));
                }
            } else {
                reasons.add(mesh + ": " + String.join("; ", problems));
            }
            remove(reasons.get(reasons.size() - 1));
        }
        return startAfresh(topology, Optional.of(fingerprint), reasons);
    }

    @Override
    public synchronized MeshClusters restart(MeshTopology topology, MeshFingerprint fingerprint, List<String> why) {
        return startAfresh(topology, Optional.of(fingerprint), why);
    }

    /**
     * The kept mesh as KeptMeshes lists it from Docker: its labels, a node container per cluster (running, or exited
     * when stopped), its network and record; the harness's own judge (KeptMeshes.Found.unusable) then decides, in its
     * own sentences.
     */
    private Found asFound(MeshTopology topology) {
        List<Node> nodes = topology.clusters().stream().map(c -> new Node(c.name(), "stand-in-" + madeBy + "-"
                + c.name(), "mesh-" + madeBy + "-" + c.name(), stoppedNodes.contains(c.name()) ? "exited" : "running"))
                .toList();
        return new Found(reuseLabel.orElseThrow(), madeBy, harnessLabel, Instant.EPOCH, nodes,
                List.of("mesh-" + madeBy + "-net"), record);
    }

    /** The kept mesh's clusters through new clients, read back as the real provider reads a kept mesh back. */
    private MeshClusters reach(MeshTopology topology) {
        Duration timeout = settings.timeout(StageTimeout.CLUSTERS);
        List<MeshCluster> clusters = new ArrayList<>();
        Map<String, Duration> startup = new LinkedHashMap<>();
        try {
            for (ClusterSpec spec : topology.clusters()) {
                long begin = System.nanoTime();
                MeshCluster cluster = client(spec);
                clusters.add(cluster);
                ClusterReadback.verify(cluster, topology, timeout);
                startup.put(spec.name(), Duration.ofNanos(System.nanoTime() - begin));
            }
        } catch (RuntimeException e) {
            clusters.forEach(MeshCluster::close);
            throw e;
        }
        return new MeshClusters(clusters, startup, new Teardown(), ClusterOrigin.warm(record.orElseThrow()));
    }

    /**
     * New clusters with k3s's objects in them; with {@code fingerprint}, labelled to be kept.
     *
     * @param reasons why kept meshes were removed first, for the clusters' origin
     */
    private MeshClusters startAfresh(MeshTopology topology, Optional<MeshFingerprint> fingerprint,
                                     List<String> reasons) {
        if (imageRefused.isPresent()) {
            // What ImagePuller throws when Docker cannot pull the node image: nothing has started yet.
            throw new ImageUnavailableException(settings.k3sImage(), imageRefused.get());
        }
        if (running) {
            // A real engine would run new clusters beside the old ones; this world has one pair of API servers.
            throw new IllegalStateException("the rehearsal's clusters of run " + madeBy + " are still up (kept"
                    + " after a failure, or for reuse by another fingerprint): a run in this world cannot start"
                    + " clusters beside them");
        }
        Duration timeout = settings.timeout(StageTimeout.CLUSTERS);
        List<MeshCluster> clusters = new ArrayList<>();
        Map<String, Duration> startup = new LinkedHashMap<>();
        starts++;
        running = true;
        madeBy = run.value();
        reuseLabel = fingerprint.map(MeshFingerprint::hash);
        harnessLabel = fingerprint.map(MeshFingerprint::harness).orElse("");
        record = Optional.empty();
        for (ClusterSpec spec : topology.clusters()) {
            long begin = System.nanoTime();
            started = true;
            Rehearsal.k3sObjects(world.cluster(spec.name()).client(), spec, nodeRanges.getOrDefault(spec.name(),
                    Rehearsal.firstNodeRange(spec)));
            MeshCluster cluster = client(spec);
            clusters.add(cluster);
            try {
                ClusterReadback.verify(cluster, topology, timeout);
            } catch (RuntimeException e) {
                clusters.forEach(MeshCluster::close);
                // the real provider removes what it started before the exception leaves
                remove("the clusters of run " + madeBy + " did not read back as planned");
                throw e;
            }
            startup.put(spec.name(), Duration.ofNanos(System.nanoTime() - begin));
        }
        return new MeshClusters(clusters, startup, new Teardown(), ClusterOrigin.started(reasons));
    }

    /** A client of the run's own to {@code spec}'s mock, closed with the clusters, as the real provider's is. */
    private MeshCluster client(ClusterSpec spec) {
        MeshCluster mock = world.cluster(spec.name());
        KubernetesClient client = world.mocks.server(spec.name()).createClient();
        String node = mock.internalServer().replaceAll("^https://|:6443$", "");
        return MeshCluster.onNode(spec, client, kubeconfigText(mock), node);
    }

    /** Removes the containers and the network: everything in the clusters goes, and nothing is kept. */
    private void remove(String why) {
        world.removeClusters();
        running = false;
        reuseLabel = Optional.empty();
        record = Optional.empty();
        stoppedNodes.clear();
        removals.add(why);
    }

    /** As K3sClusterProvider's: removing takes everything; reusing seals the mesh with its record. */
    private final class Teardown implements MeshClusters.Teardown {

        @Override
        public boolean remove(MeshClusters all) {
            synchronized (K3sStandIn.this) {
                K3sStandIn.this.remove("the clusters of run " + madeBy + " removed by run " + run + "'s teardown");
            }
            return true;
        }

        @Override
        public boolean keep(MeshClusters all) {
            kept = true;
            return true;
        }

        @Override
        public boolean reuse(MeshClusters all, KeptMesh sealed) {
            synchronized (K3sStandIn.this) {
                if (reuseLabel.isEmpty()) {
                    throw new UnsupportedOperationException("the clusters of run " + madeBy + " were not started to"
                            + " be kept (no fingerprint label), so they cannot be sealed for reuse");
                }
                record = Optional.of(sealed);
            }
            return true;
        }
    }

    /** A kubeconfig for the mock, as k3s writes one for its server (no credentials needed by the mock). */
    private static String kubeconfigText(MeshCluster mock) {
        String server = Kubeconfigs.server(mock);
        return "apiVersion: v1\nkind: Config\nclusters:\n- name: default\n  cluster:\n    server: " + server
                + "\ncontexts:\n- name: default\n  context:\n    cluster: default\n    user: default\n"
                + "current-context: default\nusers:\n- name: default\n  user: {}\n";
    }
}
