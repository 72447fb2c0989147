package io.meshconformance.cluster;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.meshconformance.topology.ClusterRole;
import io.meshconformance.topology.ClusterSpec;

/**
 * A running cluster of the mesh, as the later stages use it.
 *
 * @param spec               name, role, network and ranges from the topology
 * @param client             the harness's client for this cluster's API server
 * @param kubeconfig         kubeconfig the harness uses (server reachable from this host); holds credentials
 * @param nodeAddress        the node's address on the shared network
 */
public record MeshCluster(ClusterSpec spec, KubernetesClient client, String kubeconfig, String nodeAddress)
        implements AutoCloseable {

    public String name() {
        return spec.name();
    }

    public ClusterRole role() {
        return spec.role();
    }

    public String network() {
        return spec.network();
    }

    /**
     * API server URL the other cluster's pods use (the remote secret's server): {@code https://<node address>:6443};
     * never localhost (FACTS.md 3). k3s puts the node's IP in its serving certificate.
     */
    public String internalServer() {
        return "https://" + nodeAddress + ":6443";
    }

    @Override
    public void close() {
        client.close();
    }

    @Override
    public String toString() {
        // Never the kubeconfigs: they hold credentials.
        return "MeshCluster[" + name() + ", " + role().yamlName() + ", " + network() + ", node " + nodeAddress + "]";
    }
}
