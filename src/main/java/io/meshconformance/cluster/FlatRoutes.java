package io.meshconformance.cluster;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.meshconformance.topology.Cidr;
import io.meshconformance.topology.ClusterSpec;
import io.meshconformance.topology.MeshTopology;

/**
 * The routes of a flat network (the origin tutorial's model, and Istio's KinD multicluster set-up): every node
 * reaches each same-network peer's pod CIDR and service CIDR through that peer's node address.
 * Equivalent of {@code ip route add <peer pod CIDR> via <peer node IP>} on every node (istio/istio
 * common/scripts/kind_provisioner.sh, connect_kind_clusters). Pure.
 */
public final class FlatRoutes {

    /** One route to add on a cluster's node. */
    public record Route(Cidr destination, String via, String peer, String kind) {
        @Override
        public String toString() {
            return destination + " via " + via + " (" + peer + " " + kind + ")";
        }
    }

    private FlatRoutes() {
    }

    /**
     * @param nodeAddresses each cluster's node address on the shared Docker network, by cluster name
     * @return the routes each cluster's node needs, by cluster name, in topology order
     */
    public static Map<String, List<Route>> plan(MeshTopology topology, Map<String, String> nodeAddresses) {
        Map<String, List<Route>> plan = new LinkedHashMap<>();
        for (ClusterSpec cluster : topology.clusters()) {
            List<Route> routes = new ArrayList<>();
            for (ClusterSpec peer : topology.sameNetworkPeers(cluster)) {
                String via = nodeAddresses.get(peer.name());
                if (via == null) {
                    throw new IllegalArgumentException("no node address known for cluster '" + peer.name() + "'");
                }
                routes.add(new Route(peer.podCidr().canonical(), via, peer.name(), "pods"));
                routes.add(new Route(peer.serviceCidr().canonical(), via, peer.name(), "services"));
            }
            plan.put(cluster.name(), List.copyOf(routes));
        }
        return plan;
    }

    /**
     * True when {@code ip route show <destination>} output holds the route: a line for exactly that destination
     * whose next hop is {@code via}. Reads the output of iproute2 and of busybox {@code ip} alike.
     */
    public static boolean present(String ipRouteShowOutput, Route route) {
        for (String line : ipRouteShowOutput.split("\n")) {
            String[] words = line.trim().split("\\s+");
            if (words.length >= 3 && words[0].equals(route.destination().toString())) {
                for (int i = 1; i + 1 < words.length; i++) {
                    if (words[i].equals("via") && words[i + 1].equals(route.via())) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
