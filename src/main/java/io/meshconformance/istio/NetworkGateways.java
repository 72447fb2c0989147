package io.meshconformance.istio;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.meshconformance.cluster.MeshCluster;

/**
 * Finds a cluster's network gateways as istiod does: the Services {@link NetworkGatewayService} takes for a gateway of
 * their network for sidecars (istio/istio 1.30.3 pilot/pkg/serviceregistry/kube/controller/network.go,
 * getGatewayDetails; ../conversion.go for the addresses).
 */
public final class NetworkGateways {

    /** The port of cross-network mTLS when the Service does not name another (network.go, DefaultNetworkGatewayPort). */
    public static final int DEFAULT_PORT = NetworkGatewayService.DEFAULT_GATEWAY_PORT;
    /** Istio's Gateway kind; absent (404) when Istio's CRDs are not installed. */
    public static final ResourceDefinitionContext ISTIO_GATEWAYS = new ResourceDefinitionContext.Builder()
            .withGroup("networking.istio.io").withVersion("v1").withPlural("gateways").withKind("Gateway")
            .withNamespaced(true).build();

    private NetworkGateways() {
    }

    /** Every Service of {@code cluster} labelled with a network, as istiod reads it (a gateway or not), in any namespace. */
    public static List<NetworkGatewayService> services(MeshCluster cluster) {
        List<NetworkGatewayService> found = new ArrayList<>();
        for (Service service : cluster.client().services().inAnyNamespace().withLabel(IstioPlan.NETWORK_LABEL)
                .list().getItems()) {
            NetworkGatewayService.of(cluster.name(), service).ifPresent(found::add);
        }
        return found;
    }

    /** Every network gateway in {@code cluster}, in any namespace. */
    public static List<NetworkGateway> in(MeshCluster cluster) {
        List<NetworkGateway> found = new ArrayList<>();
        for (Service service : cluster.client().services().inAnyNamespace().withLabel(IstioPlan.NETWORK_LABEL)
                .list().getItems()) {
            of(cluster.name(), service).ifPresent(found::add);
        }
        return found;
    }

    /** The gateways of {@code network} in {@code cluster}. */
    public static List<NetworkGateway> of(MeshCluster cluster, String network) {
        return in(cluster).stream().filter(g -> g.network().equals(network)).toList();
    }

    /**
     * The gateways of {@code network} in any of {@code clusters}: istiod sends an endpoint of another network to
     * whatever gateway that network has, in whichever cluster it runs (istio/istio 1.30.3
     * pilot/pkg/xds/endpoints/ep_filters.go, selectNetworkGateways).
     */
    public static List<NetworkGateway> of(List<MeshCluster> clusters, String network) {
        return clusters.stream().flatMap(c -> of(c, network).stream()).toList();
    }

    /**
     * {@code service} as a network gateway for sidecars, when istiod would take it for one; its address is the first
     * istiod would use. A NodePort gateway that istiod reaches through nodes has no address the harness knows: it is
     * given with its node selector and the node port behind the gateway port.
     */
    static Optional<NetworkGateway> of(String cluster, Service service) {
        return NetworkGatewayService.of(cluster, service).filter(NetworkGatewayService::gateway)
                .map(s -> s.addresses().isEmpty() && s.nodeSelector().isPresent()
                        ? new NetworkGateway(cluster, s.namespace() + "/" + s.name(), s.network(), Optional.empty(),
                                nodePort(service, s.port()), s.nodeSelector())
                        : new NetworkGateway(cluster, s.namespace() + "/" + s.name(), s.network(),
                                s.addresses().stream().findFirst(), s.port()));
    }

    /** The node port behind {@code port} of {@code service}; 0 when the API server has not assigned one. */
    private static int nodePort(Service service, int port) {
        return service.getSpec().getPorts().stream().filter(p -> p.getPort() != null && p.getPort() == port)
                .map(p -> p.getNodePort() == null ? 0 : p.getNodePort()).findFirst().orElse(0);
    }

    /**
     * The servers of every {@code networking.istio.io} Gateway in {@code primary}, where istiod reads the mesh's
     * configuration for every cluster; empty when the API serves no Gateway kind (Istio's CRDs absent: 404).
     */
    public static Optional<List<PassthroughServer>> passthroughServers(MeshCluster primary) {
        try {
            return Optional.of(primary.client().genericKubernetesResources(ISTIO_GATEWAYS).inAnyNamespace().list()
                    .getItems().stream().flatMap(g -> PassthroughServer.of(g).stream()).toList());
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /**
     * Why the mesh's services are not exposed on the east-west gateways, when they are not: no Gateway in
     * {@code primary} has a server on 15443 in TLS mode AUTO_PASSTHROUGH ({@link PassthroughServer}; istio.io "Install
     * Primary-Remote on different networks", istio/expose-services.yaml); without it a network gateway refuses the
     * other network's mTLS on 15443. Empty when there is one, or when Gateways cannot be listed.
     *
     * @param istioNamespace istiod's namespace, where the fix applies the Gateway
     */
    public static Optional<String> notExposed(MeshCluster primary, String istioNamespace) {
        boolean exposed;
        try {
            exposed = passthroughServers(primary).orElse(List.of()).stream().anyMatch(s -> s.opens(DEFAULT_PORT));
        } catch (KubernetesClientException e) {
            return Optional.empty();
        }
        return exposed ? Optional.empty() : Optional.of("'" + primary.name() + "' has no Gateway exposing the mesh's"
                + " services on the east-west gateways (cross-network-gateway of " + IstioInstaller.EXPOSE_SERVICES
                + ": selector istio=eastwestgateway, port " + DEFAULT_PORT + ", TLS " + PassthroughServer.AUTO_PASSTHROUGH
                + "), so the other network's gateway refuses productpage's mTLS on " + DEFAULT_PORT + ": apply it in"
                + " the primary (kubectl apply -n " + istioNamespace + " -f samples/multicluster/expose-services.yaml) and find"
                + " what removed it");
    }
}
