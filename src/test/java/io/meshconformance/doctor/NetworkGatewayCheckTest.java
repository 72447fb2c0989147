package io.meshconformance.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.meshconformance.cluster.MeshCluster;
import io.meshconformance.cluster.MockClusters;
import io.meshconformance.doctor.CheckResult.Status;
import io.meshconformance.istio.NetworkGateways;
import io.meshconformance.topology.ClusterSpec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Component tier: check 'network-gateway' against two mock API servers, the remote on network2. The mocks run no
 * controllers: the tests play Helm (the istio/gateway chart's Service with networkGateway set), the load balancer
 * (k3s's ServiceLB writing the node's address into status.loadBalancer) and kubectl apply of expose-services.yaml.
 */
@Tag("component")
class NetworkGatewayCheckTest extends AgainstHealthyMesh {

    MeshCluster remote;

    @BeforeEach
    void remoteOnNetwork2() {
        ClusterSpec spec = clusters.remote().spec();
        remote = new MeshCluster(new ClusterSpec(spec.name(), spec.role(), "network2", spec.podCidr(),
                spec.serviceCidr(), spec.clusterDns()), clusters.remote().client(), "", "");
        label(clusters.primary().client(), "network1");
        label(clusters.remote().client(), "network2");
    }

    @Test
    void oneNetworkNeedsNoGatewayAndSaysSoInOneRow() {
        DoctorReport report = run();
        CheckResult r = result(report, "network-gateway", "network 'network1'");
        assertEquals(Status.PASS, r.status(), report.table());
        assertTrue(r.evidence().startsWith("every cluster is on network 'network1': no network gateway is needed"),
                r.evidence());
        assertEquals(1, report.results().stream().filter(x -> x.check() == Check.NETWORK_GATEWAY).count());
    }

    @Test
    void twoNetworksWithoutGatewaysFailOncePerNetworkWithTheInstall() {
        DoctorReport report = run(clusters.primary(), remote, VERIFY);
        assertFails(report, "network-gateway", "network 'network1'", "no Service labelled"
                + " topology.istio.io/network=network1 with port 15443", "--kube-context <primary>");
        assertFails(report, "network-gateway", "network 'network2'", "no Service labelled"
                + " topology.istio.io/network=network2 with port 15443", "helm install istio-eastwestgateway"
                + " istio/gateway --kube-context <remote> -n istio-system --set name=istio-eastwestgateway --set"
                + " networkGateway=network2");
        assertTrue(result(report, "network-gateway", "network 'network2'").evidence().endsWith("no Gateway in"
                + " 'primary' opens port 15443 with tls mode AUTO_PASSTHROUGH"), report.table());
        List<String> rows = report.results().stream().map(r -> r.check().id() + " [" + r.scope() + "]").toList();
        assertEquals(rows.indexOf("network-label [remote]") + 1, rows.indexOf("network-gateway [network 'network1']"),
                "after the network-label rows:\n" + report.table());
        assertEquals(rows.indexOf("network-gateway [network 'network1']") + 1,
                rows.indexOf("network-gateway [network 'network2']"), report.table());
    }

    @Test
    void aGatewayWaitsForItsAddressThenPassesWithTheCrossNetworkGateway() {
        eastWestGateway(clusters.primary().client(), "network1");
        eastWestGateway(clusters.remote().client(), "network2");
        crossNetworkGateway();
        assertFails(run(clusters.primary(), remote, VERIFY), "network-gateway", "network 'network2'",
                "istio-system/istio-eastwestgateway in 'remote' is the gateway of network 'network2' on port 15443"
                        + " but has no address yet", "a LoadBalancer implementation");

        // Playing k3s's ServiceLB: it advertises the node's address in the Service's status.
        loadBalancerAddress(clusters.primary().client(), MockClusters.PRIMARY_NODE);
        loadBalancerAddress(clusters.remote().client(), MockClusters.REMOTE_NODE);
        DoctorReport report = run(clusters.primary(), remote, VERIFY);
        CheckResult network2 = result(report, "network-gateway", "network 'network2'");
        assertEquals(Status.PASS, network2.status(), report.table());
        assertEquals("gateway istio-system/istio-eastwestgateway in 'remote' at 192.168.255.3 port 15443;"
                + " cross-network Gateway istio-system/cross-network-gateway port 15443 AUTO_PASSTHROUGH hosts *.local"
                + " in 'primary'", network2.evidence());
        CheckResult network1 = result(report, "network-gateway", "network 'network1'");
        assertEquals(Status.PASS, network1.status(), report.table());
        assertEquals("gateway istio-system/istio-eastwestgateway in 'primary' at 192.168.255.2 port 15443",
                network1.evidence());
    }

    @Test
    void aPrimaryWithoutIstiosGatewayKindIsToldToInstallIt() {
        eastWestGateway(clusters.remote().client(), "network2");
        loadBalancerAddress(clusters.remote().client(), MockClusters.REMOTE_NODE);
        // The API server of a cluster without Istio's CRDs answers 404 for the kind.
        clusters.server("primary").expect().get().withPath("/apis/networking.istio.io/v1/gateways").andReturn(404,
                new StatusBuilder().withCode(404).withReason("NotFound").withMessage("the server could not find the"
                        + " requested resource").build()).always();
        assertFails(run(clusters.primary(), remote, VERIFY), "network-gateway", "network 'network2'",
                "'primary' serves no Gateway kind (networking.istio.io/v1): Istio's CRDs are not installed there",
                "samples/multicluster/expose-services.yaml");
    }

    @Test
    void aRunThatInstallsIstioNamesWhereItPutsEachGateway() {
        clusters.close();
        clusters = new MockClusters();
        ClusterSpec spec = clusters.remote().spec();
        remote = new MeshCluster(new ClusterSpec(spec.name(), spec.role(), "network2", spec.podCidr(),
                spec.serviceCidr(), spec.clusterDns()), clusters.remote().client(), "", "");
        DoctorReport report = run(clusters.primary(), remote, new PreflightDoctor.Expectations(true, true,
                "bookinfo"));
        assertSkipped(report, "network-gateway", "network 'network1'", "this run installs the east-west gateway for"
                + " network 'network1' in 'primary'");
        assertSkipped(report, "network-gateway", "network 'network2'", "this run installs the east-west gateway for"
                + " network 'network2' in 'remote', and the cross-network Gateway in 'primary'");
    }

    @Test
    void aRemoteThatDoesNotAnswerKeepsItsNetworksRowOut() {
        eastWestGateway(clusters.primary().client(), "network1");
        loadBalancerAddress(clusters.primary().client(), MockClusters.PRIMARY_NODE);
        DoctorReport report = run(clusters.primary(), notAnswering(remote), VERIFY);
        assertSkipped(report, "network-gateway", "network 'network2'", "not checked: the API server of 'remote' did"
                + " not answer (see check 'api')");
        assertEquals(Status.PASS, result(report, "network-gateway", "network 'network1'").status(), report.table());
    }

    private static void label(KubernetesClient client, String network) {
        client.namespaces().withName("istio-system").edit(ns -> new NamespaceBuilder(ns).editMetadata()
                .addToLabels("topology.istio.io/network", network).endMetadata().build());
    }

    /** Playing Helm: the Service of istio/gateway with name=istio-eastwestgateway and networkGateway=network. */
    private static void eastWestGateway(KubernetesClient client, String network) {
        client.services().inNamespace("istio-system").resource(new ServiceBuilder().withNewMetadata()
                .withName("istio-eastwestgateway").withNamespace("istio-system")
                .addToLabels("app", "istio-eastwestgateway").addToLabels("istio", "eastwestgateway")
                .addToLabels("topology.istio.io/network", network).endMetadata().withNewSpec().withType("LoadBalancer")
                .addToSelector("app", "istio-eastwestgateway").addToSelector("istio", "eastwestgateway")
                .addNewPort().withName("status-port").withPort(15021).endPort()
                .addNewPort().withName("tls").withPort(15443).endPort()
                .addNewPort().withName("tls-istiod").withPort(15012).endPort()
                .addNewPort().withName("tls-webhook").withPort(15017).endPort().endSpec().build()).create();
    }

    /** Playing the load balancer: the address it advertises in the Service's status. */
    private static void loadBalancerAddress(KubernetesClient client, String ip) {
        client.services().inNamespace("istio-system").withName("istio-eastwestgateway").editStatus(s ->
                new ServiceBuilder(s).withNewStatus().withNewLoadBalancer().addNewIngress().withIp(ip).endIngress()
                        .endLoadBalancer().endStatus().build());
    }

    /** Playing kubectl apply -f samples/multicluster/expose-services.yaml in the primary. */
    private void crossNetworkGateway() {
        clusters.primary().client().genericKubernetesResources(NetworkGateways.ISTIO_GATEWAYS)
                .inNamespace("istio-system").resource(NetworkGatewayVerdictTest.crossNetworkGateway(15443,
                        "AUTO_PASSTHROUGH")).create();
    }
}
