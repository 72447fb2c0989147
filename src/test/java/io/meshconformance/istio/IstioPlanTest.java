package io.meshconformance.istio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.meshconformance.cluster.MockClusters;
import io.meshconformance.config.LabelSelector;
import io.meshconformance.config.MeshSettings;
import io.meshconformance.topology.ClusterSpec;
import org.junit.jupiter.api.Test;

/** Helm values per role, against istio.io's primary-remote Helm page. */
class IstioPlanTest {

    static final ClusterSpec PRIMARY = MockClusters.TOPOLOGY.primary();
    static final ClusterSpec REMOTE = MockClusters.TOPOLOGY.remotes().get(0);

    @Test
    void aHostnameForTheEastWestGatewayIsRefusedWithWhyAndWhatToDo() {
        // A cloud load balancer's DNS name: the istiod chart then renders istio-system/istiod as an ExternalName,
        // and the injection webhook (Service port 443) would be called on port 443 of that host.
        IstioInstallException e = assertThrows(IstioInstallException.class,
                () -> IstioPlan.remote(REMOTE, "a1b2c3-123.elb.eu-west-1.amazonaws.com"));
        String m = e.getMessage();
        assertTrue(m.startsWith("Cluster 'remote': the east-west gateway's address"
                + " 'a1b2c3-123.elb.eu-west-1.amazonaws.com' is a hostname, not an IP address;"), m);
        assertTrue(m.contains("type ExternalName"), m);
        assertTrue(m.contains("port 443 of that host"), m);
        assertTrue(m.contains("istiodRemote.injectionURL=https://a1b2c3-123.elb.eu-west-1.amazonaws.com:15017"
                + "/inject/cluster/remote/net/network1"), m);
        assertTrue(m.contains("pilot.env.ISTIOD_CUSTOM_HOST=a1b2c3-123.elb.eu-west-1.amazonaws.com"), m);
        assertTrue(m.contains("mesh.existing.install=false"), m);
    }

    @Test
    void addressesTheChartTakesAsIpsAreAccepted() {
        // The chart's own tests (remote-istiod-service.yaml): IPv4 dotted quads and IPv6 forms get an EndpointSlice.
        for (String ip : List.of("192.168.255.2", "10.0.0.1", "fd00::1", "2001:db8:0:0:0:0:0:1")) {
            assertEquals(ip, IstioPlan.remote(REMOTE, ip).get(1).values().get("global.remotePilotAddress"));
        }
    }

    @Test
    void aClusterOnANetworkWithoutThePrimaryOwnsAGatewayOfThatNetwork() {
        ClusterSpec onNetwork2 = new ClusterSpec("remote", REMOTE.role(), "network2", REMOTE.podCidr(),
                REMOTE.serviceCidr(), REMOTE.clusterDns());
        assertTrue(IstioPlan.ownsNetworkGateway(onNetwork2, PRIMARY));
        assertFalse(IstioPlan.ownsNetworkGateway(REMOTE, PRIMARY), "the primary's network has the primary's gateway");
        assertFalse(IstioPlan.ownsNetworkGateway(PRIMARY, PRIMARY));
        HelmRelease gateway = IstioPlan.networkGateway(onNetwork2);
        assertEquals(new HelmRelease("remote", "istio-eastwestgateway", "gateway", "istio-system",
                Map.of("name", "istio-eastwestgateway", "networkGateway", "network2")), gateway);
        assertEquals(IstioPlan.primary(PRIMARY).get(2), IstioPlan.networkGateway(PRIMARY),
                "the primary's east-west gateway is its network's gateway");
    }

    @Test
    void primaryReleasesAndValues() {
        List<HelmRelease> releases = IstioPlan.primary(PRIMARY);
        assertEquals(List.of("istio-base", "istiod", "istio-eastwestgateway", "istio-ingressgateway"),
                releases.stream().map(HelmRelease::name).toList());
        assertEquals(List.of("base", "istiod", "gateway", "gateway"), releases.stream().map(HelmRelease::chart).toList());
        assertTrue(releases.stream().allMatch(r -> r.namespace().equals("istio-system") && r.cluster().equals("primary")));
        assertEquals(Map.of(), releases.get(0).values());
        Map<String, String> istiod = new LinkedHashMap<>();
        istiod.put("global.meshID", "mesh1");
        istiod.put("global.externalIstiod", "true");
        istiod.put("global.multiCluster.clusterName", "primary");
        istiod.put("global.network", "network1");
        assertEquals(istiod, releases.get(1).values());
        assertEquals(Map.of("name", "istio-eastwestgateway", "networkGateway", "network1"), releases.get(2).values());
        assertEquals(Map.of("service.type", "ClusterIP"), releases.get(3).values(),
                "reached by port-forward; a second LoadBalancer would clash with the east-west gateway on 15021");
    }

    @Test
    void remoteReleasesUseTheRemoteProfileAndTheGatewayAddress() {
        List<HelmRelease> releases = IstioPlan.remote(REMOTE, "192.168.255.2");
        assertEquals(List.of("istio-base", "istiod"), releases.stream().map(HelmRelease::name).toList());
        assertEquals(Map.of("profile", "remote"), releases.get(0).values());
        Map<String, String> istiod = new LinkedHashMap<>();
        istiod.put("profile", "remote");
        istiod.put("global.multiCluster.clusterName", "remote");
        istiod.put("global.network", "network1");
        istiod.put("istiodRemote.injectionPath", "/inject/cluster/remote/net/network1");
        istiod.put("global.configCluster", "true");
        istiod.put("global.remotePilotAddress", "192.168.255.2");
        assertEquals(istiod, releases.get(1).values());
    }

    @Test
    void clusterNameInHelmValuesIsTheRemoteSecretsDataKey() {
        HelmRelease istiod = IstioPlan.remote(REMOTE, "10.0.0.1").get(1);
        var secret = RemoteSecret.secret(REMOTE.name(), "kubeconfig", Map.of());
        assertEquals(List.of(istiod.values().get("global.multiCluster.clusterName")),
                List.copyOf(secret.getStringData().keySet()));
    }

    @Test
    void valuesAreKeptAsTextAndAsACommandLine() {
        HelmRelease istiod = IstioPlan.remote(REMOTE, "192.168.255.2").get(1);
        assertTrue(istiod.valuesText().contains("istiodRemote.injectionPath: /inject/cluster/remote/net/network1\n"));
        assertTrue(istiod.valuesText().contains("global.configCluster: \"true\"\n"), istiod.valuesText());
        assertEquals("helm install istiod istio/istiod --version 1.30.3 -n istio-system --set profile=remote"
                + " --set global.multiCluster.clusterName=remote --set global.network=network1"
                + " --set istiodRemote.injectionPath=/inject/cluster/remote/net/network1"
                + " --set global.configCluster=true --set global.remotePilotAddress=192.168.255.2",
                istiod.commandLine("1.30.3"));
    }

    @Test
    void thePageGoesThroughTheRunsOwnGatewayWhenTheRunInstallsIstio() {
        assertEquals("istio=ingressgateway", IstioPlan.INGRESS_GATEWAY_POD_LABEL.toString(),
                "the gateway chart labels pods istio=<release name without 'istio-'>");
        LabelSelector users = LabelSelector.parse("istio=ingress");
        assertEquals(IstioPlan.INGRESS_GATEWAY_POD_LABEL, IstioPlan.ingressPods(true, users));
        assertEquals(users, IstioPlan.ingressPods(false, users));
        assertEquals(IstioPlan.INGRESS_GATEWAY_POD_LABEL, LabelSelector.parse(MeshSettings.DEFAULT_INGRESS_SELECTOR),
                "the setting's default is what istioctl's and the harness's ingress gateways carry");
    }
}
