package io.meshconformance.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.meshconformance.lifecycle.Layer;
import io.meshconformance.lifecycle.Waits;
import io.meshconformance.topology.ClusterRole;
import io.meshconformance.topology.ClusterSpec;
import io.meshconformance.topology.MeshTopology;
import io.meshconformance.topology.TopologyLoader;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Component tier: the read-back against fabric8's mock API server. The mock runs no k3s, so each test plays the
 * part of k3s itself: it registers the node and the Services k3s would create.
 */
@Tag("component")
@EnableKubernetesMockClient(crud = true)
class ClusterReadbackTest {

    static final ClusterSpec REMOTE = TopologyLoader.load(Path.of("fixtures/topologies/default.yaml"))
            .remotes().get(0);

    KubernetesClient client;

    void actAsK3s(String podCidr, String ready, String apiIp, String dnsIp) {
        client.nodes().resource(new NodeBuilder().withNewMetadata().withName("remote").endMetadata()
                .withNewSpec().withPodCIDR(podCidr).endSpec()
                .withNewStatus().addNewCondition().withType("Ready").withStatus(ready).endCondition().endStatus()
                .build()).create();
        client.services().inNamespace("default").resource(new ServiceBuilder().withNewMetadata()
                .withName("kubernetes").withNamespace("default").endMetadata()
                .withNewSpec().withClusterIP(apiIp).endSpec().build()).create();
        client.services().inNamespace("kube-system").resource(new ServiceBuilder().withNewMetadata()
                .withName("kube-dns").withNamespace("kube-system").endMetadata()
                .withNewSpec().withClusterIP(dnsIp).endSpec().build()).create();
    }

    @Test
    void clusterMatchingItsSpecPasses() {
        actAsK3s("10.20.0.0/24", "True", "10.255.20.1", "10.255.20.10");
        assertEquals(Optional.empty(), ClusterReadback.problem(client, REMOTE));
    }

    @Test
    void nothingRegisteredYet() {
        assertEquals(Optional.of("no node registered yet"), ClusterReadback.problem(client, REMOTE));
    }

    @Test
    void rangesOtherThanPlannedAreNamed() {
        // What k3s would report had it ignored the flags: its defaults 10.42.0.0/16 and 10.43.0.0/16.
        actAsK3s("10.42.0.0/24", "True", "10.43.0.1", "10.43.0.10");
        String problem = ClusterReadback.problem(client, REMOTE).orElseThrow();
        assertTrue(problem.contains("node remote has podCIDR 10.42.0.0/24, outside the planned 10.20.0.0/16"), problem);
        assertTrue(problem.contains("Service default/kubernetes has IP 10.43.0.1, outside the planned 10.255.20.0/24"),
                problem);
        assertTrue(problem.contains("Service kube-system/kube-dns has IP 10.43.0.10, not the planned 10.255.20.10"),
                problem);
    }

    @Test
    void notReadyNodeEndsInANamedTimeoutQuotingWhatWasSeen() {
        actAsK3s("10.20.0.0/24", "False", "10.255.20.1", "10.255.20.10");
        MeshCluster cluster = MeshCluster.onNode(REMOTE, client, "", "192.168.255.3");
        Waits.WaitTimeoutException e = assertThrows(Waits.WaitTimeoutException.class,
                () -> ClusterReadback.verify(cluster, MockClusters.TOPOLOGY, Duration.ofMillis(500)));
        assertTrue(e.getMessage().startsWith("Timed out after 0.5 s waiting for cluster 'remote': node Ready with a"
                + " podCIDR inside 10.20.0.0/16, Services inside 10.255.20.0/24; last seen: node remote Ready=False"),
                e.getMessage());
    }

    @Test
    void aRangeAssignedOtherwiseEndsTheWaitAtOnceNamingTheClusterItCollidesWith() {
        // The remote's node got a /24 of the primary's pod range: waiting will not change it.
        actAsK3s("10.10.1.0/24", "True", "10.255.20.1", "10.255.20.10");
        MeshCluster cluster = MeshCluster.onNode(REMOTE, client, "", "192.168.255.3");
        long begin = System.nanoTime();
        ClusterReadback.NotAsPlannedException e = assertThrows(ClusterReadback.NotAsPlannedException.class,
                () -> ClusterReadback.verify(cluster, MockClusters.TOPOLOGY, Duration.ofSeconds(30)));
        assertTrue(Duration.ofNanos(System.nanoTime() - begin).toSeconds() < 5, "not a 30 s timeout");
        assertEquals("Cluster 'remote' is not as planned: node remote has podCIDR 10.10.1.0/24, outside the planned"
                + " 10.20.0.0/16, colliding with cluster 'primary''s pod range 10.10.0.0/16 (k3s ignored"
                + " --cluster-cidr?). The harness needs the ranges of the topology: check that the k3s image honours"
                + " --cluster-cidr, --service-cidr and --cluster-dns (mesh.k3s.image)", e.getMessage());
        assertEquals(Optional.of(Layer.CLUSTER), e.brokenLayer());
    }

    @Test
    void aPodRangeOfAClusterOnAnotherNetworkIsNoCollision() {
        // The remote on network2 may share pod addresses with the primary; its node outside the plan is still named.
        ClusterSpec remote = new ClusterSpec("remote", ClusterRole.REMOTE, "network2", REMOTE.podCidr(),
                REMOTE.serviceCidr(), REMOTE.clusterDns());
        MeshTopology topology = new MeshTopology(List.of(MockClusters.TOPOLOGY.primary(), remote));
        actAsK3s("10.10.1.0/24", "True", "10.255.20.1", "10.255.20.10");
        List<String> found = ClusterReadback.mismatches(client, remote, topology);
        assertEquals(List.of("node remote has podCIDR 10.10.1.0/24, outside the planned 10.20.0.0/16 (k3s ignored"
                + " --cluster-cidr?)"), found);
    }

    @Test
    void servicesOnOtherAddressesThanPlannedEndTheWaitAtOnce() {
        // k3s's defaults, had it ignored --service-cidr and --cluster-dns.
        actAsK3s("10.20.0.0/24", "True", "10.43.0.1", "10.43.0.10");
        MeshCluster cluster = MeshCluster.onNode(REMOTE, client, "", "192.168.255.3");
        ClusterReadback.NotAsPlannedException e = assertThrows(ClusterReadback.NotAsPlannedException.class,
                () -> ClusterReadback.verify(cluster, MockClusters.TOPOLOGY, Duration.ofSeconds(30)));
        assertTrue(e.getMessage().startsWith("Cluster 'remote' is not as planned: Service default/kubernetes has IP"
                + " 10.43.0.1, outside the planned 10.255.20.0/24 (k3s ignored --service-cidr?); Service"
                + " kube-system/kube-dns has IP 10.43.0.10, not the planned 10.255.20.10."), e.getMessage());
    }

    @Test
    void servicesWithoutAnAddressYetAreWaitedFor() {
        // The API server has not allocated their addresses yet: not a mismatch, so the wait goes on.
        actAsK3s("10.20.0.0/24", "True", null, null);
        MeshCluster cluster = MeshCluster.onNode(REMOTE, client, "", "192.168.255.3");
        Waits.WaitTimeoutException e = assertThrows(Waits.WaitTimeoutException.class,
                () -> ClusterReadback.verify(cluster, MockClusters.TOPOLOGY, Duration.ofMillis(500)));
        assertTrue(e.getMessage().contains("last seen: Service default/kubernetes has IP null"), e.getMessage());
    }

    @Test
    void aPodRangeInsideThePlanIsNoMismatchEvenAtItsEdge() {
        actAsK3s("10.20.255.0/24", "True", "10.255.20.1", "10.255.20.10");
        MeshCluster cluster = MeshCluster.onNode(REMOTE, client, "", "192.168.255.3");
        ClusterReadback.verify(cluster, MockClusters.TOPOLOGY, Duration.ofSeconds(5));
    }
}
