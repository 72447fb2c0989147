package io.meshconformance.bookinfo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.meshconformance.cluster.MockClusters;
import io.meshconformance.config.LabelSelector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/** Component tier: which port of the ingress gateway pod the page is fetched from, as its Service says. */
@Tag("component")
class ProductPageClientTest {

    final MockClusters clusters = new MockClusters();
    final KubernetesClient primary = clusters.primary().client();
    final Pod pod = new PodBuilder().withNewMetadata().withName("istio-ingressgateway-1").withNamespace("istio-system")
            .addToLabels("istio", "ingressgateway").addToLabels("app", "istio-ingressgateway").endMetadata()
            .withNewSpec().addNewContainer().withName("istio-proxy").addNewPort().withName("http2")
            .withContainerPort(8080).endPort().endContainer().endSpec().build();

    @AfterEach
    void close() {
        clusters.close();
    }

    void service(IntOrString target) {
        primary.services().inNamespace("istio-system").resource(new ServiceBuilder().withNewMetadata()
                .withName("istio-ingressgateway").withNamespace("istio-system").endMetadata().withNewSpec()
                .addToSelector("istio", "ingressgateway")
                .addNewPort().withName("status-port").withPort(15021).withTargetPort(new IntOrString(15021)).endPort()
                .addNewPort().withName("http2").withPort(80).withTargetPort(target).endPort().endSpec().build())
                .create();
    }

    @Test
    void theGatewayChartsServiceMaps80To80() {
        service(new IntOrString(80));
        assertEquals(80, ProductPageClient.podPort(primary, pod));
    }

    @Test
    void anIstioctlProfileGatewayListensOn8080() {
        // istioctl profiles: Service port 80 -> targetPort 8080, name http2 (istio/istio 1.30.3
        // manifests/charts/gateways/istio-ingress/values.yaml), as in an existing cluster built by hand.
        service(new IntOrString(8080));
        assertEquals(8080, ProductPageClient.podPort(primary, pod));
    }

    @Test
    void aNamedTargetPortIsLookedUpInThePod() {
        service(new IntOrString("http2"));
        assertEquals(8080, ProductPageClient.podPort(primary, pod));
    }

    @Test
    void theRequestCarriesTheRunsHost() throws Exception {
        // A local HTTP server stands in for the gateway at the end of the port-forward.
        HttpServer server = HttpServer.create(
                new InetSocketAddress("127.0.0.1", 0), 0);
        String[] seen = {null};
        server.createContext("/productpage", exchange -> {
            seen[0] = exchange.getRequestHeaders().getFirst("Host");
            byte[] body = "<html>page</html>".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            String page = ProductPageClient.get(server.getAddress().getPort(), "bookinfo-x.conformance.test");
            assertEquals("<html>page</html>", page);
            assertEquals("bookinfo-x.conformance.test", seen[0]);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aServiceSelectingOtherPodsIsNotConsulted() {
        primary.services().inNamespace("istio-system").resource(new ServiceBuilder().withNewMetadata()
                .withName("istio-eastwestgateway").withNamespace("istio-system").endMetadata().withNewSpec()
                .addToSelector("istio", "eastwestgateway").addNewPort().withPort(80).withTargetPort(new IntOrString(9999))
                .endPort().endSpec().build()).create();
        assertEquals(80, ProductPageClient.podPort(primary, pod));
    }

    static Pod readyPod(String namespace, String name, String labelValue) {
        return new PodBuilder().withNewMetadata().withName(name).withNamespace(namespace)
                .addToLabels("istio", labelValue).endMetadata().withNewStatus().withPhase("Running")
                .addNewCondition().withType("Ready").withStatus("True").endCondition().endStatus().build();
    }

    @Test
    void aGatewayInItsOwnNamespaceIsFoundByItsLabels() {
        // istio.io's Helm guide installs the gateway as release istio-ingress in namespace istio-ingress: its pods
        // carry istio=ingress (istio/istio manifests/charts/gateway: the label is the release name without "istio-").
        primary.pods().inNamespace("istio-ingress").resource(readyPod("istio-ingress", "istio-ingress-7f9", "ingress"))
                .create();
        assertEquals("istio-ingress/istio-ingress-7f9", name(ProductPageClient.readyGatewayPod(primary,
                LabelSelector.of("istio", "ingress"))));
        IllegalStateException e = Assertions.assertThrows(IllegalStateException.class,
                () -> ProductPageClient.readyGatewayPod(primary, LabelSelector.of("istio", "ingressgateway")));
        Assertions.assertTrue(e.getMessage().contains("mesh.ingress.selector"), e.getMessage());
    }

    @Test
    void istioSystemIsPreferredWhenSeveralNamespacesHaveOne() {
        primary.pods().inNamespace("gateways").resource(readyPod("gateways", "b-gw", "ingressgateway")).create();
        primary.pods().inNamespace("istio-system").resource(readyPod("istio-system", "a-gw", "ingressgateway"))
                .create();
        assertEquals("istio-system/a-gw", name(ProductPageClient.readyGatewayPod(primary,
                LabelSelector.of("istio", "ingressgateway"))));
    }

    static String name(Pod pod) {
        return pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
    }

    @Test
    void withoutTheServicePort80IsUsed() {
        assertEquals(80, ProductPageClient.podPort(primary, pod));
    }
}
