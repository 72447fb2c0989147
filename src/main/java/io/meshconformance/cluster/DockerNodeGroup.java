package io.meshconformance.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.github.dockerjava.api.DockerClient;
import io.meshconformance.lifecycle.CleanupStack;
import io.meshconformance.lifecycle.Layer;
import io.meshconformance.lifecycle.LayeredFailure;
import io.meshconformance.lifecycle.RunId;
import io.meshconformance.topology.Cidr;
import io.meshconformance.topology.ClusterSpec;
import io.meshconformance.topology.MeshTopology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.containers.GenericContainer;

/**
 * One container per cluster ("node"), on one dedicated Docker network, started in parallel, with flat routes
 * between same-network clusters. This is the Docker half of a cluster provider: the k3s provider gives it k3s
 * containers; the Docker-tier tests give it small busybox containers and so exercise the same code for real.
 * Everything created is registered on the {@link CleanupStack} before it can fail.
 */
public final class DockerNodeGroup {

    private static final Logger LOG = LoggerFactory.getLogger(DockerNodeGroup.class);

    /** Label naming the cluster a container stands for. */
    public static final String CLUSTER_LABEL = "io.meshconformance/cluster";

    /** A started node. */
    public record Node(ClusterSpec spec, GenericContainer<?> container, String address, Duration startup) {
        public NodeShell shell() {
            return command -> {
                var result = container.execInContainer(command);
                return new NodeShell.Result(result.getExitCode(), result.getStdout(), result.getStderr());
            };
        }
    }

    /** The started nodes and their network. */
    public record Started(ClusterNetwork network, Map<String, Node> nodes) {
        public Node node(String cluster) {
            return nodes.get(cluster);
        }
    }

    private final DockerClient docker;
    private final RunId run;
    private final Duration timeout;
    private final boolean keep;
    private final Map<String, String> labels;

    /**
     * @param keep   the nodes may be kept after the JVM ends (keep-on-failure, mesh.reuse): the network then carries
     *               no Testcontainers session label, which would have it removed when the JVM exits
     * @param labels more labels for the containers and the network, beside the run's (a kept mesh's fingerprint)
     */
    public DockerNodeGroup(DockerClient docker, RunId run, Duration timeout, boolean keep, Map<String, String> labels) {
        this.docker = docker;
        this.run = run;
        this.timeout = timeout;
        this.keep = keep;
        this.labels = Map.copyOf(labels);
    }

    public DockerNodeGroup(DockerClient docker, RunId run, Duration timeout) {
        this(docker, run, timeout, false, Map.of());
    }

    /**
     * @param subnet  the user's subnet for the network, or empty to pick a free one
     * @param factory names the image and makes the (not yet started) container for each cluster; this class adds
     *                network, name and labels
     * @param cleanup receives the undo of everything created
     */
    public Started start(MeshTopology topology, Optional<Cidr> subnet,
                         NodeFactory factory, CleanupStack cleanup) {
        // Overlaps no cluster range and no existing network (the planner's promise, checked in its tests).
        Cidr chosen = SubnetPlanner.choose(topology, subnet, ClusterNetwork.subnetsInUse(docker));

        // Images first: a missing one fails here, before anything exists that would need removing.
        ImagePuller puller = new ImagePuller(docker, timeout);
        new LinkedHashSet<>(topology.clusters().stream().map(factory::image).toList()).forEach(puller::ensure);
        Map<String, GenericContainer<?>> containers = new LinkedHashMap<>();
        Map<String, String> images = new LinkedHashMap<>();
        for (ClusterSpec spec : topology.clusters()) {
            containers.put(spec.name(), factory.create(spec));
            images.put(spec.name(), factory.image(spec));
        }

        ClusterNetwork network = ClusterNetwork.create(docker, run, chosen, !keep, labels);
        cleanup.push("remove Docker network " + network.name(), network::close);
        LOG.info("Docker network {} ({}) created for run {}", network.name(), chosen, run);

        containers.forEach((cluster, container) -> {
            ClusterSpec spec = topology.cluster(cluster).orElseThrow();
            String name = run.name(cluster);
            container.withNetwork(network)
                    .withNetworkAliases(cluster)
                    .withLabels(run.labels())
                    .withLabels(labels)
                    .withLabel(CLUSTER_LABEL, cluster)
                    .withCreateContainerCmdModifier(cmd -> cmd.withName(name));
            cleanup.push("remove container " + name + " (cluster '" + cluster + "', " + spec.role().yamlName() + ")",
                    container::stop);
        });

        Map<String, Node> nodes = startAll(topology, containers, images, network);
        Map<String, String> addresses = new LinkedHashMap<>();
        nodes.forEach((cluster, node) -> addresses.put(cluster, node.address()));
        Map<String, List<FlatRoutes.Route>> plan = FlatRoutes.plan(topology, addresses);
        Map<String, NodeShell> shells = new LinkedHashMap<>();
        nodes.forEach((cluster, node) -> shells.put(cluster, node.shell()));
        RouteInstaller.install(plan, shells);
        return new Started(network, nodes);
    }

    private Map<String, Node> startAll(MeshTopology topology, Map<String, GenericContainer<?>> containers,
                                       Map<String, String> images, ClusterNetwork network) {
        ExecutorService pool = Executors.newFixedThreadPool(containers.size(), r -> {
            Thread t = new Thread(r, "mesh-node-start");
            t.setDaemon(true);
            return t;
        });
        try {
            Map<String, Future<Node>> futures = new LinkedHashMap<>();
            containers.forEach((cluster, container) -> futures.put(cluster, pool.submit(() -> {
                ClusterSpec spec = topology.cluster(cluster).orElseThrow();
                LOG.info("Cluster '{}' ({}): starting node container from {}", cluster, spec.role().yamlName(),
                        images.get(cluster));
                long begin = System.nanoTime();
                container.start();
                Duration took = Duration.ofNanos(System.nanoTime() - begin);
                String address = container.getContainerInfo().getNetworkSettings().getNetworks()
                        .get(network.name()).getIpAddress();
                LOG.info("Cluster '{}': node container up at {} in {} s", cluster, address,
                        String.format("%.1f", took.toMillis() / 1000.0));
                return new Node(spec, container, address, took);
            })));
            // Wait for every start, successful or not, so that cleanup never races a container still starting.
            // Even when interrupted: a container that finished starting after we left would have no undo that works.
            Map<String, Node> nodes = new LinkedHashMap<>();
            List<String> failures = new ArrayList<>();
            Throwable firstCause = null;
            boolean interrupted = false;
            for (var entry : futures.entrySet()) {
                while (true) {
                    try {
                        nodes.put(entry.getKey(), entry.getValue().get());
                        break;
                    } catch (ExecutionException e) {
                        Throwable cause = e.getCause();
                        firstCause = firstCause == null ? cause : firstCause;
                        failures.add("cluster '" + entry.getKey() + "': " + describe(cause));
                        break;
                    } catch (InterruptedException e) {
                        interrupted = true;
                    }
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
                throw new ClusterStartException("interrupted while starting the cluster nodes", null);
            }
            if (!failures.isEmpty()) {
                throw new ClusterStartException("Cluster nodes failed to start (" + failures.size() + " of "
                        + containers.size() + "):\n  - " + String.join("\n  - ", failures), firstCause);
            }
            return nodes;
        } finally {
            pool.shutdown();
        }
    }

    /** The message of the cause and of its causes, each once: Testcontainers nests the useful part. */
    static String describe(Throwable t) {
        List<String> parts = new ArrayList<>();
        for (Throwable c = t; c != null && parts.size() < 4; c = c.getCause()) {
            String m = c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage().strip();
            if (parts.stream().noneMatch(p -> p.contains(m))) {
                parts.add(m);
            }
        }
        return String.join(" <- ", parts);
    }

    /** A node container did not start: the clusters themselves are broken, whatever stage started them. */
    public static class ClusterStartException extends RuntimeException implements LayeredFailure {
        public ClusterStartException(String message, Throwable cause) {
            super(message, cause);
        }

        @Override
        public Optional<Layer> brokenLayer() {
            return Optional.of(Layer.CLUSTER);
        }
    }
}
