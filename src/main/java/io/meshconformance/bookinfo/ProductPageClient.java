package io.meshconformance.bookinfo;

import static io.restassured.RestAssured.given;

import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.LocalPortForward;
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
public final class ProductPageClient implements PageVerdict.PageSource, AutoCloseable {

    static final int GATEWAY_PORT = 80;
    static final int TIMEOUT_MILLIS = 10_000;

    private final KubernetesClient primary;
    private final String host;
    private LocalPortForward forward;

    /** @param host the Host header, which selects the run's own Gateway and VirtualService (BookinfoDeployer#host) */
    public ProductPageClient(KubernetesClient primary, String host) {
        this.primary = primary;
        this.host = host;
    }

    @Override
    public synchronized String fetch() throws Exception {
        try {
            if (forward == null) {
                Pod pod = readyGatewayPod();
                forward = primary.pods().inNamespace(IstioPlan.NAMESPACE).withName(pod.getMetadata().getName())
                        .portForward(podPort(primary, pod));
            }
            return get(forward.getLocalPort(), host);
        } catch (Exception e) {
            // RestAssured throws connection errors unwrapped; any failure reopens the forward on the next fetch.
            close();
            throw e;
        }
    }

    /** The pod port behind Service port 80 of the ingress gateway; 80 when the Service does not say otherwise. */
    static int podPort(KubernetesClient client, Pod pod) {
        Service service = client.services().inNamespace(IstioPlan.NAMESPACE).withName(IstioPlan.INGRESS_GATEWAY).get();
        if (service == null || service.getSpec() == null || service.getSpec().getPorts() == null) {
            return GATEWAY_PORT;
        }
        IntOrString target = service.getSpec().getPorts().stream()
                .filter(p -> p.getPort() != null && p.getPort() == GATEWAY_PORT).map(ServicePort::getTargetPort)
                .filter(java.util.Objects::nonNull).findFirst().orElse(null);
        if (target == null) {
            return GATEWAY_PORT;
        }
        if (target.getIntVal() != null) {
            return target.getIntVal();
        }
        String name = target.getStrVal();
        return pod.getSpec() == null ? GATEWAY_PORT : pod.getSpec().getContainers().stream()
                .flatMap(c -> c.getPorts() == null ? java.util.stream.Stream.empty() : c.getPorts().stream())
                .filter(p -> name.equals(p.getName())).map(ContainerPort::getContainerPort).findFirst()
                .orElse(GATEWAY_PORT);
    }

    private Pod readyGatewayPod() {
        return primary.pods().inNamespace(IstioPlan.NAMESPACE).withLabels(IstioPlan.INGRESS_GATEWAY_POD_LABEL).list()
                .getItems().stream()
                .filter(ProductPageClient::runningAndReady)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no running, ready ingress gateway pod (label "
                        + IstioPlan.INGRESS_GATEWAY_POD_LABEL + " in " + IstioPlan.NAMESPACE + "): is the "
                        + IstioPlan.INGRESS_GATEWAY + " release installed and its pod injected?"));
    }

    static boolean runningAndReady(Pod pod) {
        return pod.getStatus() != null && "Running".equals(pod.getStatus().getPhase())
                && pod.getMetadata().getDeletionTimestamp() == null
                && pod.getStatus().getConditions() != null
                && pod.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
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
