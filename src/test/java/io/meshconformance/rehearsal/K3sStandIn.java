package io.meshconformance.rehearsal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.meshconformance.cluster.ClusterProvider;
import io.meshconformance.cluster.ClusterReadback;
import io.meshconformance.cluster.ImageUnavailableException;
import io.meshconformance.cluster.Kubeconfigs;
import io.meshconformance.cluster.MeshCluster;
import io.meshconformance.cluster.MeshClusters;
import io.meshconformance.config.MeshSettings;
import io.meshconformance.config.StageTimeout;
import io.meshconformance.topology.ClusterSpec;
import io.meshconformance.topology.MeshTopology;

/**
 * Stand-in for k3s in Docker (the harness's K3sClusterProvider): "starting" a cluster leaves in its mock API server
 * what a k3s server leaves once its node is up ({@link Rehearsal#k3sObjects}), on the node address the shared Docker
 * network would give; then the harness's real read-back ({@link ClusterReadback}) checks it against the topology,
 * as the real provider does. Removing the clusters stands for removing their containers: everything in them goes.
 * What it cannot show: k3s itself, Docker, the routes between nodes.
 */
final class K3sStandIn implements ClusterProvider {

    private final Rehearsal world;
    /** The podCIDR a cluster's node reports instead of the planned one (k3s ignoring --cluster-cidr). */
    private final Map<String, String> nodeRanges = new LinkedHashMap<>();
    /** The reason Docker gives for a k3s image it cannot pull, when the rehearsal plays that. */
    private Optional<String> imageRefused = Optional.empty();
    private volatile boolean started;
    private volatile boolean removed;
    private volatile boolean kept;
    private MeshSettings settings;

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

    K3sStandIn with(MeshSettings settings) {
        this.settings = settings;
        return this;
    }

    /** Whether any cluster was started (its node and Services put in place). */
    boolean started() {
        return started;
    }

    boolean removed() {
        return removed;
    }

    boolean kept() {
        return kept;
    }

    @Override
    public Map<String, String> describe() {
        return Map.of("k3s.image", settings.k3sImage() + " (rehearsal: stand-in clusters)");
    }

    @Override
    public MeshClusters start(MeshTopology topology) {
        if (imageRefused.isPresent()) {
            // What ImagePuller throws when Docker cannot pull the node image: nothing has started yet.
            throw new ImageUnavailableException(settings.k3sImage(), imageRefused.get());
        }
        Duration timeout = settings.timeout(StageTimeout.CLUSTERS);
        List<MeshCluster> clusters = new ArrayList<>();
        Map<String, Duration> startup = new LinkedHashMap<>();
        for (ClusterSpec spec : topology.clusters()) {
            long begin = System.nanoTime();
            MeshCluster mock = world.cluster(spec.name());
            started = true;
            Rehearsal.k3sObjects(mock.client(), spec, nodeRanges.getOrDefault(spec.name(),
                    Rehearsal.firstNodeRange(spec)));
            // A client of the run's own, closed with the clusters, as the real provider's is.
            KubernetesClient client = world.mocks.server(spec.name()).createClient();
            String node = mock.internalServer().replaceAll("^https://|:6443$", "");
            MeshCluster cluster = MeshCluster.onNode(spec, client, kubeconfigText(mock), node);
            clusters.add(cluster);
            try {
                ClusterReadback.verify(cluster, topology, timeout);
            } catch (RuntimeException e) {
                clusters.forEach(MeshCluster::close);
                removed = true; // the real provider removes what it started before the exception leaves
                throw e;
            }
            startup.put(spec.name(), Duration.ofNanos(System.nanoTime() - begin));
        }
        return new MeshClusters(clusters, startup, new MeshClusters.Teardown() {
            @Override
            public boolean remove(MeshClusters all) {
                removed = true;
                return true;
            }

            @Override
            public boolean keep(MeshClusters all) {
                kept = true;
                return true;
            }
        });
    }

    /** A kubeconfig for the mock, as k3s writes one for its server (no credentials needed by the mock). */
    private static String kubeconfigText(MeshCluster mock) {
        String server = Kubeconfigs.server(mock);
        return "apiVersion: v1\nkind: Config\nclusters:\n- name: default\n  cluster:\n    server: " + server
                + "\ncontexts:\n- name: default\n  context:\n    cluster: default\n    user: default\n"
                + "current-context: default\nusers:\n- name: default\n  user: {}\n";
    }
}
