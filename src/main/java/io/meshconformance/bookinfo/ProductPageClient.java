package io.meshconformance.bookinfo;

import static io.restassured.RestAssured.given;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.LocalPortForward;
import io.meshconformance.istio.IstioPlan;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.response.Response;

/**
 * Fetches /productpage through the primary's ingress gateway, over a port-forward to the gateway Service's port 80
 * (works wherever the harness reaches the API server, whether or not it reaches the node's address).
 */
public final class ProductPageClient implements PageVerdict.PageSource, AutoCloseable {

    static final int GATEWAY_PORT = 80;
    static final int TIMEOUT_MILLIS = 10_000;

    private final LocalPortForward forward;

    public ProductPageClient(KubernetesClient primary) {
        this.forward = primary.services().inNamespace(IstioPlan.NAMESPACE).withName(IstioPlan.INGRESS_GATEWAY)
                .portForward(GATEWAY_PORT);
    }

    @Override
    public String fetch() {
        RestAssuredConfig config = RestAssuredConfig.config().httpClient(HttpClientConfig.httpClientConfig()
                .setParam("http.connection.timeout", TIMEOUT_MILLIS)
                .setParam("http.socket.timeout", TIMEOUT_MILLIS));
        Response response = given().config(config)
                .baseUri("http://127.0.0.1").port(forward.getLocalPort())
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
    public void close() throws Exception {
        forward.close();
    }
}
