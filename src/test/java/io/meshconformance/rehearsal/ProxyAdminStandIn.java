package io.meshconformance.rehearsal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.Pod;
import io.meshconformance.cluster.MeshCluster;
import io.meshconformance.cluster.Pods;
import io.meshconformance.config.LabelSelector;
import io.meshconformance.istio.ProxyAdmin;
import io.meshconformance.rehearsal.IstiodStandIn.LbEndpoint;
import io.meshconformance.rehearsal.IstiodStandIn.OutboundCluster;
import tools.jackson.databind.json.JsonMapper;

/**
 * Stand-in for a sidecar's Envoy admin API as {@code pilot-agent request GET clusters?format=json} in its
 * {@code istio-proxy} container reads it (istio/istio 1.30.3 pilot/cmd/pilot-agent/app/request.go): Envoy's
 * {@code ClusterStatuses} (envoy/admin/v3/clusters.proto, written with the proto's field names: {@code cluster_statuses},
 * {@code host_statuses}, {@code socket_address}, {@code port_value}, {@code eds_health_status}) for the outbound
 * clusters istiod's stand-in would send this sidecar ({@link IstiodStandIn#eds}, split horizon included). The
 * sidecar's network is the one istiod knows it by: its pod's {@code topology.istio.io/network} label (the injector's,
 * from the injection path), else its cluster's {@code istio-system} label, as for endpoints. What it cannot show:
 * Envoy itself, its other clusters (inbound, passthrough, blackhole), outlier detection, the time EDS takes.
 */
final class ProxyAdminStandIn implements ProxyAdmin {

    static final String PATH = "clusters?format=json";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final IstiodStandIn istiod;

    ProxyAdminStandIn(IstiodStandIn istiod) {
        this.istiod = istiod;
    }

    @Override
    public String get(MeshCluster cluster, String namespace, LabelSelector pods, String path, Duration timeout) {
        if (!PATH.equals(path)) {
            throw new IllegalArgumentException("the sidecar stand-in answers only " + PATH + ", not '" + path + "'");
        }
        Pod pod = sidecar(cluster, namespace, pods);
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(clusterStatuses(
                istiod.eds(network(cluster, pod))));
    }

    /** The endpoints istiod sends the sidecar of a running pod with {@code pods} labels for {@code clusterName}. */
    List<LbEndpoint> endpoints(MeshCluster cluster, String namespace, LabelSelector pods, String clusterName) {
        Pod pod = sidecar(cluster, namespace, pods);
        return istiod.eds(network(cluster, pod)).stream().filter(c -> c.name().equals(clusterName))
                .flatMap(c -> c.endpoints().stream()).toList();
    }

    /** A running pod of the labels with an istio-proxy container, as the exec reader needs one. */
    private static Pod sidecar(MeshCluster cluster, String namespace, LabelSelector pods) {
        List<Pod> found = cluster.client().pods().inNamespace(namespace).withLabels(pods.labels()).list().getItems();
        Pod pod = found.stream().filter(p -> p.getStatus() != null && "Running".equals(p.getStatus().getPhase()))
                .findFirst().orElseThrow(() -> new IllegalStateException("cluster '" + cluster.name() + "': no running"
                        + " pod labelled " + pods + " in " + namespace + " (pods found: " + found.size() + ")"));
        boolean injected = pod.getSpec().getContainers().stream()
                .anyMatch(c -> ControllersStandIn.PROXY_CONTAINER.equals(c.getName()));
        if (!injected || !Pods.runningAndReady(pod)) {
            // kubectl exec's words for a container the pod does not have, or Envoy not up yet.
            throw new IllegalStateException(injected ? "pilot-agent request: dial tcp 127.0.0.1:15000: connect:"
                    + " connection refused" : "container " + ControllersStandIn.PROXY_CONTAINER + " not found in pod "
                    + pod.getMetadata().getName());
        }
        return pod;
    }

    /** The sidecar's network as istiod knows it: its pod's network label, else its cluster's. */
    static String network(MeshCluster cluster, Pod pod) {
        Map<String, String> labels = pod.getMetadata().getLabels() == null ? Map.of() : pod.getMetadata().getLabels();
        return Optional.ofNullable(labels.get(IstiodStandIn.NETWORK_LABEL)).filter(n -> !n.isEmpty())
                .orElseGet(() -> IstiodStandIn.network(cluster.client()));
    }

    /** Envoy's ClusterStatuses JSON of {@code clusters}. */
    static Map<String, Object> clusterStatuses(List<OutboundCluster> clusters) {
        List<Object> statuses = new ArrayList<>();
        for (OutboundCluster cluster : clusters) {
            List<Object> hosts = new ArrayList<>();
            for (LbEndpoint e : cluster.endpoints()) {
                Map<String, Object> socket = new LinkedHashMap<>();
                socket.put("address", e.address());
                socket.put("port_value", e.port());
                Map<String, Object> host = new LinkedHashMap<>();
                host.put("address", Map.of("socket_address", socket));
                host.put("stats", List.of());
                host.put("health_status", Map.of("eds_health_status", "HEALTHY"));
                host.put("weight", e.weight());
                host.put("locality", Map.of());
                hosts.add(host);
            }
            Map<String, Object> status = new LinkedHashMap<>();
            status.put("name", cluster.name());
            status.put("added_via_api", true);
            status.put("host_statuses", hosts);
            statuses.add(status);
        }
        return Map.of("cluster_statuses", statuses);
    }
}
