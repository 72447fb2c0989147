package io.meshconformance.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.meshconformance.cluster.MeshCluster;
import io.meshconformance.doctor.CheckResult.Status;
import io.meshconformance.topology.ClusterSpec;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Component tier: check 'network-label', istio-system's network label against the topology's networks. */
@Tag("component")
class NetworkLabelCheckTest extends AgainstHealthyMesh {

    @Test
    void aNetworkLabelThatContradictsTheTopology() {
        label(clusters.primary().client(), "network2");
        assertFails(run(), "network-label", "primary", "labelled topology.istio.io/network=network2, the topology"
                + " says network 'network1'", "make them agree");
    }

    @Test
    void aNetworkLabelThatAgreesWithTheTopologyPasses() {
        label(clusters.primary().client(), "network1");
        CheckResult r = result(run(), "network-label", "primary");
        assertEquals(Status.PASS, r.status(), r.evidence());
        assertEquals("topology.istio.io/network=network1 as the topology says", r.evidence());
    }

    @Test
    void severalNetworksNeedTheLabelOnEveryCluster() {
        ClusterSpec spec = clusters.remote().spec();
        MeshCluster remote = new MeshCluster(new ClusterSpec(spec.name(), spec.role(), "network2", spec.podCidr(),
                spec.serviceCidr(), spec.clusterDns()), clusters.remote().client(), "", "");
        label(clusters.primary().client(), "network1");
        DoctorReport report = run(clusters.primary(), remote, VERIFY);
        assertEquals(Status.PASS, result(report, "network-label", "primary").status(), report.table());
        assertFails(report, "network-label", "remote", "istio-system has no topology.istio.io/network label, and the"
                + " topology spans several networks", "kubectl --context <remote> label namespace istio-system"
                + " topology.istio.io/network=network2");
    }

    @Test
    void aClusterWithoutIstioHasNoLabelToCheck() {
        clusters.remote().client().namespaces().withName("istio-system").delete();
        assertSkipped(run(), "network-label", "remote", "not checked: no namespace istio-system");
    }

    private static void label(KubernetesClient client, String network) {
        client.namespaces().withName("istio-system").edit(ns -> new NamespaceBuilder(ns).editMetadata()
                .addToLabels("topology.istio.io/network", network).endMetadata().build());
    }
}
