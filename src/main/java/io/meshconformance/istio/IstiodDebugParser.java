package io.meshconformance.istio;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns istiod's debug JSON into small views (shapes: istio/istio {@code pilot/pkg/xds/debug.go},
 * {@code pilot/pkg/model/service.go}, {@code endpointshards.go}, {@code pkg/cluster/debug.go}). Unknown fields are
 * ignored; a body that is not the expected JSON is an error quoting its start.
 */
public final class IstiodDebugParser {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private IstiodDebugParser() {
    }

    /** A remote cluster as istiod's secret controller sees it ({@code debug/clusterz}). */
    public record ClusterStatus(String id, String secretName, String syncStatus) {
        public boolean synced() {
            return "synced".equals(syncStatus);
        }
    }

    /** A service of istiod's registry ({@code debug/registryz}). */
    public record RegistryService(String hostname, String name, String namespace, String registry,
                                  Map<String, List<String>> vipsByCluster) {
    }

    /** An endpoint of a service, with the shard (registry and cluster) it came from ({@code debug/endpointShardz}). */
    public record ShardEndpoint(String hostname, String namespace, String shard, String cluster,
                                List<String> addresses, String network, String serviceAccount, int port) {
    }

    /** A proxy connected to istiod ({@code debug/syncz}). */
    public record ConnectedProxy(String proxy, String clusterId, String istioVersion) {
        /** The pod name: {@code details-v1-abc.bookinfo} gives {@code details-v1-abc}. */
        public String podName() {
            int dot = proxy.lastIndexOf('.');
            return dot < 0 ? proxy : proxy.substring(0, dot);
        }

        public String namespace() {
            int dot = proxy.lastIndexOf('.');
            return dot < 0 ? "" : proxy.substring(dot + 1);
        }
    }

    /** The body was not the JSON expected from that endpoint. */
    public static class UnexpectedBodyException extends RuntimeException {
        public UnexpectedBodyException(String endpoint, String expected, String body) {
            super("istiod's " + endpoint + " answered with something that is not " + expected + "; it starts with: "
                    + start(body));
        }
    }

    public static List<ClusterStatus> clusterz(String body) {
        JsonNode root = read("debug/clusterz", "a JSON array of clusters", body);
        requireArray(root, "debug/clusterz", "a JSON array of clusters", body);
        List<ClusterStatus> clusters = new ArrayList<>();
        for (JsonNode c : root) {
            clusters.add(new ClusterStatus(text(c, "id"), text(c, "secretName"), text(c, "syncStatus")));
        }
        return clusters;
    }

    public static List<RegistryService> registryz(String body) {
        JsonNode root = read("debug/registryz", "a JSON array of services", body);
        requireArray(root, "debug/registryz", "a JSON array of services", body);
        List<RegistryService> services = new ArrayList<>();
        for (JsonNode s : root) {
            JsonNode attributes = s.path("Attributes");
            Map<String, List<String>> vips = new LinkedHashMap<>();
            JsonNode addresses = s.path("clusterVIPs").path("Addresses");
            if (addresses.isObject()) {
                for (String cluster : addresses.propertyNames()) {
                    List<String> ips = new ArrayList<>();
                    addresses.get(cluster).forEach(ip -> ips.add(ip.asString()));
                    vips.put(cluster, ips);
                }
            }
            services.add(new RegistryService(text(s, "hostname"), text(attributes, "Name"),
                    text(attributes, "Namespace"), text(attributes, "ServiceRegistry"), vips));
        }
        return services;
    }

    /** Endpoints of {@code hostname} in every namespace and shard; empty when istiod knows none. */
    public static List<ShardEndpoint> endpointShardz(String body, String hostname) {
        JsonNode root = read("debug/endpointShardz", "a JSON object keyed by hostname", body);
        if (!root.isObject()) {
            throw new UnexpectedBodyException("debug/endpointShardz", "a JSON object keyed by hostname", body);
        }
        List<ShardEndpoint> endpoints = new ArrayList<>();
        JsonNode byNamespace = root.path(hostname);
        if (!byNamespace.isObject()) {
            return endpoints;
        }
        for (String namespace : byNamespace.propertyNames()) {
            JsonNode shards = byNamespace.get(namespace).path("Shards");
            if (!shards.isObject()) {
                continue;
            }
            for (String shard : shards.propertyNames()) {
                JsonNode list = shards.get(shard);
                if (!list.isArray()) {
                    continue;
                }
                for (JsonNode e : list) {
                    endpoints.add(new ShardEndpoint(hostname, namespace, shard, clusterOf(shard, e),
                            addresses(e), text(e, "Network"), text(e, "ServiceAccount"),
                            e.path("EndpointPort").asInt(0)));
                }
            }
        }
        return endpoints;
    }

    /** Shards of {@code hostname} that exist, even when they hold no endpoint. */
    public static List<String> shardNames(String body, String hostname) {
        JsonNode root = read("debug/endpointShardz", "a JSON object keyed by hostname", body);
        List<String> names = new ArrayList<>();
        JsonNode byNamespace = root.path(hostname);
        if (byNamespace.isObject()) {
            for (String namespace : byNamespace.propertyNames()) {
                JsonNode shards = byNamespace.get(namespace).path("Shards");
                if (shards.isObject()) {
                    shards.propertyNames().forEach(names::add);
                }
            }
        }
        return names;
    }

    public static List<ConnectedProxy> syncz(String body) {
        JsonNode root = read("debug/syncz", "a JSON array of proxies", body);
        if (root.isNull()) {
            return List.of(); // istiod prints null when no proxy is connected
        }
        requireArray(root, "debug/syncz", "a JSON array of proxies", body);
        List<ConnectedProxy> proxies = new ArrayList<>();
        for (JsonNode p : root) {
            proxies.add(new ConnectedProxy(text(p, "proxy"), text(p, "cluster_id"), text(p, "istio_version")));
        }
        return proxies;
    }

    /** Before Istio 1.24 an endpoint had one {@code Address}; since then a list {@code Addresses}. */
    private static List<String> addresses(JsonNode endpoint) {
        List<String> addresses = new ArrayList<>();
        JsonNode list = endpoint.path("Addresses");
        if (list.isArray()) {
            list.forEach(a -> addresses.add(a.asString()));
        }
        String single = text(endpoint, "Address");
        if (!single.isEmpty() && !addresses.contains(single)) {
            addresses.add(single);
        }
        return addresses;
    }

    /** {@code Kubernetes/remote} names cluster {@code remote}; the endpoint's own locality says it too. */
    private static String clusterOf(String shard, JsonNode endpoint) {
        String fromLocality = text(endpoint.path("Locality"), "ClusterID");
        if (!fromLocality.isEmpty()) {
            return fromLocality;
        }
        int slash = shard.indexOf('/');
        return slash < 0 ? shard : shard.substring(slash + 1);
    }

    private static JsonNode read(String endpoint, String expected, String body) {
        if (body == null || body.isBlank()) {
            throw new UnexpectedBodyException(endpoint, expected, body == null ? "" : body);
        }
        try {
            return JSON.readTree(body);
        } catch (JacksonException e) {
            throw new UnexpectedBodyException(endpoint, expected, body);
        }
    }

    private static void requireArray(JsonNode root, String endpoint, String expected, String body) {
        if (!root.isArray()) {
            throw new UnexpectedBodyException(endpoint, expected, body);
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? "" : value.asString();
    }

    static String start(String body) {
        String flat = body.strip().replaceAll("\\s+", " ");
        return flat.isEmpty() ? "(an empty body)" : "'" + (flat.length() > 160 ? flat.substring(0, 160) + "..." : flat)
                + "'";
    }

    static Optional<ClusterStatus> find(List<ClusterStatus> clusters, String id) {
        return clusters.stream().filter(c -> c.id().equals(id)).findFirst();
    }
}
