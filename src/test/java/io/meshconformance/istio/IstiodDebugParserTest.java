package io.meshconformance.istio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class IstiodDebugParserTest {

    static final String DETAILS = "details.bookinfo.svc.cluster.local";

    @Test
    void clusterz() {
        var clusters = IstiodDebugParser.clusterz(Fixtures.read("clusterz-synced.json"));
        assertEquals(new IstiodDebugParser.ClusterStatus("remote", "istio-system/istio-remote-secret-remote", "synced"),
                clusters.get(0));
        assertTrue(clusters.get(0).synced());
        assertEquals("timeout", IstiodDebugParser.clusterz(Fixtures.read("clusterz-timeout.json")).get(0).syncStatus());
    }

    @Test
    void registryzKnowsDetailsWithAVipPerCluster() {
        var services = IstiodDebugParser.registryz(Fixtures.read("registryz-with-details.json"));
        var details = services.stream().filter(s -> s.hostname().equals(DETAILS)).findFirst().orElseThrow();
        assertEquals("details", details.name());
        assertEquals("bookinfo", details.namespace());
        assertEquals("Kubernetes", details.registry());
        assertEquals(Map.of("primary", List.of("10.255.10.31"), "remote", List.of("10.255.20.44")),
                details.vipsByCluster());
        assertTrue(IstiodDebugParser.registryz(Fixtures.read("registryz-without-details.json")).stream()
                .noneMatch(s -> s.hostname().equals(DETAILS)));
    }

    @Test
    void endpointShardzReadsShardsClustersAndAddresses() {
        var endpoints = IstiodDebugParser.endpointShardz(Fixtures.read("endpointshardz-remote.json"), DETAILS);
        assertEquals(1, endpoints.size());
        var e = endpoints.get(0);
        assertEquals("Kubernetes/remote", e.shard());
        assertEquals("remote", e.cluster());
        assertEquals(List.of("10.20.0.12"), e.addresses());
        assertEquals("network1", e.network());
        assertEquals(9080, e.port());
        assertEquals(List.of("Kubernetes/primary", "Kubernetes/remote"),
                IstiodDebugParser.shardNames(Fixtures.read("endpointshardz-remote.json"), DETAILS));
    }

    @Test
    void beforeIstio124AnEndpointHadOneAddress() {
        var endpoints = IstiodDebugParser.endpointShardz(Fixtures.read("endpointshardz-pre124.json"), DETAILS);
        assertEquals(List.of("10.20.0.12"), endpoints.get(0).addresses());
    }

    @Test
    void unknownHostHasNoEndpoints() {
        assertEquals(List.of(), IstiodDebugParser.endpointShardz(Fixtures.read("endpointshardz-remote.json"),
                "ratings.bookinfo.svc.cluster.local"));
    }

    @Test
    void synczNamesProxiesAndTheirClusters() {
        var proxies = IstiodDebugParser.syncz(Fixtures.read("syncz-with-details.json"));
        var details = proxies.get(1);
        assertEquals("remote", details.clusterId());
        assertEquals("details-v1-7d4d9d5fcb-x2x9q", details.podName());
        assertEquals("bookinfo", details.namespace());
        assertEquals(List.of(), IstiodDebugParser.syncz("null"));
    }

    @Test
    void aBodyThatIsNotTheExpectedJsonIsQuoted() {
        String html = Fixtures.read("malformed.txt");
        var e = assertThrows(IstiodDebugParser.UnexpectedBodyException.class, () -> IstiodDebugParser.registryz(html));
        assertTrue(e.getMessage().startsWith("istiod's debug/registryz answered with something that is not a JSON array"
                + " of services; it starts with: '<html><head><title>503 Service Unavailable"), e.getMessage());
        assertThrows(IstiodDebugParser.UnexpectedBodyException.class, () -> IstiodDebugParser.clusterz("{}"));
        assertThrows(IstiodDebugParser.UnexpectedBodyException.class, () -> IstiodDebugParser.endpointShardz("[]", DETAILS));
        var empty = assertThrows(IstiodDebugParser.UnexpectedBodyException.class, () -> IstiodDebugParser.syncz(" "));
        assertTrue(empty.getMessage().endsWith("(an empty body)"), empty.getMessage());
    }
}
