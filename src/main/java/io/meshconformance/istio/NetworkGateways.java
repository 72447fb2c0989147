package io.meshconformance.istio;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.client.KubernetesClientException;
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

    /**
     * Why the mesh's services are not exposed on the east-west gateways, when they are not: {@code primary} has no
     * Gateway selecting {@code istio: eastwestgateway} with a server on 15443 in TLS mode AUTO_PASSTHROUGH (istio.io
     * "Install Primary-Remote on different networks", istio/expose-services.yaml); without it a network gateway
     * refuses the other network's mTLS on 15443. Empty when there is one, or when Gateways cannot be listed.
     */
    public static Optional<String> notExposed(MeshCluster primary) {
        List<GenericKubernetesResource> gateways;
        try {
            gateways = primary.client().genericKubernetesResources("networking.istio.io/v1", "Gateway")
                    .inAnyNamespace().list().getItems();
        } catch (KubernetesClientException e) {
            return Optional.empty();
        }
        boolean exposed = gateways.stream().anyMatch(g -> g.getAdditionalProperties().get("spec") instanceof Map<?, ?> spec
                && spec.get("selector") instanceof Map<?, ?> selector && "eastwestgateway".equals(selector.get("istio"))
                && spec.get("servers") instanceof List<?> servers && servers.stream().anyMatch(server ->
                server instanceof Map<?, ?> sv && sv.get("port") instanceof Map<?, ?> port
                        && String.valueOf(DEFAULT_PORT).equals(String.valueOf(port.get("number")))
                        && sv.get("tls") instanceof Map<?, ?> tls && "AUTO_PASSTHROUGH".equals(tls.get("mode"))));
        return exposed ? Optional.empty() : Optional.of("'" + primary.name() + "' has no Gateway exposing the mesh's"
                + " services on the east-west gateways (cross-network-gateway of " + IstioInstaller.EXPOSE_SERVICES
                + ": selector istio=eastwestgateway, port " + DEFAULT_PORT + ", TLS AUTO_PASSTHROUGH), so the other"
                + " network's gateway refuses productpage's mTLS on " + DEFAULT_PORT + ": apply it in the primary"
                + " (kubectl apply -n istio-system -f samples/multicluster/expose-services.yaml) and find what removed"
                + " it");
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
