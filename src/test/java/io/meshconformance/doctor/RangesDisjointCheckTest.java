package io.meshconformance.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meshconformance.cluster.MeshCluster;
import io.meshconformance.topology.Cidr;
import io.meshconformance.topology.ClusterSpec;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Component tier: check 'ranges-disjoint', no two clusters sharing a pod or service range. */
@Tag("component")
class RangesDisjointCheckTest extends AgainstHealthyMesh {

    @Test
    void overlappingPodRangesFailAndNameBothClusters() {
        // Two clusters made with k3s's defaults: both nodes get 10.42.0.0/24 (the tutorial's first requirement).
        clusters.primary().client().nodes().withName("primary-server").delete();
        clusters.remote().client().nodes().withName("remote-server").delete();
        HealthyMesh.node(clusters.primary().client(), "primary-server", "10.42.0.0/24");
        HealthyMesh.node(clusters.remote().client(), "remote-server", "10.42.0.0/24");
        DoctorReport report = run();
        assertFails(report, "ranges-disjoint", "mesh", "primary pod range 10.42.0.0/24 overlaps remote pod range"
                + " 10.42.0.0/24", "rebuild one with other ranges");
        assertFails(report, "topology-ranges", "remote", "outside the topology's podCidr 10.20.0.0/16",
                "mesh.topology");
    }

    @Test
    void podRangesOfClustersOnDifferentNetworksMayOverlap() {
        // The same k3s default pod range in both, as two clusters in two VPCs often have.
        clusters.primary().client().nodes().withName("primary-server").delete();
        clusters.remote().client().nodes().withName("remote-server").delete();
        HealthyMesh.node(clusters.primary().client(), "primary-server", "10.42.0.0/24");
        HealthyMesh.node(clusters.remote().client(), "remote-server", "10.42.0.0/24");
        MeshCluster primary = onNetwork(clusters.primary(), "network1", "10.42.0.0/16");
        MeshCluster remote = onNetwork(clusters.remote(), "network2", "10.42.0.0/16");
        CheckResult r = result(run(primary, remote, VERIFY), "ranges-disjoint", "mesh");
        assertEquals(CheckResult.Status.PASS, r.status(), r.evidence());
        assertEquals(CheckResult.Status.FAIL, result(run(primary, onNetwork(clusters.remote(), "network1",
                "10.42.0.0/16"), VERIFY), "ranges-disjoint", "mesh").status(), "the same ranges on one network");
    }

    /** {@code cluster} as a topology with its network and pod range would plan it. */
    private static MeshCluster onNetwork(MeshCluster cluster, String network, String pods) {
        ClusterSpec spec = cluster.spec();
        return new MeshCluster(new ClusterSpec(spec.name(), spec.role(), network, Cidr.parse(pods),
                spec.serviceCidr(), spec.clusterDns()), cluster.client(), cluster.kubeconfig(),
                cluster.internalServer());
    }

    @Test
    void serviceRangesFromServiceCidrObjectsAreCompared() {
        HealthyMesh.serviceCidr(clusters.primary().client(), "10.255.10.0/24");
        HealthyMesh.serviceCidr(clusters.remote().client(), "10.255.10.0/24");
        DoctorReport report = run();
        assertTrue(result(report, "topology-ranges", "primary").evidence().contains("10.255.10.0/24 (ServiceCIDR)"));
        assertFails(report, "ranges-disjoint", "mesh", "primary service range 10.255.10.0/24 overlaps remote service"
                + " range 10.255.10.0/24", "--service-cidr");
        assertFails(report, "topology-ranges", "remote", "its ServiceCIDR is 10.255.10.0/24 (ServiceCIDR), not the"
                + " topology's serviceCidr 10.255.20.0/24", "mesh.topology");
    }

    @Test
    void withoutServiceCidrObjectsTheTopologysServiceRangeIsComparedAndSaidSo() {
        CheckResult r = result(run(), "ranges-disjoint", "mesh");
        assertTrue(r.evidence().contains("services 10.255.10.0/24 (the topology's: this API reveals no ServiceCIDR,"
                + " only default/kubernetes at 10.255.10.1)"), r.evidence());
    }

    @Test
    void disjointRangesAreListedClusterByCluster() {
        HealthyMesh.serviceCidr(clusters.primary().client(), "10.255.10.0/24");
        HealthyMesh.serviceCidr(clusters.remote().client(), "10.255.20.0/24");
        CheckResult r = result(run(), "ranges-disjoint", "mesh");
        assertEquals(CheckResult.Status.PASS, r.status(), r.evidence());
        assertEquals("primary pods 10.10.0.0/24, services 10.255.10.0/24 (ServiceCIDR); remote pods 10.20.0.0/24,"
                + " services 10.255.20.0/24 (ServiceCIDR)", r.evidence());
    }

    @Test
    void podsOfOneClusterInsideTheServiceRangeOfTheOtherFail() {
        clusters.remote().client().nodes().withName("remote-server").delete();
        HealthyMesh.node(clusters.remote().client(), "remote-server", "10.255.10.128/25");
        assertFails(run(), "ranges-disjoint", "mesh", "primary service range 10.255.10.0/24 overlaps remote pod"
                + " range 10.255.10.128/25", "every cluster's pod and service ranges must be unique");
    }
}
