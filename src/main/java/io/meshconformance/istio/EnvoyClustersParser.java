package io.meshconformance.istio;

import java.util.ArrayList;
import java.util.List;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the endpoints a sidecar holds from Envoy's admin {@code /clusters?format=json} (the {@code ClusterStatuses}
 * message of envoy/admin/v3/clusters.proto, which {@code istioctl proxy-config endpoints} reads too: istio/istio
 * 1.30.3 istioctl/pkg/proxyconfig/proxyconfig.go). Envoy writes the proto's field names ({@code cluster_statuses},
 * {@code host_statuses}, {@code socket_address}, {@code port_value}); their JSON names are read as well. Pure.
 */
public final class EnvoyClustersParser {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private EnvoyClustersParser() {
    }

    /**
     * One endpoint of a cluster.
     *
     * @param health Envoy's EDS health ({@code HEALTHY}, {@code UNHEALTHY}...), empty when not given
     */
    public record Host(String address, int port, String health) {
        @Override
        public String toString() {
            return address + ":" + port + (health.isEmpty() ? "" : " " + health);
        }
    }

    /** The outbound cluster of a service port, as Istio names it: {@code outbound|<port>||<host>}. */
    public static String outbound(int port, String host) {
        return "outbound|" + port + "||" + host;
    }

    /** The endpoints of cluster {@code name}; empty when the sidecar has no such cluster or it has no endpoints. */
    public static List<Host> hosts(String body, String name) {
        List<Host> hosts = new ArrayList<>();
        for (JsonNode cluster : clusters(body)) {
            if (!name.equals(text(cluster, "name"))) {
                continue;
            }
            for (JsonNode host : field(cluster, "host_statuses", "hostStatuses")) {
                JsonNode socket = field(field(host, "address", "address"), "socket_address", "socketAddress");
                JsonNode port = field(socket, "port_value", "portValue");
                JsonNode health = field(field(host, "health_status", "healthStatus"), "eds_health_status",
                        "edsHealthStatus");
                hosts.add(new Host(text(socket, "address"), port.isMissingNode() ? 0 : port.asInt(),
                        health.isMissingNode() || health.isNull() ? "" : health.asString()));
            }
        }
        return hosts;
    }

    /** Whether the sidecar has cluster {@code name} at all. */
    public static boolean has(String body, String name) {
        for (JsonNode cluster : clusters(body)) {
            if (name.equals(text(cluster, "name"))) {
                return true;
            }
        }
        return false;
    }

    private static JsonNode clusters(String body) {
        JsonNode root;
        try {
            root = body == null || body.isBlank() ? null : JSON.readTree(body);
        } catch (JacksonException e) {
            root = null;
        }
        if (root == null || !root.isObject()) {
            throw new IllegalStateException("the sidecar's Envoy admin clusters?format=json answered with something"
                    + " that is not a JSON object of cluster statuses; it starts with: "
                    + IstiodDebugParser.start(body == null ? "" : body));
        }
        return field(root, "cluster_statuses", "clusterStatuses");
    }

    /** The field under its proto name or its JSON name; a missing node (iterates as empty) when neither is there. */
    private static JsonNode field(JsonNode node, String protoName, String jsonName) {
        JsonNode value = node.path(protoName);
        return value.isMissingNode() ? node.path(jsonName) : value;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isMissingNode() || value.isNull() ? "" : value.asString();
    }
}
