package io.meshconformance.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.meshconformance.istio.IstiodRevision;
import io.meshconformance.istio.NetworkGatewayService;
import io.meshconformance.istio.PassthroughServer;
import io.meshconformance.doctor.CheckResult.Status;
import org.junit.jupiter.api.Test;

/**
 * Unit tier: check 'network-gateway' decided from the Services and Gateways seen, by istiod's rules (istio/istio
 * 1.30.3 pilot/pkg/serviceregistry/kube/controller/network.go, getGatewayDetails; ../conversion.go, ConvertService).
 */
class NetworkGatewayVerdictTest {

    static final Set<String> NETWORKS = Set.of("network1", "network2");

    @Test
    void aLabelledLoadBalancerWithAnAddressAndTheCrossNetworkGatewayPass() {
        CheckResult r = verdict(List.of(service(Map.of(), "LoadBalancer", List.of(15021, 15443), "172.18.0.4", null)),
                Optional.of(crossNetwork(15443, "AUTO_PASSTHROUGH")));
        assertEquals(Status.PASS, r.status(), r.evidence());
        assertEquals("gateway istio-system/istio-eastwestgateway in 'remote' at 172.18.0.4 port 15443;"
                + " cross-network Gateway istio-system/cross-network-gateway port 15443 AUTO_PASSTHROUGH hosts *.local"
                + " in 'primary'", r.evidence());
        assertEquals("network 'network2'", r.scope());
    }

    @Test
    void noLabelledServiceFailsWithTheInstallCommand() {
        CheckResult r = verdict(List.of(), Optional.of(List.of()));
        assertEquals(Status.FAIL, r.status());
        assertTrue(r.evidence().startsWith("no Service labelled topology.istio.io/network=network2 with port 15443"),
                r.evidence());
        assertTrue(r.evidence().contains("in any namespace of 'remote'"), r.evidence());
        assertTrue(r.fix().contains("helm install istio-eastwestgateway istio/gateway --kube-context <remote> -n"
                + " istio-system --set name=istio-eastwestgateway --set networkGateway=network2"), r.fix());
        assertTrue(r.fix().contains("kubectl --context <primary> apply -n istio-system -f"
                + " samples/multicluster/expose-services.yaml"), r.fix());
    }

    @Test
    void aGatewayWithoutAnAddressFailsNamingTheServiceAndALoadBalancer() {
        CheckResult r = verdict(List.of(service(Map.of(), "LoadBalancer", List.of(15443), null, null)),
                Optional.of(crossNetwork(15443, "AUTO_PASSTHROUGH")));
        assertEquals(Status.FAIL, r.status());
        assertTrue(r.evidence().startsWith("istio-system/istio-eastwestgateway in 'remote' is the gateway of network"
                + " 'network2' on port 15443 but has no address yet (type LoadBalancer, no"
                + " status.loadBalancer.ingress, no spec.externalIPs)"), r.evidence());
        assertTrue(r.fix().contains("give Service istio-system/istio-eastwestgateway in 'remote' one (a LoadBalancer"
                + " implementation"), r.fix());
        assertFalse(r.fix().contains("helm install"), "the gateway exists: " + r.fix());
    }

    @Test
    void aLoadBalancerStatusCountsOnlyOnALoadBalancerAndExternalIpsOnAnyType() {
        // ConvertService reads status.loadBalancer only for type LoadBalancer.
        assertEquals(Status.FAIL, verdict(List.of(service(Map.of(), "ClusterIP", List.of(15443), "172.18.0.4",
                null)), Optional.of(crossNetwork(15443, "AUTO_PASSTHROUGH"))).status());
        CheckResult external = verdict(List.of(service(Map.of(), "ClusterIP", List.of(15443), null, "10.0.0.9")),
                Optional.of(crossNetwork(15443, "AUTO_PASSTHROUGH")));
        assertEquals(Status.PASS, external.status(), external.evidence());
        assertTrue(external.evidence().contains("at 10.0.0.9 port 15443"), external.evidence());
    }

    @Test
    void aServiceWithoutTheGatewayPortIsNotCountedAndSaysWhy() {
        CheckResult r = verdict(List.of(service(Map.of(), "LoadBalancer", List.of(15008), "172.18.0.4", null),
                        service(Map.of(), "LoadBalancer", List.of(80), "172.18.0.5", null)),
                Optional.of(crossNetwork(15443, "AUTO_PASSTHROUGH")));
        assertEquals(Status.FAIL, r.status());
        assertTrue(r.evidence().contains("(not counted: istio-system/istio-eastwestgateway in 'remote' listens on"
                + " 15008 only (an ambient HBONE gateway), not on 15443; istio-system/istio-eastwestgateway in"
                + " 'remote' has no port 15443)"), r.evidence());
    }

    @Test
    void theGatewayPortLabelMovesThePortAndTheGatewayMustOpenThatPort() {
        Service custom = service(Map.of("networking.istio.io/gatewayPort", "15444"), "LoadBalancer",
                List.of(15444), "172.18.0.4", null);
        CheckResult wrongPort = verdict(List.of(custom), Optional.of(crossNetwork(15443, "AUTO_PASSTHROUGH")));
        assertEquals(Status.FAIL, wrongPort.status());
        assertTrue(wrongPort.evidence().contains("at 172.18.0.4 port 15444; no Gateway in 'primary' opens port 15444"
                + " with tls mode AUTO_PASSTHROUGH (seen: istio-system/cross-network-gateway port 15443"
                + " AUTO_PASSTHROUGH hosts *.local)"), wrongPort.evidence());
        assertEquals(Status.PASS, verdict(List.of(custom), Optional.of(crossNetwork(15444, "AUTO_PASSTHROUGH")))
                .status());
        // A label that is no number: istiod logs a warning and uses 15443.
        CheckResult notANumber = verdict(List.of(service(Map.of("networking.istio.io/gatewayPort", "tls"),
                "LoadBalancer", List.of(15444), "172.18.0.4", null)), Optional.of(List.of()));
        assertTrue(notANumber.evidence().contains("has no port 15443 (networking.istio.io/gatewayPort=tls is no"
                + " number, so istiod uses 15443)"), notANumber.evidence());
    }

    @Test
    void aPassthroughGatewayOfIstiodsKindDoesNotOpenTheCrossNetworkPort() {
        // expose-istiod.yaml's Gateway: PASSTHROUGH on 15012, not AUTO_PASSTHROUGH on 15443.
        CheckResult r = verdict(List.of(service(Map.of(), "LoadBalancer", List.of(15443), "172.18.0.4", null)),
                Optional.of(crossNetwork(15443, "PASSTHROUGH")));
        assertEquals(Status.FAIL, r.status());
        assertTrue(r.evidence().endsWith("no Gateway in 'primary' opens port 15443 with tls mode AUTO_PASSTHROUGH"),
                r.evidence());
        assertTrue(r.fix().startsWith("open the east-west gateways to other networks with the cross-network Gateway"
                + " (istio/istio 1.30.3 samples/multicluster/expose-services.yaml): kubectl --context <primary> apply"
                + " -n istio-system -f samples/multicluster/expose-services.yaml"), r.fix());
    }

    @Test
    void noGatewayKindMeansIstiosCrdsAreAbsent() {
        CheckResult r = NetworkGatewayCheck.verdict(new NetworkGatewayCheck.Seen("network2", List.of("remote"),
                "primary", NETWORKS, List.of(gateway(service(Map.of(), "LoadBalancer", List.of(15443), "172.18.0.4",
                null))), Optional.of(List.of()), false));
        assertEquals(Status.FAIL, r.status());
        assertTrue(r.evidence().endsWith("'primary' serves no Gateway kind (networking.istio.io/v1): Istio's CRDs"
                + " are not installed there"), r.evidence());
    }

    @Test
    void thePrimarysNetworkIsJudgedOnItsGatewayAlone() {
        CheckResult r = NetworkGatewayCheck.verdict(new NetworkGatewayCheck.Seen("network1", List.of("primary"),
                "primary", NETWORKS, List.of(NetworkGatewayService.of("primary", new ServiceBuilder(
                service(Map.of(), "LoadBalancer", List.of(15443), "172.18.0.2", null)).editMetadata()
                .addToLabels("topology.istio.io/network", "network1").endMetadata().build()).orElseThrow()),
                Optional.empty(), true));
        assertEquals(Status.PASS, r.status(), r.evidence());
        assertEquals("gateway istio-system/istio-eastwestgateway in 'primary' at 172.18.0.2 port 15443",
                r.evidence());
    }

    @Test
    void aGatewayLabelledForANetworkOutsideTheTopologyIsAWarning() {
        Service stray = new ServiceBuilder(service(Map.of(), "LoadBalancer", List.of(15443), "172.18.0.9", null))
                .editMetadata().withName("old-eastwest").addToLabels("topology.istio.io/network", "network3")
                .endMetadata().build();
        CheckResult r = verdict(List.of(service(Map.of(), "LoadBalancer", List.of(15443), "172.18.0.4", null), stray),
                Optional.of(crossNetwork(15443, "AUTO_PASSTHROUGH")));
        assertEquals(Status.WARN, r.status(), r.evidence());
        assertTrue(r.evidence().endsWith("istio-system/old-eastwest in 'remote' is labelled"
                + " topology.istio.io/network=network3, a network no cluster of the topology is on"), r.evidence());
        assertTrue(r.fix().startsWith("istiod takes istio-system/old-eastwest in 'remote' as the gateway of network"
                + " 'network3'"), r.fix());
    }

    @Test
    void aServiceLabelledWithAnotherTopologyNetworkIsNamedWhenNoneServesThisOne() {
        Service mislabelled = new ServiceBuilder(service(Map.of(), "LoadBalancer", List.of(15443), "172.18.0.4",
                null)).editMetadata().addToLabels("topology.istio.io/network", "network1").endMetadata().build();
        CheckResult r = verdict(List.of(mislabelled), Optional.of(crossNetwork(15443, "AUTO_PASSTHROUGH")));
        assertEquals(Status.FAIL, r.status());
        assertTrue(r.evidence().contains("(not counted: istio-system/istio-eastwestgateway in 'remote' is labelled"
                + " for network 'network1')"), r.evidence());
    }

    @Test
    void aNodePortWithIstiosNodeSelectorHasNodeAddresses() {
        Service nodePort = new ServiceBuilder(service(Map.of(), "NodePort", List.of(15443), null, null))
                .editMetadata().addToAnnotations("traffic.istio.io/nodeSelector", "{\"kubernetes.io/os\":\"linux\"}")
                .endMetadata().build();
        CheckResult r = verdict(List.of(nodePort), Optional.of(crossNetwork(15443, "AUTO_PASSTHROUGH")));
        assertEquals(Status.PASS, r.status(), r.evidence());
        assertTrue(r.evidence().contains("at the node port of 15443 on the nodes selected by"
                + " traffic.istio.io/nodeSelector="), r.evidence());
    }

    @Test
    void aHostnameFromTheLoadBalancerIsAnAddress() {
        Service elb = new ServiceBuilder(service(Map.of(), "LoadBalancer", List.of(15443), null, null))
                .editStatus().editLoadBalancer().addNewIngress().withHostname("a1b2.elb.example.com").endIngress()
                .endLoadBalancer().endStatus().build();
        CheckResult r = verdict(List.of(elb), Optional.of(crossNetwork(15443, "AUTO_PASSTHROUGH")));
        assertEquals(Status.PASS, r.status(), r.evidence());
        assertTrue(r.evidence().contains("at a1b2.elb.example.com port 15443"), r.evidence());
    }

    @Test
    void theFixNamesTheRunsControlPlaneNamespaceAndRevision() {
        // A revision's injector takes the gateway's pods only with --set revision (the chart's istio.io/rev label).
        IstiodRevision revision = new IstiodRevision("istio-cp", Optional.of("1-30-3"), Optional.empty(),
                IstiodRevision.Found.GIVEN_REVISION);
        CheckResult r = NetworkGatewayCheck.verdict(new NetworkGatewayCheck.Seen("network2", List.of("remote"),
                "primary", NETWORKS, List.of(), Optional.of(List.of()), true, revision));
        assertTrue(r.fix().contains("helm install istio-eastwestgateway istio/gateway --kube-context <remote> -n"
                + " istio-cp --set name=istio-eastwestgateway --set networkGateway=network2 --set revision=1-30-3"),
                r.fix());
        assertTrue(r.fix().contains("kubectl --context <primary> apply -n istio-cp -f"
                + " samples/multicluster/expose-services.yaml"), r.fix());
    }

    @Test
    void aServiceWithAnEmptyNetworkLabelIsNoGatewayToIstiod() {
        Service empty = new ServiceBuilder(service(Map.of(), "LoadBalancer", List.of(15443), "172.18.0.4", null))
                .editMetadata().addToLabels("topology.istio.io/network", "").endMetadata().build();
        assertEquals(Optional.empty(), NetworkGatewayService.of("remote", empty));
    }

    private static CheckResult verdict(List<Service> services, Optional<List<PassthroughServer>> passthrough) {
        return NetworkGatewayCheck.verdict(new NetworkGatewayCheck.Seen("network2", List.of("remote"), "primary",
                NETWORKS, services.stream().map(NetworkGatewayVerdictTest::gateway).toList(), passthrough, true));
    }

    private static NetworkGatewayService gateway(Service service) {
        return NetworkGatewayService.of("remote", service).orElseThrow();
    }

    /** The east-west gateway's Service as the istio/gateway chart makes it with networkGateway=network2. */
    static Service service(Map<String, String> labels, String type, List<Integer> ports, String lbIp,
                           String externalIp) {
        ServiceBuilder b = new ServiceBuilder().withNewMetadata().withName("istio-eastwestgateway")
                .withNamespace("istio-system").addToLabels("topology.istio.io/network", "network2")
                .addToLabels(labels).endMetadata().withNewSpec().withType(type).endSpec();
        ports.forEach(p -> b.editSpec().addNewPort().withPort(p).endPort().endSpec());
        if (externalIp != null) {
            b.editSpec().addToExternalIPs(externalIp).endSpec();
        }
        b.withNewStatus().withNewLoadBalancer().endLoadBalancer().endStatus();
        if (lbIp != null) {
            b.editStatus().editLoadBalancer().addNewIngress().withIp(lbIp).endIngress().endLoadBalancer().endStatus();
        }
        return b.build();
    }

    static List<PassthroughServer> crossNetwork(int port, String mode) {
        return PassthroughServer.of(crossNetworkGateway(port, mode));
    }

    /** Shaped as istio/istio 1.30.3 samples/multicluster/expose-services.yaml. */
    static GenericKubernetesResource crossNetworkGateway(int port, String mode) {
        return new GenericKubernetesResourceBuilder().withApiVersion("networking.istio.io/v1").withKind("Gateway")
                .withNewMetadata().withName("cross-network-gateway").withNamespace("istio-system").endMetadata()
                .addToAdditionalProperties("spec", Map.of("selector", Map.of("istio", "eastwestgateway"),
                        "servers", List.of(Map.of("port", Map.of("number", port, "name", "tls", "protocol", "TLS"),
                                "tls", Map.of("mode", mode), "hosts", List.of("*.local"))))).build();
    }
}
