package io.meshconformance.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.meshconformance.doctor.CheckResult.Status;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Component tier: check 'topology-ranges', the ranges a cluster's API reveals against the topology's. */
@Tag("component")
class TopologyRangesCheckTest extends AgainstHealthyMesh {

    @Test
    void rangesThatDisagreeWithTheTopologyAreNamed() {
        clusters.remote().client().nodes().withName("remote-server").delete();
        HealthyMesh.node(clusters.remote().client(), "remote-server", "172.20.0.0/24");
        DoctorReport report = run();
        assertFails(report, "topology-ranges", "remote", "pods use 172.20.0.0/24, outside the topology's podCidr"
                + " 10.20.0.0/16", "write the cluster's real ranges into the topology file");
        assertEquals(Status.PASS, result(report, "ranges-disjoint", "mesh").status(), "still disjoint");
    }

    @Test
    void withoutNodePodCidrsRunningPodAddressesStandIn() {
        // A CNI with its own IPAM (such as a cloud VPC CNI) leaves nodes without podCIDR.
        nodeWithoutPodCidr();
        pod("details-v1-x", "10.20.3.7", false);
        CheckResult r = result(run(), "topology-ranges", "remote");
        assertEquals(Status.PASS, r.status(), r.evidence());
        assertTrue(r.evidence().contains("pods: 10.20.3.7/32 (addresses of running pods"), r.evidence());
    }

    @Test
    void withoutAnyPodAddressThePodRangeIsUnconfirmed() {
        nodeWithoutPodCidr();
        CheckResult r = result(run(), "topology-ranges", "remote");
        assertEquals(Status.WARN, r.status(), r.evidence());
        assertTrue(r.evidence().startsWith("pods: none seen"), r.evidence());
        assertTrue(r.fix().contains("no pod address was seen, so the topology's podCidr 10.20.0.0/16 is"
                + " unconfirmed"), r.fix());
    }

    @Test
    void theKubernetesServiceOutsideTheTopologysServiceRangeIsNamed() {
        // Before Kubernetes 1.33 no ServiceCIDR object exists: default/kubernetes, the range's first address, tells.
        clusters.remote().client().services().inNamespace("default").withName("kubernetes").delete();
        HealthyMesh.apiService(clusters.remote().client(), "10.43.0.1");
        assertFails(run(), "topology-ranges", "remote", "default/kubernetes has 10.43.0.1, outside the topology's"
                + " serviceCidr 10.255.20.0/24", "mesh.topology");
    }

    @Test
    void aServiceCidrObjectInsideTheTopologysRangeIsConfirmed() {
        HealthyMesh.serviceCidr(clusters.remote().client(), "10.255.20.0/24");
        CheckResult r = result(run(), "topology-ranges", "remote");
        assertEquals(Status.PASS, r.status(), r.evidence());
        assertTrue(r.evidence().endsWith("services: 10.255.20.0/24 (ServiceCIDR); inside the topology's podCidr"
                + " 10.20.0.0/16 and serviceCidr 10.255.20.0/24"), r.evidence());
    }

    @Test
    void podsOnTheHostNetworkDoNotStandInForPodAddresses() {
        // They carry their node's address, which no pod range holds.
        nodeWithoutPodCidr();
        pod("kube-proxy-x", "192.168.255.3", true);
        pod("details-v1-x", "10.20.3.7", false);
        CheckResult r = result(run(), "topology-ranges", "remote");
        assertEquals(Status.PASS, r.status(), r.evidence());
        assertTrue(r.evidence().startsWith("pods: 10.20.3.7/32 (addresses"), r.evidence());
    }

    @Test
    void manyPodAddressesAreSummedUp() {
        nodeWithoutPodCidr();
        for (int i = 1; i <= 7; i++) {
            pod("pod-" + i, "10.20.3." + i, false);
        }
        CheckResult r = result(run(), "topology-ranges", "remote");
        assertTrue(r.evidence().startsWith("pods: 7 ranges/addresses from 10.20.3.1/32 to 10.20.3.7/32 ("),
                r.evidence());
    }

    private void pod(String name, String ip, boolean hostNetwork) {
        clusters.remote().client().pods().inNamespace("bookinfo").resource(new PodBuilder().withNewMetadata()
                .withName(name).withNamespace("bookinfo").endMetadata().withNewSpec().withHostNetwork(hostNetwork)
                .endSpec().withNewStatus().withPodIP(ip).endStatus().build()).create();
    }

    private void nodeWithoutPodCidr() {
        clusters.remote().client().nodes().withName("remote-server").delete();
        clusters.remote().client().nodes().resource(new NodeBuilder().withNewMetadata().withName("remote-server")
                .endMetadata().build()).create();
    }
}
