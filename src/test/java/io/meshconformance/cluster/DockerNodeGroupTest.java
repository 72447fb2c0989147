package io.meshconformance.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.github.dockerjava.api.DockerClient;
import io.meshconformance.lifecycle.CleanupStack;
import io.meshconformance.lifecycle.RunId;
import io.meshconformance.topology.Cidr;
import io.meshconformance.topology.ClusterRole;
import io.meshconformance.topology.ClusterSpec;
import io.meshconformance.topology.MeshTopology;
import io.meshconformance.topology.TopologyLoader;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.k3s.K3sContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * Docker tier: the node group the k3s provider uses, run for real on a Docker engine with busybox containers
 * standing in for the k3s nodes (k3s itself needs privileged containers and a registry, neither available here).
 * Skipped, with the reason, when no Docker engine answers.
 */
@Tag("docker")
class DockerNodeGroupTest {

    static final MeshTopology TOPOLOGY = TopologyLoader.load(Path.of("fixtures/topologies/default.yaml"));
    static final Duration TIMEOUT = Duration.ofSeconds(60);

    static DockerClient docker;
    static String image;

    /** Per test, not per class: a test skipped for want of Docker is then reported as skipped, with the reason. */
    @BeforeEach
    void docker() throws Exception {
        docker = DockerTier.requireDocker();
        image = DockerTier.ensureNodeImage(docker);
    }

    @Test
    void routesMakeThePeersPodAndServiceRangesReachableAndOnlyThem() {
        RunId run = RunId.generate();
        // The remote node holds one address from its pod CIDR and one from its service CIDR, as a pod and a
        // Service IP would be reached through it.
        Map<String, GenericContainer<?>> byCluster = Map.of(
                "primary", DockerTier.node(image, "ip addr add 10.10.0.7/32 dev lo"),
                "remote", DockerTier.node(image, "ip addr add 10.20.0.7/32 dev lo", "ip addr add 10.255.20.10/32 dev lo"));
        try (CleanupStack cleanup = new CleanupStack()) {
            DockerNodeGroup.Started started = new DockerNodeGroup(docker, run, TIMEOUT)
                    .start(TOPOLOGY, Optional.empty(), NodeFactory.of(image, spec -> byCluster.get(spec.name())), cleanup);
            DockerNodeGroup.Node primary = started.node("primary");
            DockerNodeGroup.Node remote = started.node("remote");
            assertTrue(started.network().subnet().contains(ipOf(primary.address())), primary.address());

            // After the routes: each side reaches the other's pod range; the primary reaches the remote's Services.
            assertReachable(primary, "10.20.0.7");
            assertReachable(primary, "10.255.20.10");
            assertReachable(remote, "10.10.0.7");

            // Take the route away: unreachable. Put it back with the installer: reachable again.
            exec(primary, "ip", "route", "del", "10.20.0.0/16");
            assertUnreachable(primary, "10.20.0.7");
            RouteInstaller.install(FlatRoutes.plan(TOPOLOGY, Map.of("primary", primary.address(),
                    "remote", remote.address())), Map.of("primary", primary.shell(), "remote", remote.shell()));
            assertReachable(primary, "10.20.0.7");
        }
        assertEquals(List.of(), DockerTier.leftovers(docker, run), "nothing may be left after cleanup");
    }

    @Test
    void clustersOnAnotherNetworkGetNoRouteToEachOthersPodsButStillReachEachOthersNodes() {
        // Istio's multi-network model (istio.io: Install Primary-Remote on different networks): pods on different
        // networks are not routable to each other; traffic crosses through east-west gateways, which istiod and the
        // sidecars reach at node addresses (k3s's ServiceLB advertises the node's address). Built directly, without
        // the loader's validation: the proof is about the routes, whatever the validator allows.
        MeshTopology topology = new MeshTopology(List.of(
                spec("primary", ClusterRole.PRIMARY, "network1", "10.10.0.0/16", "10.255.10.0/24"),
                spec("remote", ClusterRole.REMOTE, "network1", "10.20.0.0/16", "10.255.20.0/24"),
                spec("remote2", ClusterRole.REMOTE, "network2", "10.30.0.0/16", "10.255.30.0/24")));
        RunId run = RunId.generate();
        // Each node holds one address from its pod range (a pod reached through it); remote2 also one from its
        // service range.
        Map<String, GenericContainer<?>> byCluster = Map.of(
                "primary", DockerTier.node(image, "ip addr add 10.10.0.7/32 dev lo"),
                "remote", DockerTier.node(image, "ip addr add 10.20.0.7/32 dev lo"),
                "remote2", DockerTier.node(image, "ip addr add 10.30.0.7/32 dev lo",
                        "ip addr add 10.255.30.10/32 dev lo"));
        try (CleanupStack cleanup = new CleanupStack()) {
            DockerNodeGroup.Started started = new DockerNodeGroup(docker, run, TIMEOUT)
                    .start(topology, Optional.empty(), NodeFactory.of(image, spec -> byCluster.get(spec.name())), cleanup);
            DockerNodeGroup.Node primary = started.node("primary");
            DockerNodeGroup.Node remote = started.node("remote");
            DockerNodeGroup.Node remote2 = started.node("remote2");

            // Same network: flat routes, each reaches the other's pods.
            assertReachable(primary, "10.20.0.7");
            assertReachable(remote, "10.10.0.7");

            // Across networks: no route either way, to pods or Services.
            for (DockerNodeGroup.Node network1 : List.of(primary, remote)) {
                assertUnreachable(network1, "10.30.0.7");
                assertUnreachable(network1, "10.255.30.10");
            }
            assertUnreachable(remote2, "10.10.0.7");
            assertUnreachable(remote2, "10.20.0.7");
            assertEquals("", exec(remote2, "ip", "route", "show", "10.10.0.0/16").output().strip(),
                    "remote2 has no route to the primary's pods");

            // ...yet the nodes reach each other on the Docker network: the isolation is the routes' doing, and
            // what crosses networks (istiod, east-west gateways at node addresses) can.
            assertReachable(primary, remote2.address());
            assertReachable(remote, remote2.address());
            assertReachable(remote2, primary.address());
        }
        assertEquals(List.of(), DockerTier.leftovers(docker, run), "nothing may be left after cleanup");
    }

    @Test
    void nodesShareOneNetworkWhoseSubnetOverlapsNoClusterRange() {
        RunId run = RunId.generate();
        try (CleanupStack cleanup = new CleanupStack()) {
            DockerNodeGroup.Started started = new DockerNodeGroup(docker, run, TIMEOUT)
                    .start(TOPOLOGY, Optional.empty(), NodeFactory.of(image, spec -> DockerTier.node(image)), cleanup);
            var subnet = started.network().subnet();
            TOPOLOGY.clusters().forEach(c -> {
                assertFalse(subnet.overlaps(c.podCidr()), subnet + " vs " + c.podCidr());
                assertFalse(subnet.overlaps(c.serviceCidr()), subnet + " vs " + c.serviceCidr());
            });
            var info = docker.inspectNetworkCmd().withNetworkId(started.network().getId()).exec();
            assertEquals(subnet.toString(), info.getIpam().getConfig().get(0).getSubnet());
            assertEquals(run.value(), info.getLabels().get(RunId.LABEL));
            assertEquals(2, info.getContainers().size(), "both nodes on the network");
        }
        assertEquals(List.of(), DockerTier.leftovers(docker, run));
    }

    @Test
    void missingImageFailsAtOnceWithTheImageAndTheRemediesAndStartsNothing() {
        RunId run = RunId.generate();
        String missing = "mesh-harness/no-such-image:0.0.0";
        long begin = System.nanoTime();
        ImageUnavailableException e;
        try (CleanupStack cleanup = new CleanupStack()) {
            e = assertThrows(ImageUnavailableException.class, () -> new DockerNodeGroup(docker, run, TIMEOUT)
                    .start(TOPOLOGY, Optional.empty(), NodeFactory.of(missing, spec -> new GenericContainer<>(missing)),
                            cleanup));
        }
        Duration took = Duration.ofNanos(System.nanoTime() - begin);
        assertTrue(took.compareTo(Duration.ofSeconds(20)) < 0, "took " + took);
        assertEquals(missing, e.image());
        assertTrue(e.getMessage().startsWith("The image " + missing + " is not on this Docker host and could not be"
                + " pulled: "), e.getMessage());
        assertTrue(e.getMessage().contains("1. network"), e.getMessage());
        assertTrue(e.getMessage().contains("2. mirror"), e.getMessage());
        assertTrue(e.getMessage().contains("docker load -i image.tar"), e.getMessage());
        assertEquals(List.of(), DockerTier.leftovers(docker, run));
    }

    @Test
    void aNodeFailingHalfwayLeavesNoContainerAndNoNetwork() {
        RunId run = RunId.generate();
        CleanupStack cleanup = new CleanupStack();
        DockerNodeGroup.ClusterStartException e = assertThrows(DockerNodeGroup.ClusterStartException.class,
                () -> new DockerNodeGroup(docker, run, TIMEOUT).start(TOPOLOGY, Optional.empty(),
                        NodeFactory.of(image, spec -> spec.isPrimary() ? DockerTier.node(image)
                                : new GenericContainer<>(image).withCommand("/bin/no-such-program")), cleanup));
        assertTrue(e.getMessage().contains("cluster 'remote'"), e.getMessage());
        assertFalse(e.getMessage().contains("cluster 'primary'"), e.getMessage());
        // The primary's container and the network exist until the cleanup the caller runs on failure.
        assertFalse(DockerTier.leftovers(docker, run).isEmpty());
        cleanup.close();
        assertEquals(List.of(), DockerTier.leftovers(docker, run));
    }

    @Test
    void cgroupIsolationGivesTheNodeAPrivateCgroupNamespace() throws Exception {
        // What K3sClusterProvider applies to each k3s container, tried on a plain container: in a private cgroup
        // namespace every cgroup path the process sees is the namespace root "/".
        try (GenericContainer<?> isolated = CgroupIsolation.apply(DockerTier.node(image)
                .withFileSystemBind("/sys/fs/cgroup", "/sys/fs/cgroup"))) {
            assertTrue(isolated.getBinds().isEmpty(), "the host cgroup bind is removed");
            isolated.start();
            String cgroups = isolated.execInContainer("cat", "/proc/self/cgroup").getStdout();
            assertFalse(cgroups.isBlank());
            for (String line : cgroups.strip().split("\n")) {
                assertTrue(line.endsWith(":/"), "not at the namespace root: " + line + "\n" + cgroups);
            }
        }
        try (GenericContainer<?> shared = DockerTier.node(image)
                .withCreateContainerCmdModifier(cmd -> cmd.getHostConfig().withCgroupnsMode("host"))) {
            shared.start();
            String cgroups = shared.execInContainer("cat", "/proc/self/cgroup").getStdout();
            assertTrue(cgroups.contains(shared.getContainerId()),
                    "with cgroupns host the container sees its place in the host tree:\n" + cgroups);
        }
    }

    @Test
    void theK3sContainerItselfGetsAPrivateCgroupNamespaceAndNoHostCgroupMount() {
        // K3sContainer registers cgroupns "host" and the /sys/fs/cgroup bind in its constructor; the isolation
        // must win over both. The create command is built and inspected, not sent: k3s cannot run here.
        var k3s = CgroupIsolation.apply(new K3sContainer(
                DockerImageName.parse("rancher/k3s:v1.35.4-k3s1")));
        assertTrue(k3s.getBinds().stream().noneMatch(b -> b.getVolume().getPath().equals("/sys/fs/cgroup")),
                k3s.getBinds().toString());
        var cmd = docker.createContainerCmd("rancher/k3s:v1.35.4-k3s1");
        for (var modifier : k3s.getCreateContainerCmdModifiers()) {
            cmd = modifier.modify(cmd);
        }
        assertEquals("private", cmd.getHostConfig().getCgroupnsMode());
    }

    @Test
    void theK3sCommandCarriesTheKubeletCgroupArgumentExactlyWhenThisDockerHostNeedsIt() {
        // The provider's own node factory builds the command (after reading this engine's cgroup version); a
        // container is created from it, not started (k3s cannot run here), with the busybox node image tagged as
        // a k3s release would be, and Docker's record of its command is read back.
        String cgroup = docker.infoCmd().exec().getCGroupVersion();
        boolean v1 = !"2".equals(cgroup);
        RunId run = RunId.generate();
        Map<String, Boolean> expected = Map.of("v1.35.4-k3s1", v1, "v1.34.9-k3s1", false);
        for (var entry : expected.entrySet()) {
            String repository = "mesh-harness/test-node";
            String tagged = repository + ":" + entry.getKey();
            docker.tagImageCmd(image, repository, entry.getKey()).exec();
            try {
                K3sClusterProvider provider = new K3sClusterProvider(new K3sOptions(tagged, Optional.empty(),
                        Optional.empty(), Optional.empty(), false, false, Path.of("target/mesh-results"), TIMEOUT),
                        () -> docker, () -> docker.infoCmd().exec().getCGroupVersion(), run);
                K3sContainer k3s = (K3sContainer) provider.nodeFactory(docker, List.of()).create(TOPOLOGY.primary());
                var create = docker.createContainerCmd(tagged).withCmd(k3s.getCommandParts())
                        .withLabels(run.labels());
                for (var modifier : k3s.getCreateContainerCmdModifiers()) {
                    create = modifier.modify(create);
                }
                String id = create.exec().getId();
                try {
                    List<String> command = List.of(docker.inspectContainerCmd(id).exec().getConfig().getCmd());
                    assertEquals(List.of(k3s.getCommandParts()), command);
                    assertTrue(command.contains("--node-name=primary"), command.toString());
                    assertEquals(entry.getValue(), command.contains("--kubelet-arg=fail-cgroupv1=false"),
                            tagged + " on cgroup '" + cgroup + "': " + command);
                    String reported = provider.describe().get("k3s.kubelet.cgroupv1");
                    assertEquals(entry.getValue(), reported.startsWith("--kubelet-arg=fail-cgroupv1=false: "),
                            "the report's environment says what was decided: " + reported);
                } finally {
                    docker.removeContainerCmd(id).withForce(true).exec();
                }
            } finally {
                docker.removeImageCmd(tagged).exec(); // the tag only: the node image keeps its own
            }
        }
        assertEquals(List.of(), DockerTier.leftovers(docker, run));
    }

    private static ClusterSpec spec(String name, ClusterRole role, String network, String pods, String services) {
        Cidr serviceCidr = Cidr.parse(services);
        return new ClusterSpec(name, role, network, Cidr.parse(pods), serviceCidr, serviceCidr.suggestedDns());
    }

    private static long ipOf(String address) {
        return Cidr.Ipv4.parse(address).orElseThrow();
    }

    private static NodeShell.Result exec(DockerNodeGroup.Node node, String... command) {
        try {
            return node.shell().exec(command);
        } catch (Exception e) {
            throw new AssertionError("exec " + String.join(" ", command) + " failed: " + e, e);
        }
    }

    private static void assertReachable(DockerNodeGroup.Node from, String target) {
        NodeShell.Result r = exec(from, "ping", "-c", "1", "-W", "2", target);
        assertTrue(r.ok(), "cluster '" + from.spec().name() + "' cannot reach " + target + ": " + r.output());
    }

    private static void assertUnreachable(DockerNodeGroup.Node from, String target) {
        NodeShell.Result r = exec(from, "ping", "-c", "1", "-W", "1", target);
        assertFalse(r.ok(), "cluster '" + from.spec().name() + "' reaches " + target + " without a route");
    }
}
