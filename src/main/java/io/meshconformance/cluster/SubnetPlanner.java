package io.meshconformance.cluster;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import io.meshconformance.topology.Cidr;
import io.meshconformance.topology.ClusterSpec;
import io.meshconformance.topology.MeshTopology;

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
        // Every range the network must not overlap, with whose it is.
        Map<String, Cidr> taken = new LinkedHashMap<>();
        for (ClusterSpec c : topology.clusters()) {
            taken.put("cluster '" + c.name() + "' podCidr " + c.podCidr(), c.podCidr());
            taken.put("cluster '" + c.name() + "' serviceCidr " + c.serviceCidr(), c.serviceCidr());
        }
        inUse.forEach(u -> taken.put("an existing Docker network (" + u + ")", u));
        if (requested.isPresent()) {
            Cidr subnet = requested.get();
            List<String> clashes = taken.entrySet().stream().filter(e -> e.getValue().overlaps(subnet))
                    .map(Map.Entry::getKey).toList();
            if (!clashes.isEmpty()) {
                throw new IllegalArgumentException("mesh.network.subnet " + subnet + " overlaps "
                        + String.join(", ", clashes) + "; choose another subnet, or unset mesh.network.subnet to let"
                        + " the harness pick a free one");
            }
            return subnet;
        }
        for (Cidr candidate : CANDIDATES) {
            if (taken.values().stream().noneMatch(candidate::overlaps)) {
                return candidate;
            }
        }
        throw new IllegalArgumentException("no free subnet for the clusters' Docker network: every candidate ("
                + CANDIDATES.get(0) + " ... " + CANDIDATES.get(CANDIDATES.size() - 1) + ") overlaps a cluster range"
                + " or an existing Docker network (" + inUse.stream().map(Cidr::toString)
                .collect(Collectors.joining(", ")) + "); set mesh.network.subnet to a free /24");
    }
}
