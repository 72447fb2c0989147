package io.meshconformance.istio;

import java.time.Duration;
import java.util.List;

import io.fabric8.kubernetes.api.model.Pod;
import io.meshconformance.cluster.MeshCluster;
import io.meshconformance.cluster.PodExec;
import io.meshconformance.config.LabelSelector;

/**
 * Reads a sidecar's Envoy admin API by running {@code pilot-agent request GET <path>} in its {@code istio-proxy}
 * container, which asks Envoy's admin port 15000 on the pod's loopback and prints the answer as it is (istio/istio
 * 1.30.3 pilot/cmd/pilot-agent/app/request.go; istioctl reads proxies the same way). No port-forward is needed.
 */
final class ExecProxyAdmin {

    static final String CONTAINER = "istio-proxy";

    private ExecProxyAdmin() {
    }

    static String get(MeshCluster cluster, String namespace, LabelSelector pods, String path, Duration timeout)
            throws Exception {
        List<Pod> found = cluster.client().pods().inNamespace(namespace).withLabels(pods.labels()).list().getItems();
        Pod pod = found.stream().filter(p -> p.getStatus() != null && "Running".equals(p.getStatus().getPhase()))
                .findFirst().orElseThrow(() -> new IllegalStateException("cluster '" + cluster.name() + "': no running"
                        + " pod labelled " + pods + " in " + namespace + " (pods found: " + found.size() + "), so its"
                        + " sidecar cannot be read; see kubectl -n " + namespace + " get pods -l " + pods
                        + " and their events"));
        return PodExec.run(cluster.client(), namespace, pod.getMetadata().getName(), CONTAINER, timeout,
                "pilot-agent", "request", "GET", path);
    }
}
