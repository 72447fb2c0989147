package io.meshconformance.istio;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.meshconformance.cluster.MeshCluster;

/**
 * Finds a cluster's network gateways as istiod does: the Services {@link NetworkGatewayService} takes for a gateway of
 * their network for sidecars (istio/istio 1.30.3 pilot/pkg/serviceregistry/kube/controller/network.go,
 * getGatewayDetails; ../conversion.go for the addresses).
 */
public final class NetworkGateways {

    /** The port of cross-network mTLS when the Service does not name another (network.go, DefaultNetworkGatewayPort). */
    public static final int DEFAULT_PORT = NetworkGatewayService.DEFAULT_GATEWAY_PORT;

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

    /**
     * {@code service} as a network gateway for sidecars, when istiod would take it for one; its address is the first
     * istiod would use (a NodePort gateway found through node addresses has none the harness knows).
     */
    static Optional<NetworkGateway> of(String cluster, Service service) {
        return NetworkGatewayService.of(cluster, service).filter(NetworkGatewayService::gateway)
                .map(s -> new NetworkGateway(cluster, s.namespace() + "/" + s.name(), s.network(),
                        s.addresses().stream().findFirst(), s.port()));
    }

    /**
     * Why the mesh's services are not exposed on the east-west gateways, when they are not: no Gateway in
     * {@code primary} has a server on 15443 in TLS mode AUTO_PASSTHROUGH ({@link PassthroughServer}; istio.io "Install
     * Primary-Remote on different networks", istio/expose-services.yaml); without it a network gateway refuses the
     * other network's mTLS on 15443. Empty when there is one, or when Gateways cannot be listed.
     */
    public static Optional<String> notExposed(MeshCluster primary) {
        List<GenericKubernetesResource> gateways;
        try {
            gateways = primary.client().genericKubernetesResources("networking.istio.io/v1", "Gateway")
                    .inAnyNamespace().list().getItems();
        } catch (KubernetesClientException e) {
            return Optional.empty();
        }
        boolean exposed = gateways.stream().flatMap(g -> PassthroughServer.of(g).stream())
                .anyMatch(server -> server.opens(DEFAULT_PORT));
        return exposed ? Optional.empty() : Optional.of("'" + primary.name() + "' has no Gateway exposing the mesh's"
                + " services on the east-west gateways (cross-network-gateway of " + IstioInstaller.EXPOSE_SERVICES
                + ": selector istio=eastwestgateway, port " + DEFAULT_PORT + ", TLS " + PassthroughServer.AUTO_PASSTHROUGH
                + "), so the other network's gateway refuses productpage's mTLS on " + DEFAULT_PORT + ": apply it in"
                + " the primary (kubectl apply -n istio-system -f samples/multicluster/expose-services.yaml) and find"
                + " what removed it");
    }
}
