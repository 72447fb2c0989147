package io.meshconformance.istio;

import java.util.Optional;

/**
 * A Service that istiod takes for a network's east-west gateway: labelled {@code topology.istio.io/network} and
 * listening on the gateway port (istio/istio 1.30.3 pilot/pkg/serviceregistry/kube/controller/network.go,
 * getGatewayDetails), found by {@link NetworkGateways}.
 *
 * @param cluster   the cluster it runs in
 * @param service   {@code namespace/name}
 * @param network   the network it is the gateway of (its label)
 * @param address   where other networks reach it: its load balancer's IP or hostname, or an external IP; empty while
 *                  it has none, and then istiod does not use it
 * @param port      the port cross-network mTLS arrives on, 15443 unless the Service says otherwise
 */
public record NetworkGateway(String cluster, String service, String network, Optional<String> address, int port) {

    /** {@code address:port}, or a sentence that it has no address yet. */
    public String endpoint() {
        return address.map(a -> a + ":" + port).orElse("(no address yet)");
    }

    @Override
    public String toString() {
        return service + " in '" + cluster + "' for network '" + network + "' at " + endpoint();
    }
}
