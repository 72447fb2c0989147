package io.meshconformance.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.meshconformance.lifecycle.Layer;
import io.meshconformance.lifecycle.LayeredFailure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adds the planned flat-network routes on every node and reads each back. A route that cannot be added, or that
 * is not in the node's table afterwards, fails the whole step with the cluster, the route and what the node said.
 */
public final class RouteInstaller {

    private static final Logger LOG = LoggerFactory.getLogger(RouteInstaller.class);

    private RouteInstaller() {
    }

    /** Thrown when a node refused a route or does not show it afterwards: the network between the clusters. */
    public static class RouteException extends RuntimeException implements LayeredFailure {
        public RouteException(String message) {
            super(message);
        }

        @Override
        public Optional<Layer> brokenLayer() {
            return Optional.of(Layer.NETWORK_ROUTES);
        }
    }

    /**
     * @param plan  routes by cluster name ({@link FlatRoutes#plan})
     * @param nodes a shell on each cluster's node, by cluster name
     */
    public static void install(Map<String, List<FlatRoutes.Route>> plan, Map<String, NodeShell> nodes) {
        List<String> failures = new ArrayList<>();
        plan.forEach((cluster, routes) -> {
            NodeShell node = nodes.get(cluster);
            for (FlatRoutes.Route route : routes) {
                String failure = addAndVerify(cluster, node, route);
                if (failure != null) {
                    failures.add(failure);
                } else {
                    LOG.info("Route on cluster '{}': {}", cluster, route);
                }
            }
        });
        if (!failures.isEmpty()) {
            throw new RouteException("Flat network routes could not be set up (" + failures.size() + "):\n  - "
                    + String.join("\n  - ", failures) + "\nThe nodes need the NET_ADMIN capability (k3s runs"
                    + " privileged) and iproute2's 'ip'; the peer's address must be on the same Docker network.");
        }
    }

    private static String addAndVerify(String cluster, NodeShell node, FlatRoutes.Route route) {
        String destination = route.destination().toString();
        try {
            // 'replace' is idempotent: a second run, or a route k3s added itself, does not fail the step.
            NodeShell.Result added = node.exec("ip", "route", "replace", destination, "via", route.via());
            if (!added.ok()) {
                return "cluster '" + cluster + "': 'ip route replace " + destination + " via " + route.via()
                        + "' failed (exit " + added.exitCode() + "): " + added.output();
            }
            NodeShell.Result shown = node.exec("ip", "route", "show", destination);
            if (!shown.ok() || !FlatRoutes.present(shown.stdout(), route)) {
                return "cluster '" + cluster + "': route " + route + " is missing after it was added; 'ip route show "
                        + destination + "' printed: " + (shown.output().isEmpty() ? "(nothing)" : shown.output());
            }
            return null;
        } catch (Exception e) {
            return "cluster '" + cluster + "': could not run 'ip route' on the node for " + route + ": " + e;
        }
    }
}
