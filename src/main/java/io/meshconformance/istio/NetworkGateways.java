package io.meshconformance.istio;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.meshconformance.cluster.MeshCluster;

/**
 * Finds a cluster's network gateways as istiod does (istio/istio 1.30.3 pilot/pkg/serviceregistry/kube/controller/
 * network.go, getGatewayDetails and extractGatewaysInner; ../conversion.go for the addresses): a Service labelled
 * {@code topology.istio.io/network=<net>} that has a port equal to the gateway port (15443, or the number in its
 * label {@code networking.istio.io/gatewayPort}); its addresses are {@code status.loadBalancer.ingress[]} (IP, else
 * hostname) and {@code spec.externalIPs}.
 */
public final class NetworkGateways {

    /** The port of cross-network mTLS when the Service does not name another (network.go, DefaultNetworkGatewayPort). */
    public static final int DEFAULT_PORT = 15443;
    /** The Service label that names another gateway port. */
    public static final String PORT_LABEL = "networking.istio.io/gatewayPort";

    private NetworkGateways() {
    }

    /** Every network gateway in {@code cluster}, in any namespace. */
    public static List<NetworkGateway> in(MeshCluster cluster) {
        List<Service> services = cluster.client().services().inAnyNamespace().withLabel(IstioPlan.NETWORK_LABEL)
                .list().getItems();
        List<NetworkGateway> found = new ArrayList<>();
        for (Service service : services) {
            of(cluster.name(), service).ifPresent(found::add);
        }
        return found;
    }

    /** The gateways of {@code network} in {@code cluster}. */
    public static List<NetworkGateway> of(MeshCluster cluster, String network) {
        return in(cluster).stream().filter(g -> g.network().equals(network)).toList();
    }

    /** {@code service} as a network gateway, when istiod would take it for one. */
    static Optional<NetworkGateway> of(String cluster, Service service) {
        Map<String, String> labels = Objects.requireNonNullElse(service.getMetadata().getLabels(), Map.of());
        String network = labels.get(IstioPlan.NETWORK_LABEL);
        if (network == null || network.isEmpty()) {
            return Optional.empty();
        }
        int port = gatewayPort(labels.get(PORT_LABEL));
        boolean listens = service.getSpec() != null && service.getSpec().getPorts() != null
                && service.getSpec().getPorts().stream().map(ServicePort::getPort).anyMatch(p -> p != null && p == port);
        if (!listens) {
            return Optional.empty();
        }
        String name = service.getMetadata().getNamespace() + "/" + service.getMetadata().getName();
        return Optional.of(new NetworkGateway(cluster, name, network, address(service), port));
    }

    /** The label's port; istiod falls back to 15443 when it is not a number (network.go logs a warning). */
    static int gatewayPort(String label) {
        if (label == null || label.isEmpty()) {
            return DEFAULT_PORT;
        }
        try {
            return Integer.parseInt(label);
        } catch (NumberFormatException e) {
            return DEFAULT_PORT;
        }
    }

    private static Optional<String> address(Service service) {
        Stream<String> balanced = service.getStatus() == null || service.getStatus().getLoadBalancer() == null
                || service.getStatus().getLoadBalancer().getIngress() == null ? Stream.empty()
                : service.getStatus().getLoadBalancer().getIngress().stream().map(NetworkGateways::ingressAddress);
        Stream<String> external = service.getSpec() == null || service.getSpec().getExternalIPs() == null
                ? Stream.empty() : service.getSpec().getExternalIPs().stream();
        return Stream.concat(balanced, external).filter(a -> a != null && !a.isBlank()).findFirst();
    }

    private static String ingressAddress(LoadBalancerIngress ingress) {
        return ingress.getIp() != null && !ingress.getIp().isBlank() ? ingress.getIp() : ingress.getHostname();
    }
}
