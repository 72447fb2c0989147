package io.meshconformance.rehearsal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.meshconformance.bookinfo.PageAccess;
import io.meshconformance.bookinfo.RegistryVerdict;
import io.meshconformance.cluster.MeshCluster;
import io.meshconformance.cluster.Pods;
import io.meshconformance.config.LabelSelector;

/**
 * Stand-in for the path a real request takes to /productpage: the primary's ingress gateway (a ready pod with the
 * gateway labels, and the run's VirtualService for the Host header, else Envoy's 404), productpage (its Deployment
 * ready, else Envoy's 503 "no healthy upstream"), and productpage's call to details, which in a real mesh succeeds
 * when the name details.&lt;namespace&gt; resolves in the primary (the details Service there, for DNS) and the
 * productpage sidecar has endpoints for it: here, when istiod's stand-in holds details endpoints from a remote's
 * shard. The page is served as Bookinfo 1.20's productpage renders it (fixtures/productpage, written from istio/istio
 * samples/bookinfo/src/productpage/templates/productpage.html): the details table, or the details error. Reviews are
 * always served (reviews runs in the primary). What it cannot show: Envoy routing, DNS, mTLS between the clusters.
 */
final class PageStandIn implements PageAccess {

    static final ResourceDefinitionContext VIRTUAL_SERVICES = new ResourceDefinitionContext.Builder()
            .withGroup("networking.istio.io").withVersion("v1").withPlural("virtualservices").withNamespaced(true)
            .build();
    private static final Path SHOWN = Path.of("fixtures/productpage/v1.20-details-shown.html");
    private static final Path FAILED = Path.of("fixtures/productpage/v1.20-details-failed.html");

    private final IstiodStandIn istiod;

    PageStandIn(IstiodStandIn istiod) {
        this.istiod = istiod;
    }

    @Override
    public Page open(MeshCluster primary, String host, LabelSelector ingressPods) {
        KubernetesClient client = primary.client();
        return new Page() {
            @Override
            public String fetch() throws Exception {
                return page(client, primary.name(), host, ingressPods);
            }

            @Override
            public void close() {
                // nothing held: a real client would close its port-forward here
            }
        };
    }

    private String page(KubernetesClient client, String primary, String host, LabelSelector ingressPods)
            throws Exception {
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
        boolean reachable = resolves && istiod.hasEndpointsOutside(RegistryVerdict.detailsHost(namespace), primary);
        return Files.readString(reachable ? SHOWN : FAILED);
    }

    @SuppressWarnings("unchecked")
    private static List<String> hosts(GenericKubernetesResource virtualService) {
        Object spec = virtualService.getAdditionalProperties().get("spec");
        Object hosts = spec instanceof Map<?, ?> m ? m.get("hosts") : null;
        return hosts instanceof List<?> list ? (List<String>) list : List.of();
    }
}
