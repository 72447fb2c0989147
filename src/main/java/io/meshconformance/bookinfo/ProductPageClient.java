package io.meshconformance.bookinfo;

import static io.restassured.RestAssured.given;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.LocalPortForward;
import io.meshconformance.cluster.Pods;
import io.meshconformance.config.LabelSelector;
import io.meshconformance.istio.IstioPlan;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.response.Response;

/**
 * Fetches /productpage through the primary's ingress gateway, over a port-forward to a running, ready gateway pod
 * (works wherever the harness reaches the API server), on the pod port behind the gateway Service's port 80: 80 for
 * the gateway chart this harness installs, 8080 for an ingress gateway installed by istioctl's profiles
 * (istio/istio manifests/charts/gateways/istio-ingress/values.yaml). The forward is opened on the first fetch and
 * reopened after a failed one, so a gateway pod that restarts or is replaced does not fail every later request.
 */
public final class ProductPageClient implements PageAccess.Page {

    static final int GATEWAY_PORT = 80;
    static final int TIMEOUT_MILLIS = 10_000;

    private final KubernetesClient primary;
    private final String host;
    private final LabelSelector selector;
    private LocalPortForward forward;

    /**
     * @param host     the Host header, which selects the run's own Gateway and VirtualService (BookinfoDeployer#host)
     * @param selector the labels of the ingress gateway pods (in any namespace; istio-system preferred)
     */
    public ProductPageClient(KubernetesClient primary, String host, LabelSelector selector) {
        this.primary = primary;
        this.host = host;
        this.selector = selector;
    }

    @Override
    public synchronized String fetch() throws Exception {
        try {
            if (forward == null) {
                Pod pod = readyGatewayPod(primary, selector);
                forward = primary.pods().inNamespace(pod.getMetadata().getNamespace())
                        .withName(pod.getMetadata().getName()).portForward(podPort(primary, pod));
            }
            return get(forward.getLocalPort(), host);
        } catch (Exception e) {
            // RestAssured throws connection errors unwrapped; any failure reopens the forward on the next fetch.
            close();
            throw e;
        }
    }

    /**
     * The pod port behind port 80 of the Service in front of {@code pod} (a Service of its namespace whose selector
     * its labels match); 80 when no such Service says otherwise.
     */
    static int podPort(KubernetesClient client, Pod pod) {
        Map<String, String> podLabels = Objects.requireNonNullElse(pod.getMetadata().getLabels(), Map.of());
        IntOrString target = client.services().inNamespace(pod.getMetadata().getNamespace()).list().getItems()
                .stream()
                .filter(s -> s.getSpec() != null && s.getSpec().getSelector() != null
                        && !s.getSpec().getSelector().isEmpty()
                        && s.getSpec().getSelector().entrySet().stream()
                        .allMatch(e -> e.getValue().equals(podLabels.get(e.getKey()))))
                .sorted(Comparator.comparing((Service s) -> !IstioPlan.INGRESS_GATEWAY.equals(s.getMetadata().getName())))
                .flatMap(s -> Objects.requireNonNullElse(s.getSpec().getPorts(), List.<ServicePort>of()).stream())
                .filter(p -> p.getPort() != null && p.getPort() == GATEWAY_PORT && p.getTargetPort() != null)
                .map(ServicePort::getTargetPort).findFirst().orElse(null);
        if (target == null) {
            return GATEWAY_PORT;
        }
        if (target.getIntVal() != null) {
            return target.getIntVal();
        }
        String name = target.getStrVal();
        return pod.getSpec() == null ? GATEWAY_PORT : pod.getSpec().getContainers().stream()
                .flatMap(c -> c.getPorts() == null ? Stream.empty() : c.getPorts().stream())
                .filter(p -> name.equals(p.getName())).map(ContainerPort::getContainerPort).findFirst()
                .orElse(GATEWAY_PORT);
    }

    /** A running, ready pod carrying {@code selector}'s labels, from istio-system if there is one there. */
    static Pod readyGatewayPod(KubernetesClient client, LabelSelector selector) {
        List<Pod> pods = client.pods().inAnyNamespace().withLabels(selector.labels()).list().getItems();
        return pods.stream()
                .filter(Pods::runningAndReady)
                .sorted(Comparator.comparing((Pod p) -> !IstioPlan.NAMESPACE.equals(p.getMetadata().getNamespace())))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no running, ready ingress gateway pod (labels "
                        + selector + ", any namespace; " + pods.size() + " found, none ready): is the gateway"
                        + " installed and its pod injected? In existing clusters, mesh.ingress.selector names its"
                        + " labels"));
    }

    static String get(int port, String host) {
        RestAssuredConfig config = RestAssuredConfig.config().httpClient(HttpClientConfig.httpClientConfig()
                .setParam("http.connection.timeout", TIMEOUT_MILLIS)
                .setParam("http.socket.timeout", TIMEOUT_MILLIS));
        Response response = given().config(config)
                .baseUri("http://127.0.0.1").port(port).header("Host", host)
                .when().get("/productpage");
        if (response.statusCode() != 200) {
            String body = response.asString();
            throw new IllegalStateException("GET /productpage through the ingress gateway answered "
                    + response.statusCode() + ": " + (body.length() > 200 ? body.substring(0, 200) + "..." : body)
                    + (response.statusCode() == 404 ? " (is the bookinfo Gateway and VirtualService applied?)" : ""));
        }
        return response.asString();
    }

    @Override
    public synchronized void close() {
        if (forward != null) {
            try {
                forward.close();
            } catch (Exception e) {
                // closing a broken forward: nothing more to release
            }
            forward = null;
        }
    }
}
