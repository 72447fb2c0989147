package io.meshconformance.topology;

import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * The planned mesh: clusters with their roles, networks and address ranges. A value: it holds no clients and
 * starts nothing. Build it with {@link TopologyLoader}, which validates it.
 */
public record MeshTopology(List<ClusterSpec> clusters) {

    public MeshTopology {
        clusters = List.copyOf(clusters);
    }

    /** The one primary cluster (validation guarantees there is exactly one). */
    public ClusterSpec primary() {
        return clusters.stream().filter(ClusterSpec::isPrimary).findFirst()
                .orElseThrow(() -> new NoSuchElementException("the topology has no primary cluster"));
    }

    public List<ClusterSpec> remotes() {
        return clusters.stream().filter(c -> !c.isPrimary()).toList();
    }

    public Optional<ClusterSpec> cluster(String name) {
        return clusters.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    /** Whether the clusters sit on more than one network (east-west gateways carry the traffic between them). */
    public boolean spansNetworks() {
        return clusters.stream().map(ClusterSpec::network).distinct().count() > 1;
    }

    /** Clusters sharing a network with {@code cluster}, itself excluded: the peers that get flat routes. */
    public List<ClusterSpec> sameNetworkPeers(ClusterSpec cluster) {
        return clusters.stream()
                .filter(c -> !c.name().equals(cluster.name()) && c.network().equals(cluster.network()))
                .toList();
    }
}
