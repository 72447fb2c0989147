package io.meshconformance.istio;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.meshconformance.cluster.MockClusters;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Which Services istiod takes for a network's gateway, and where they are reached (istio/istio 1.30.3
 * pilot/pkg/serviceregistry/kube/controller/network.go, getGatewayDetails; conversion.go for the addresses).
 */
class NetworkGatewaysTest {

    private MockClusters clusters;

    static ServiceBuilder service(String name, Map<String, String> labels, int... ports) {
        ServiceBuilder b = new ServiceBuilder().withNewMetadata().withName(name).withNamespace("istio-system")
                .withLabels(labels).endMetadata().withNewSpec().endSpec();
        for (int port : ports) {
            b.editSpec().addNewPort().withPort(port).endPort().endSpec();
        }
        return b;
    }

    /** As k3s's servicelb or a cloud load balancer reports a LoadBalancer Service's address. */
    static Service withIngress(ServiceBuilder b, String ip, String hostname) {
        return b.editSpec().withType("LoadBalancer").endSpec().withNewStatus().withNewLoadBalancer().addNewIngress().withIp(ip).withHostname(hostname).endIngress()
                .endLoadBalancer().endStatus().build();
    }

    @AfterEach
    void close() {
        if (clusters != null) {
            clusters.close();
        }
    }

    @Test
    void aNetworkLabelledServiceOn15443IsItsNetworksGatewayAtItsLoadBalancerAddress() {
        Service s = withIngress(service("istio-eastwestgateway", Map.of("topology.istio.io/network", "network2"),
                15021, 15443, 15012, 15017), "172.18.0.3", null);
        assertEquals(Optional.of(new NetworkGateway("remote", "istio-system/istio-eastwestgateway", "network2",
                Optional.of("172.18.0.3"), 15443)), NetworkGateways.of("remote", s));
    }

    @Test
    void withoutTheLabelOrThePortItIsNoGateway() {
        assertEquals(Optional.empty(), NetworkGateways.of("remote", withIngress(service("ingress", Map.of(), 15443),
                "172.18.0.3", null)));
        assertEquals(Optional.empty(), NetworkGateways.of("remote", withIngress(service("ingress",
                Map.of("topology.istio.io/network", ""), 15443), "172.18.0.3", null)));
        assertEquals(Optional.empty(), NetworkGateways.of("remote", withIngress(service("other",
                Map.of("topology.istio.io/network", "network2"), 80, 443), "172.18.0.3", null)),
                "labelled, but not listening on the gateway port");
        assertEquals(Optional.empty(), NetworkGateways.of("remote", service("portless",
                Map.of("topology.istio.io/network", "network2")).build()));
    }

    @Test
    void theGatewayPortLabelNamesAnotherPortAndAnUnreadableOneFallsBackTo15443() {
        Service custom = withIngress(service("gw", Map.of("topology.istio.io/network", "network2",
                "networking.istio.io/gatewayPort", "16443"), 15443, 16443), "172.18.0.3", null);
        assertEquals(16443, NetworkGateways.of("remote", custom).orElseThrow().port());
        Service customOnly = withIngress(service("gw", Map.of("topology.istio.io/network", "network2",
                "networking.istio.io/gatewayPort", "16443"), 15443), "172.18.0.3", null);
        assertEquals(Optional.empty(), NetworkGateways.of("remote", customOnly), "it must listen on the named port");
        Service unreadable = withIngress(service("gw", Map.of("topology.istio.io/network", "network2",
                "networking.istio.io/gatewayPort", "tls"), 15443), "172.18.0.3", null);
        assertEquals(15443, NetworkGateways.of("remote", unreadable).orElseThrow().port());
    }

    @Test
    void theAddressIsTheIngressIpElseItsHostnameElseAnExternalIp() {
        Map<String, String> label = Map.of("topology.istio.io/network", "network2");
        assertEquals(Optional.of("a1b2.elb.amazonaws.com"), NetworkGateways.of("remote",
                withIngress(service("gw", label, 15443), null, "a1b2.elb.amazonaws.com")).orElseThrow().address());
        assertEquals(Optional.of("172.18.0.3"), NetworkGateways.of("remote",
                withIngress(service("gw", label, 15443), "172.18.0.3", "a1b2.elb.amazonaws.com")).orElseThrow()
                .address());
        assertEquals(Optional.of("203.0.113.7"), NetworkGateways.of("remote", service("gw", label, 15443)
                .editSpec().withExternalIPs("203.0.113.7").endSpec().build()).orElseThrow().address());
        NetworkGateway pending = NetworkGateways.of("remote", service("gw", label, 15443).build()).orElseThrow();
        assertEquals(Optional.empty(), pending.address());
        assertEquals("(no address yet)", pending.endpoint());
        assertEquals(Optional.empty(), NetworkGateways.of("remote", withIngress(service("gw", label, 15443), "",
                null)).orElseThrow().address(), "an empty address is none");
        Service clusterIp = new ServiceBuilder(withIngress(service("gw", label, 15443), "172.18.0.3", null))
                .editSpec().withType("ClusterIP").endSpec().build();
        assertEquals(Optional.empty(), NetworkGateways.of("remote", clusterIp).orElseThrow().address(),
                "istiod reads status.loadBalancer only of a LoadBalancer Service (conversion.go)");
    }

    @Test
    @Tag("component")
    void foundInAnyNamespaceOfTheClusterAndByNetwork() {
        clusters = new MockClusters();
        var client = clusters.remote().client();
        client.services().resource(withIngress(service("istio-eastwestgateway",
                Map.of("topology.istio.io/network", "network2"), 15443), "172.18.0.3", null)).create();
        client.services().resource(withIngress(service("gw-elsewhere", Map.of("topology.istio.io/network",
                "network3"), 15443).editMetadata().withNamespace("gateways").endMetadata(), "172.18.0.4", null))
                .create();
        client.services().resource(service("plain", Map.of(), 15443).build()).create();
        assertEquals(List.of("istio-system/istio-eastwestgateway", "gateways/gw-elsewhere"), NetworkGateways
                .in(clusters.remote()).stream().map(NetworkGateway::service).sorted((a, b) -> b.compareTo(a)).toList());
        assertEquals(List.of("gateways/gw-elsewhere"), NetworkGateways.of(clusters.remote(), "network3").stream()
                .map(NetworkGateway::service).toList());
        assertEquals(List.of(), NetworkGateways.of(clusters.primary(), "network2"));
    }

    @Test
    void aNodePortGatewayIstiodReachesThroughNodesIsGivenWithItsNodePortAndSelector() {
        Service nodePort = service("gw", Map.of("topology.istio.io/network", "network2"), 15443)
                .editMetadata().withAnnotations(Map.of("traffic.istio.io/nodeSelector", "{\"gw\": \"yes\"}"))
                .endMetadata().editSpec().withType("NodePort").editFirstPort().withNodePort(31443).endPort().endSpec()
                .build();
        NetworkGateway gateway = NetworkGateways.of("remote", nodePort).orElseThrow();
        assertEquals(new NetworkGateway("remote", "istio-system/gw", "network2", Optional.empty(), 31443,
                Optional.of("{\"gw\": \"yes\"}")), gateway);
        assertEquals(true, gateway.reachable());
        assertEquals("node port 31443 of the nodes selected by {\"gw\": \"yes\"}", gateway.endpoint());
        assertEquals(false, NetworkGateways.of("remote", service("gw", Map.of("topology.istio.io/network",
                "network2"), 15443).build()).orElseThrow().reachable(), "no address, no nodes");
    }

    @Test
    @Tag("component")
    void aNetworksGatewaysAreFoundInEveryClusterOnIt() {
        clusters = new MockClusters();
        clusters.primary().client().services().resource(withIngress(service("istio-eastwestgateway",
                Map.of("topology.istio.io/network", "network2"), 15443), "172.18.0.2", null)).create();
        assertEquals(List.of(), NetworkGateways.of(clusters.remote(), "network2"));
        assertEquals(List.of("primary"), NetworkGateways.of(List.of(clusters.remote(), clusters.primary()),
                "network2").stream().map(NetworkGateway::cluster).toList());
    }
}
