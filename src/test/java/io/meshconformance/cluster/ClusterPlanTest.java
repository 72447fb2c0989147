package io.meshconformance.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.meshconformance.topology.Cidr;
import io.meshconformance.topology.MeshTopology;
import io.meshconformance.topology.TopologyLoader;
import org.junit.jupiter.api.Test;

/** The pure planning behind the cluster provider: subnet, routes, k3s flags. */
class ClusterPlanTest {

    static final MeshTopology DEFAULT = TopologyLoader.load(Path.of("fixtures/topologies/default.yaml"));
    static final MeshTopology ORIGIN = TopologyLoader.load(Path.of("fixtures/topologies/origin-tutorial.yaml"));

    @Test
    void subnetAvoidsClusterRangesAndDockerNetworks() {
        Cidr chosen = SubnetPlanner.choose(DEFAULT, Optional.empty(), List.of(Cidr.parse("192.168.255.0/24")));
        assertEquals("192.168.254.0/24", chosen.toString());
    }

    @Test
    void aCandidateAClusterRangeOverlapsIsSkipped() {
        MeshTopology wide = TopologyLoader.parse("clusters:\n"
                + "  - {name: primary, role: primary, network: n1, podCidr: 192.168.0.0/16, serviceCidr: 10.255.10.0/24,"
                + " clusterDns: 10.255.10.10}\n"
                + "  - {name: remote, role: remote, network: n1, podCidr: 10.20.0.0/16, serviceCidr: 172.30.250.0/24,"
                + " clusterDns: 172.30.250.10}\n", "wide ranges", List.of());
        assertEquals("172.30.251.0/24", SubnetPlanner.choose(wide, Optional.empty(), List.of()).toString(),
                "every 192.168 candidate lies in the primary's pods, 172.30.250 is the remote's services");
    }

    @Test
    void subnetForTheOriginTutorialStaysOutOf172Ranges() {
        // Docker's default pools start at 172.17.0.0/16: with the tutorial's 172.16-172.21 ranges a subnet picked
        // by Docker could overlap a cluster; the planner's is fixed and checked.
        Cidr chosen = SubnetPlanner.choose(ORIGIN, Optional.empty(), List.of(Cidr.parse("172.17.0.0/16")));
        ORIGIN.clusters().forEach(c -> {
            assertFalse(chosen.overlaps(c.podCidr()));
            assertFalse(chosen.overlaps(c.serviceCidr()));
        });
    }

    @Test
    void requestedSubnetIsCheckedNotChosen() {
        assertEquals("10.99.0.0/24",
                SubnetPlanner.choose(DEFAULT, Optional.of(Cidr.parse("10.99.0.0/24")), List.of()).toString());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SubnetPlanner.choose(DEFAULT,
                Optional.of(Cidr.parse("10.20.5.0/24")), List.of(Cidr.parse("10.20.0.0/16"))));
        assertTrue(e.getMessage().contains("mesh.network.subnet 10.20.5.0/24 overlaps cluster 'remote' podCidr"
                + " 10.20.0.0/16, an existing Docker network (10.20.0.0/16)"), e.getMessage());
    }

    @Test
    void noFreeSubnetIsNamedWithTheSetting() {
        List<Cidr> everything = List.of(Cidr.parse("0.0.0.0/0"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SubnetPlanner.choose(DEFAULT, Optional.empty(), everything));
        assertTrue(e.getMessage().contains("set mesh.network.subnet"), e.getMessage());
    }

    @Test
    void flatRoutesGoToEachPeersPodAndServiceRangeViaItsNode() {
        Map<String, List<FlatRoutes.Route>> plan = FlatRoutes.plan(DEFAULT,
                Map.of("primary", "192.168.255.2", "remote", "192.168.255.3"));
        assertEquals(List.of("10.20.0.0/16 via 192.168.255.3 (remote pods)",
                "10.255.20.0/24 via 192.168.255.3 (remote services)"),
                plan.get("primary").stream().map(Object::toString).toList());
        assertEquals(List.of("10.10.0.0/16 via 192.168.255.2 (primary pods)",
                "10.255.10.0/24 via 192.168.255.2 (primary services)"),
                plan.get("remote").stream().map(Object::toString).toList());
    }

    @Test
    void routeReadBackReadsIproute2AndBusyboxOutput() {
        FlatRoutes.Route route = new FlatRoutes.Route(Cidr.parse("10.20.0.0/16"), "192.168.255.3", "remote", "pods");
        assertTrue(FlatRoutes.present("10.20.0.0/16 via 192.168.255.3 dev eth0 \n", route));
        assertTrue(FlatRoutes.present("10.20.0.0/16 via 192.168.255.3 dev eth0 proto static metric 100", route));
        assertFalse(FlatRoutes.present("10.20.0.0/16 via 192.168.255.4 dev eth0", route));
        assertFalse(FlatRoutes.present("10.20.0.0/24 via 192.168.255.3 dev eth0", route));
        assertFalse(FlatRoutes.present("", route));
    }

    @Test
    void aRouteMissingAfterItWasAddedFailsNamingTheClusterAndWhatTheNodeSaid() {
        // A node that accepts the command but whose table does not show the route (e.g. a network manager
        // removed it): the installer must not report success.
        List<String> commands = new ArrayList<>();
        NodeShell forgetful = command -> {
            commands.add(String.join(" ", command));
            return new NodeShell.Result(0, "", ""); // accepts "replace", shows nothing for "show"
        };
        NodeShell refusing = command -> new NodeShell.Result(2, "", "RTNETLINK answers: Operation not permitted");
        Map<String, List<FlatRoutes.Route>> plan = FlatRoutes.plan(DEFAULT,
                Map.of("primary", "192.168.255.2", "remote", "192.168.255.3"));
        RouteInstaller.RouteException e = assertThrows(RouteInstaller.RouteException.class,
                () -> RouteInstaller.install(plan, Map.of("primary", forgetful, "remote", refusing)));
        assertTrue(commands.contains("ip route replace 10.20.0.0/16 via 192.168.255.3"), commands.toString());
        assertTrue(e.getMessage().contains("cluster 'primary': route 10.20.0.0/16 via 192.168.255.3 (remote pods) is"
                + " missing after it was added; 'ip route show 10.20.0.0/16' printed: (nothing)"), e.getMessage());
        assertTrue(e.getMessage().contains("cluster 'remote': 'ip route replace 10.10.0.0/16 via 192.168.255.2'"
                + " failed (exit 2): RTNETLINK answers: Operation not permitted"), e.getMessage());
        assertTrue(e.getMessage().startsWith("Flat network routes could not be set up (4)"), e.getMessage());
    }

    @Test
    void k3sServerFlagsComeFromTheTopology() {
        List<String> args = K3sServerArgs.render(DEFAULT.primary(), "localhost",
                KubeletCgroupV1.decide("rancher/k3s:v1.35.4-k3s1", "2"));
        assertEquals(List.of("server", "--disable=traefik", "--tls-san=localhost", "--node-name=primary",
                "--cluster-cidr=10.10.0.0/16", "--service-cidr=10.255.10.0/24", "--cluster-dns=10.255.10.10"), args);
        assertFalse(args.stream().anyMatch(a -> a.contains("servicelb")), "servicelb gives the gateways addresses");
        List<String> onCgroupV1 = K3sServerArgs.render(DEFAULT.primary(), "localhost",
                KubeletCgroupV1.decide("rancher/k3s:v1.35.4-k3s1", "1"));
        assertEquals("--kubelet-arg=fail-cgroupv1=false", onCgroupV1.get(onCgroupV1.size() - 1));
        assertEquals(args, onCgroupV1.subList(0, onCgroupV1.size() - 1), "only the kubelet argument is added");
    }

    @Test
    void imageUnavailableMessageNamesTheImageAndThreeRemedies() {
        ImageUnavailableException e = new ImageUnavailableException("rancher/k3s:v1.35.4-k3s1",
                "Get \"https://registry-1.docker.io/v2/\": dial tcp: lookup registry-1.docker.io: no such host");
        String m = e.getMessage();
        assertTrue(m.startsWith("The image rancher/k3s:v1.35.4-k3s1 is not on this Docker host and could not be"
                + " pulled: Get \"https://registry-1.docker.io/v2/\""), m);
        assertTrue(m.contains("1. network") && m.contains("2. mirror") && m.contains("3. load it"), m);
        assertTrue(m.contains("docker save rancher/k3s:v1.35.4-k3s1 -o image.tar"), m);
        assertTrue(m.contains("mesh.images.preload"), m);
    }

    @Test
    void theImageTestcontainersCouldNotGetIsNamed() {
        assertEquals("testcontainers/ryuk:0.14.0", DockerAvailability.fetchedImage("Can't get Docker image:"
                + " RemoteDockerImage(imageName=testcontainers/ryuk:0.14.0, imagePullPolicy=DefaultPullPolicy())"));
    }

    @Test
    void daemonErrorsLoseTheirWrapping() {
        assertEquals("manifest unknown", ImagePuller.reason(new RuntimeException("Status 404: {\"message\":\"manifest unknown\"}")));
    }
}
