package io.meshconformance.cluster;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.meshconformance.text.Redaction;
import io.meshconformance.topology.ClusterRole;
import io.meshconformance.topology.ClusterSpec;

/**
 * A running cluster of the mesh, as the later stages use it.
 *
 * @param spec               name, role, network and ranges from the topology
 * @param client             the harness's client for this cluster's API server
 * @param kubeconfig         kubeconfig the harness uses (server reachable from this host, one context); holds
 *                           credentials
 * @param internalServer     API server URL as the other cluster's pods reach it (the remote secret's server);
 *                           never localhost ({@link io.meshconformance.topology.ApiServerUrl})
 */
public record MeshCluster(ClusterSpec spec, KubernetesClient client, String kubeconfig, String internalServer)
        implements AutoCloseable {

    /**
     * A k3s cluster whose one node has {@code nodeAddress} on the shared network: its API server is
     * {@code https://<node address>:6443}, which k3s puts in its serving certificate.
     */
    public static MeshCluster onNode(ClusterSpec spec, KubernetesClient client, String kubeconfig,
                                     String nodeAddress) {
        return new MeshCluster(spec, client, kubeconfig, "https://" + nodeAddress + ":6443");
    }

    public String name() {
        return spec.name();
    }

    public ClusterRole role() {
        return spec.role();
    }

    public String network() {
        return spec.network();
    }

    @Override
    public void close() {
        client.close();
    }

    @Override
    public String toString() {
        // Never the kubeconfigs: they hold credentials.
        return "MeshCluster[" + name() + ", " + role().yamlName() + ", " + network() + ", "
                + Redaction.uriText(internalServer) + "]";
    }
}
