package io.meshconformance.istio;

import java.util.Optional;

/**
 * A Service that istiod takes for a network's east-west gateway: labelled {@code topology.istio.io/network} and
 * listening on the gateway port (istio/istio 1.30.3 pilot/pkg/serviceregistry/kube/controller/network.go,
 * getGatewayDetails), found by {@link NetworkGateways}.
 *
 * @param cluster      the cluster it runs in
 * @param service      {@code namespace/name}
 * @param network      the network it is the gateway of (its label)
 * @param address      where other networks reach it: its load balancer's IP or hostname, or an external IP; empty
 *                     while it has none (istiod does not use it then), and for a gateway reached through nodes
 * @param port         the port cross-network mTLS arrives on: 15443 unless the Service says otherwise, or, for a
 *                     gateway reached through nodes, the node port behind it
 * @param nodeSelector for a NodePort gateway annotated {@code traffic.istio.io/nodeSelector}, that selector: istiod
 *                     then sends traffic to the node port on the addresses of the nodes it selects, which the harness
 *                     does not know
 */
public record NetworkGateway(String cluster, String service, String network, Optional<String> address, int port,
                             Optional<String> nodeSelector) {

    /** A gateway reached at its own address (a load balancer's, or an external IP). */
    public NetworkGateway(String cluster, String service, String network, Optional<String> address, int port) {
        this(cluster, service, network, address, port, Optional.empty());
    }

    /** Whether istiod has somewhere to send other networks' traffic: an address, or nodes. */
    public boolean reachable() {
        return address.isPresent() || nodeSelector.isPresent();
    }

    /** {@code address:port}, the nodes and node port, or a sentence that it has no address yet. */
    public String endpoint() {
        return address.map(a -> a + ":" + port).orElseGet(() -> nodeSelector.map(n -> "node port " + port
                + " of the nodes selected by " + n).orElse("(no address yet)"));
    }

    @Override
    public String toString() {
        return service + " in '" + cluster + "' for network '" + network + "' at " + endpoint();
    }
}
