package io.meshconformance.rehearsal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.meshconformance.bookinfo.CrossNetworkVerdict;
import io.meshconformance.bookinfo.PageAccess;
import io.meshconformance.bookinfo.RegistryVerdict;
import io.meshconformance.cluster.MeshCluster;
import io.meshconformance.cluster.Pods;
import io.meshconformance.config.LabelSelector;
import io.meshconformance.rehearsal.IstiodStandIn.LbEndpoint;

/**
 * Stand-in for the path a real request takes to /productpage: the primary's ingress gateway (a ready pod with the
 * gateway labels, and the run's VirtualService for the Host header, else Envoy's 404), productpage (its Deployment
 * ready, else Envoy's 503 "no healthy upstream"), and productpage's call to details, which in a real mesh succeeds
 * when the name details.&lt;namespace&gt; resolves in the primary (the details Service there, for DNS) and the
 * productpage sidecar has endpoints for it: here, when istiod's stand-in holds details endpoints from a remote's
 * shard. Across networks (the topology puts the remote on a network of its own, so its pod addresses cannot be
 * routed to from the primary) the call succeeds only through the remote network's east-west gateway, as istio.io
 * "Install Primary-Remote on different networks" sets it up: productpage's sidecar holds a details endpoint at a
 * gateway of the other network ({@link ProxyAdminStandIn}, istiod's split horizon), that gateway has an address, and
 * the primary has the cross-network Gateway (port 15443, TLS mode AUTO_PASSTHROUGH, selecting
 * {@code istio: eastwestgateway}; istio/istio samples/multicluster/expose-services.yaml), which the primary's istiod
 * serves to the remote's gateway too; a details endpoint at a pod address of another network leads nowhere. The page
 * is served as Bookinfo 1.20's productpage renders it (fixtures/productpage, written from istio/istio
 * samples/bookinfo/src/productpage/templates/productpage.html): the details table, or the details error. Reviews are
 * always served (reviews runs in the primary). What it cannot show: Envoy routing, DNS, mTLS between the clusters.
 */
final class PageStandIn implements PageAccess {

    static final ResourceDefinitionContext VIRTUAL_SERVICES = new ResourceDefinitionContext.Builder()
            .withGroup("networking.istio.io").withVersion("v1").withPlural("virtualservices").withNamespaced(true)
            .build();
    private static final Path SHOWN = Path.of("fixtures/productpage/v1.20-details-shown.html");
    private static final Path FAILED = Path.of("fixtures/productpage/v1.20-details-failed.html");

    static final ResourceDefinitionContext GATEWAYS = new ResourceDefinitionContext.Builder()
            .withGroup("networking.istio.io").withVersion("v1").withPlural("gateways").withNamespaced(true).build();
    static final int DETAILS_PORT = 9080;

    private final IstiodStandIn istiod;
    private final ProxyAdminStandIn proxies;
    /** Each cluster's network as the world has it (where its nodes really are), whatever its labels say. */
    private final Map<String, String> networks;

    PageStandIn(IstiodStandIn istiod, ProxyAdminStandIn proxies, Map<String, String> networks) {
        this.istiod = istiod;
        this.proxies = proxies;
        this.networks = Map.copyOf(networks);
    }

    @Override
    public Page open(MeshCluster primary, String host, LabelSelector ingressPods) {
        KubernetesClient client = primary.client();
        return new Page() {
            @Override
            public String fetch() throws Exception {
                return page(client, primary, host, ingressPods);
            }

            @Override
            public void close() {
                // nothing held: a real client would close its port-forward here
            }
        };
    }

    private String page(KubernetesClient client, MeshCluster cluster, String host, LabelSelector ingressPods)
            throws Exception {
        String primary = cluster.name();
        List<Pod> gateways = client.pods().inAnyNamespace().withLabels(ingressPods.labels()).list().getItems();
        if (gateways.stream().noneMatch(Pods::runningAndReady)) {
            throw new IllegalStateException("no running, ready ingress gateway pod (labels " + ingressPods
                    + ", any namespace; " + gateways.size() + " found, none ready)");
        }
        String namespace = host.replaceFirst("\\.conformance\\.test$", "");
        boolean routed = client.genericKubernetesResources(VIRTUAL_SERVICES).inNamespace(namespace).list().getItems()
                .stream().anyMatch(vs -> hosts(vs).contains(host));
        if (!routed) {
            throw new IllegalStateException("GET /productpage through the ingress gateway answered 404: (is the"
                    + " bookinfo Gateway and VirtualService applied?)");
        }
        Deployment productpage = client.apps().deployments().inNamespace(namespace).withName("productpage-v1").get();
        if (productpage == null || productpage.getStatus() == null
                || Objects.requireNonNullElse(productpage.getStatus().getReadyReplicas(), 0) < 1) {
            throw new IllegalStateException("GET /productpage through the ingress gateway answered 503: no healthy"
                    + " upstream");
        }
        boolean resolves = client.services().inNamespace(namespace).withName("details").get() != null;
        boolean reachable = resolves && (new HashSet<>(networks.values()).size() <= 1
                ? istiod.hasEndpointsOutside(RegistryVerdict.detailsHost(namespace), primary)
                : reachableAcrossNetworks(cluster, namespace));
        return Files.readString(reachable ? SHOWN : FAILED);
    }

    /**
     * On several networks: some details endpoint of productpage's sidecar leads to details in another cluster: a
     * pod address of a cluster on the primary's own network, or a gateway of another network's cluster while the
     * primary exposes the services on 15443.
     */
    private boolean reachableAcrossNetworks(MeshCluster primary, String namespace) {
        List<LbEndpoint> endpoints;
        try {
            endpoints = proxies.endpoints(primary, namespace, CrossNetworkVerdict.PRODUCTPAGE, "outbound|"
                    + DETAILS_PORT + "||" + RegistryVerdict.detailsHost(namespace));
        } catch (RuntimeException e) {
            return false; // no sidecar to call through
        }
        String own = networks.get(primary.name());
        boolean exposed = crossNetworkGateway(primary.client());
        return endpoints.stream().anyMatch(e -> !e.clusterId().equals(primary.name()) && (e.gateway().isEmpty()
                ? own.equals(networks.get(e.clusterId()))
                : exposed && !own.equals(networks.get(e.gateway().get().clusterId()))));
    }

    /** A Gateway selecting istio: eastwestgateway with a 15443 server in AUTO_PASSTHROUGH (expose-services.yaml). */
    static boolean crossNetworkGateway(KubernetesClient client) {
        return client.genericKubernetesResources(GATEWAYS).inAnyNamespace().list().getItems().stream()
                .anyMatch(g -> {
                    Object spec = g.getAdditionalProperties().get("spec");
                    if (!(spec instanceof Map<?, ?> m) || !(m.get("selector") instanceof Map<?, ?> selector)
                            || !"eastwestgateway".equals(selector.get("istio"))
                            || !(m.get("servers") instanceof List<?> servers)) {
                        return false;
                    }
                    return servers.stream().anyMatch(server -> server instanceof Map<?, ?> sv
                            && sv.get("port") instanceof Map<?, ?> port
                            && Objects.equals(Objects.toString(port.get("number")), "15443")
                            && sv.get("tls") instanceof Map<?, ?> tls && "AUTO_PASSTHROUGH".equals(tls.get("mode")));
                });
    }

    @SuppressWarnings("unchecked")
    private static List<String> hosts(GenericKubernetesResource virtualService) {
        Object spec = virtualService.getAdditionalProperties().get("spec");
        Object hosts = spec instanceof Map<?, ?> m ? m.get("hosts") : null;
        return hosts instanceof List<?> list ? (List<String>) list : List.of();
    }
}
