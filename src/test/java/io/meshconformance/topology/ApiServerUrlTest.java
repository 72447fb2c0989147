package io.meshconformance.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The one rule for an API server URL another cluster's pods (istiod) must use. */
class ApiServerUrlTest {

    @ParameterizedTest
    @ValueSource(strings = {"https://10.0.0.12:6443", "https://api.remote.example.com", "https://192.168.255.3:6443"})
    void aServerOnANetworkThePodsReachIsUsable(String server) {
        assertEquals(Optional.empty(), ApiServerUrl.problem(server));
        assertEquals(server, ApiServerUrl.parse(server).toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://127.0.0.1:6443", "https://localhost:32771", "https://LOCALHOST:6443",
        "https://127.1.2.3:6443", "https://[::1]:6443", "https://0.0.0.0:6443", "https://kind.localhost:6443"})
    void loopbackIsRefusedWithTheFix(String server) {
        String problem = ApiServerUrl.problem(server).orElseThrow();
        assertTrue(problem.startsWith("points at loopback ('"), problem);
        assertTrue(problem.endsWith("e.g. https://<remote node IP>:6443"), problem);
        assertTrue(ApiServerUrl.pointsAtLoopback(server));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ApiServerUrl.parse(server));
        assertEquals(problem, e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://10.0.0.12:6443", "https:///path", "ftp://10.0.0.12", "/just/a/path"})
    void anythingButAnHttpsUrlWithAHostIsRefused(String server) {
        assertEquals(Optional.of("must be an https:// URL of the remote's API server as the primary's pods reach it,"
                + " e.g. https://<remote node IP>:6443"), ApiServerUrl.problem(server));
    }

    @Test
    void textThatIsNotAUrlIsSaidToBeSo() {
        assertEquals(Optional.of("is not a URL; write it like https://10.0.0.12:6443"),
                ApiServerUrl.problem("https://a b:6443"));
        assertEquals(Optional.of("is not a URL; write it like https://10.0.0.12:6443"),
                ApiServerUrl.problem("10.0.0.12:6443"), "a host and port without a scheme");
        assertFalse(ApiServerUrl.pointsAtLoopback("https://a b:6443"));
        assertThrows(IllegalArgumentException.class, () -> new ApiServerUrl(URI.create("https://localhost")));
    }
}
