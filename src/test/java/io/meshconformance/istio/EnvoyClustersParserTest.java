package io.meshconformance.istio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.meshconformance.istio.EnvoyClustersParser.Host;
import org.junit.jupiter.api.Test;

/** A sidecar's endpoints, from Envoy's admin clusters?format=json (fixtures/envoy, shapes in its README). */
class EnvoyClustersParserTest {

    static final String DETAILS = "outbound|9080||details.bookinfo.svc.cluster.local";

    static String fixture(String name) throws IOException {
        return Files.readString(Path.of("fixtures/envoy", name));
    }

    @Test
    void theEndpointsOfOneClusterWithAddressPortAndHealth() throws IOException {
        String body = fixture("clusters-split-horizon.json");
        assertEquals(List.of(new Host("172.18.0.3", 15443, "HEALTHY")), EnvoyClustersParser.hosts(body, DETAILS));
        assertEquals(List.of(new Host("10.42.0.21", 9080, "HEALTHY")), EnvoyClustersParser.hosts(body,
                "outbound|9080||productpage.bookinfo.svc.cluster.local"));
        assertEquals("172.18.0.3:15443 HEALTHY", EnvoyClustersParser.hosts(body, DETAILS).get(0).toString());
    }

    @Test
    void aClusterWithoutEndpointsAndAClusterNotThereAreTwoThings() throws IOException {
        String empty = fixture("clusters-no-endpoints.json");
        assertEquals(List.of(), EnvoyClustersParser.hosts(empty, DETAILS));
        assertTrue(EnvoyClustersParser.has(empty, DETAILS));
        assertFalse(EnvoyClustersParser.has(empty, "outbound|9080||reviews.bookinfo.svc.cluster.local"));
        assertEquals(List.of(), EnvoyClustersParser.hosts(empty, "outbound|9080||reviews.bookinfo.svc.cluster.local"));
        assertEquals(List.of(), EnvoyClustersParser.hosts(empty, "BlackHoleCluster"), "a cluster with no hosts field");
    }

    @Test
    void theMessagesJsonNamesAreReadToo() {
        // protojson's default names, as a tool that re-encodes Envoy's answer would write them.
        String camel = "{\"clusterStatuses\": [{\"name\": \"" + DETAILS + "\", \"hostStatuses\": [{"
                + "\"address\": {\"socketAddress\": {\"address\": \"172.18.0.3\", \"portValue\": 15443}},"
                + " \"healthStatus\": {\"edsHealthStatus\": \"UNHEALTHY\"}}]}]}";
        assertEquals(List.of(new Host("172.18.0.3", 15443, "UNHEALTHY")), EnvoyClustersParser.hosts(camel, DETAILS));
    }

    @Test
    void aHostWithoutPortOrHealthReadsAsZeroAndEmpty() {
        String body = "{\"cluster_statuses\": [{\"name\": \"c\", \"host_statuses\": [{\"address\": {\"socket_address\":"
                + " {\"address\": \"10.0.0.1\"}}}]}]}";
        assertEquals(List.of(new Host("10.0.0.1", 0, "")), EnvoyClustersParser.hosts(body, "c"));
        assertEquals("10.0.0.1:0", EnvoyClustersParser.hosts(body, "c").get(0).toString());
    }

    @Test
    void somethingElseThanClusterStatusesIsAnErrorQuotingItsStart() {
        for (String body : List.of("", "   ", "[]", "no json at all", "\"a string\"")) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> EnvoyClustersParser.hosts(body, DETAILS), body);
            assertTrue(e.getMessage().startsWith("the sidecar's Envoy admin clusters?format=json answered with"
                    + " something that is not a JSON object of cluster statuses; it starts with: "), e.getMessage());
        }
        assertTrue(assertThrows(IllegalStateException.class, () -> EnvoyClustersParser.has("upstream connect error",
                DETAILS)).getMessage().endsWith("'upstream connect error'"));
        assertThrows(IllegalStateException.class, () -> EnvoyClustersParser.hosts(null, DETAILS));
    }

    @Test
    void outboundClusterNamesAreIstios() {
        assertEquals(DETAILS, EnvoyClustersParser.outbound(9080, "details.bookinfo.svc.cluster.local"));
    }
}
