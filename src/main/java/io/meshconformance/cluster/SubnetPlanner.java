package io.meshconformance.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import io.meshconformance.topology.Cidr;
import io.meshconformance.topology.ClusterSpec;
import io.meshconformance.topology.MeshTopology;
import io.meshconformance.topology.OccupiedRange;

/**
 * Chooses the subnet of the Docker network the cluster nodes share. It must overlap no pod or service CIDR of any
 * cluster (a node would route its own pods' traffic to the bridge) and no subnet Docker already uses (creation
 * would fail). Pure: the caller supplies the subnets in use.
 */
public final class SubnetPlanner {

    /**
     * Candidates, tried in order: the top of 192.168.0.0/16, which Docker's default address pools reach last,
     * then a few /24s of 172.30.0.0/16 and 10.250.0.0/16 for topologies that use 192.168.0.0/16 themselves.
     */
    static final List<Cidr> CANDIDATES = candidates();

    private SubnetPlanner() {
    }

    private static List<Cidr> candidates() {
        List<Cidr> list = new ArrayList<>();
        for (int third = 255; third >= 240; third--) {
            list.add(Cidr.parse("192.168." + third + ".0/24"));
        }
        for (int third = 250; third <= 255; third++) {
            list.add(Cidr.parse("172.30." + third + ".0/24"));
        }
        for (int third = 250; third <= 255; third++) {
            list.add(Cidr.parse("10.250." + third + ".0/24"));
        }
        return List.copyOf(list);
    }

    /**
     * @param requested the user's {@code mesh.network.subnet}, if set: then it is checked, not chosen
     * @param inUse     subnets of the Docker networks that exist now
     */
    public static Cidr choose(MeshTopology topology, Optional<Cidr> requested, List<Cidr> inUse) {
        List<Cidr> clusterRanges = new ArrayList<>();
        for (ClusterSpec c : topology.clusters()) {
            clusterRanges.add(c.podCidr());
            clusterRanges.add(c.serviceCidr());
        }
        if (requested.isPresent()) {
            Cidr subnet = requested.get();
            List<String> clashes = new ArrayList<>();
            for (ClusterSpec c : topology.clusters()) {
                if (c.podCidr().overlaps(subnet)) {
                    clashes.add("cluster '" + c.name() + "' podCidr " + c.podCidr());
                }
                if (c.serviceCidr().overlaps(subnet)) {
                    clashes.add("cluster '" + c.name() + "' serviceCidr " + c.serviceCidr());
                }
            }
            inUse.stream().filter(subnet::overlaps).forEach(u -> clashes.add("an existing Docker network (" + u + ")"));
            if (!clashes.isEmpty()) {
                throw new IllegalArgumentException("mesh.network.subnet " + subnet + " overlaps "
                        + String.join(", ", clashes) + "; choose another subnet, or unset mesh.network.subnet to let"
                        + " the harness pick a free one");
            }
            return subnet;
        }
        for (Cidr candidate : CANDIDATES) {
            boolean free = clusterRanges.stream().noneMatch(candidate::overlaps)
                    && inUse.stream().noneMatch(candidate::overlaps);
            if (free) {
                return candidate;
            }
        }
        throw new IllegalArgumentException("no free subnet for the clusters' Docker network: every candidate ("
                + CANDIDATES.get(0) + " ... " + CANDIDATES.get(CANDIDATES.size() - 1) + ") overlaps a cluster range"
                + " or an existing Docker network (" + inUse.stream().map(Cidr::toString)
                .collect(Collectors.joining(", ")) + "); set mesh.network.subnet to a free /24");
    }

    /** The chosen subnet as a range the topology must not overlap, for {@code TopologyValidator}. */
    public static OccupiedRange asOccupied(String networkName, Cidr subnet) {
        return new OccupiedRange("the Docker network '" + networkName + "'", subnet);
    }
}
