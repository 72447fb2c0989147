package io.meshconformance.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;

import com.github.dockerjava.api.DockerClient;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.meshconformance.config.KeptKubeconfigs;
import io.meshconformance.lifecycle.CleanupStack;
import io.meshconformance.lifecycle.RunId;
import io.meshconformance.topology.ClusterSpec;
import io.meshconformance.topology.MeshTopology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.k3s.K3sContainer;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;
import org.testcontainers.utility.TestcontainersConfiguration;

/**
 * Starts one single-node k3s cluster per topology entry, in Docker, as {@link MeshCluster}s. The Docker work
 * (network, parallel start, routes, cleanup) is {@link DockerNodeGroup}'s; this class adds what is k3s: the
 * server flags, images for the pods (mirror, preload), kubeconfigs and the read-back of each cluster's ranges.
 * Its clusters go away with their containers (or, kept on failure, stay with their kubeconfigs written down).
 */
public final class K3sClusterProvider implements ClusterProvider {

    private static final Logger LOG = LoggerFactory.getLogger(K3sClusterProvider.class);

    /** k3s imports every image tarball found here at start (k3s-io/docs "Air-Gap Install"). */
    static final String IMAGES_DIR = "/var/lib/rancher/k3s/agent/images/";
    static final String REGISTRIES_FILE = "/etc/rancher/k3s/registries.yaml";
    /** Tarball suffixes k3s imports. */
    static final List<String> TARBALLS = List.of(".tar", ".tar.gz", ".tgz", ".tar.zst", ".tar.bz2", ".tar.lz4");

    private final K3sOptions options;
    private final Supplier<DockerClient> docker;
    private final Supplier<String> cgroupVersion;
    private final RunId run;
    /** Decided once, from the Docker host the clusters run on; null until then. */
    private KubeletCgroupV1 cgroupV1;
    /** What describe() says of it, asked once. */
    private String cgroupNote;

    /**
     * @param docker        the Docker client, asked for when the clusters start (finding the engine may fail then)
     * @param cgroupVersion the Docker engine's cgroup version ("1", "2"), for the report's environment before any
     *                      cluster starts: read without what the full client brings along (Testcontainers' Ryuk)
     */
    public K3sClusterProvider(K3sOptions options, Supplier<DockerClient> docker, Supplier<String> cgroupVersion,
                              RunId run) {
        this.options = options;
        this.docker = docker;
        this.cgroupVersion = cgroupVersion;
        this.run = run;
    }

    @Override
    public Map<String, String> describe() {
        Map<String, String> entries = new LinkedHashMap<>();
        entries.put("k3s.image", options.image());
        entries.put("k3s.kubelet.cgroupv1", cgroupNote());
        return entries;
    }

    private synchronized String cgroupNote() {
        if (cgroupNote == null) {
            try {
                cgroupNote = kubeletCgroupV1(cgroupVersion).describe();
            } catch (RuntimeException e) {
                // The same failure comes back, in its stage, when the clusters start; the report only says so.
                String message = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
                cgroupNote = "not decided: the Docker engine's cgroup version could not be read (" + message + ")";
            }
        }
        return cgroupNote;
    }

    /**
     * Whether the kubelet needs {@code fail-cgroupv1=false}, read once from {@code docker info} (its CgroupVersion)
     * before any k3s container is made, and logged.
     */
    synchronized KubeletCgroupV1 kubeletCgroupV1(DockerClient client) {
        return kubeletCgroupV1(() -> client.infoCmd().exec().getCGroupVersion());
    }

    private synchronized KubeletCgroupV1 kubeletCgroupV1(Supplier<String> version) {
        if (cgroupV1 == null) {
            cgroupV1 = KubeletCgroupV1.decide(options.image(), version.get());
            LOG.info("k3s kubelet on this Docker host: {}", cgroupV1.describe());
        }
        return cgroupV1;
    }

    /** Makes the k3s node containers: the one place their command is built, for start() and the Docker tier. */
    NodeFactory nodeFactory(DockerClient client, List<Path> preload) {
        KubeletCgroupV1 cgroup = kubeletCgroupV1(client);
        return NodeFactory.of(options.image(), spec -> container(spec, preload, options.timeout(), cgroup));
    }

    /**
     * Starts the clusters. On any failure everything started so far is removed before the exception leaves
     * (unless keep-on-failure is set, in which case the user is told what was left and how to reach it).
     */
    @Override
    public MeshClusters start(MeshTopology topology) {
        if (options.keepOnFailure() && !TestcontainersConfiguration.getInstance().environmentSupportsReuse()) {
            throw new IllegalStateException("mesh.keepOnFailure=true needs Testcontainers to leave the k3s containers"
                    + " alone when the JVM exits: set TESTCONTAINERS_REUSE_ENABLE=true (or"
                    + " testcontainers.reuse.enable=true in ~/.testcontainers.properties), or unset"
                    + " mesh.keepOnFailure");
        }
        List<Path> preload = preloadTarballs();
        CleanupStack cleanup = new CleanupStack();
        Duration timeout = options.timeout();
        List<MeshCluster> clusters = new ArrayList<>();
        try {
            DockerClient engine = docker.get();
            DockerNodeGroup.Started started = new DockerNodeGroup(engine, run, timeout, options.keepOnFailure(), Map.of())
                    .start(topology, options.subnet(), nodeFactory(engine, preload), cleanup);
            Map<String, Duration> startup = new LinkedHashMap<>();
            for (ClusterSpec spec : topology.clusters()) {
                DockerNodeGroup.Node node = started.node(spec.name());
                K3sContainer k3s = (K3sContainer) node.container();
                String kubeconfig = k3s.getKubeConfigYaml();
                KubernetesClient client = new KubernetesClientBuilder()
                        .withConfig(Config.fromKubeconfig(kubeconfig)).build();
                MeshCluster cluster = MeshCluster.onNode(spec, client, kubeconfig, node.address());
                clusters.add(cluster);
                long begin = System.nanoTime();
                ClusterReadback.verify(cluster, topology, timeout);
                Duration ready = node.startup().plus(Duration.ofNanos(System.nanoTime() - begin));
                startup.put(spec.name(), ready);
                LOG.info("Cluster '{}' ({}) ready in {} s: node {} at {}", spec.name(), spec.role().yamlName(),
                        String.format("%.1f", ready.toMillis() / 1000.0), spec.name(), node.address());
            }
            return new MeshClusters(clusters, startup, new Teardown(cleanup, started));
        } catch (RuntimeException e) {
            clusters.forEach(MeshCluster::close);
            if (options.keepOnFailure() && cleanup.size() > 0) {
                LOG.warn("mesh.keepOnFailure=true: leaving the containers of run {} in place; remove them with:"
                        + " {}", run, removalCommand());
            } else {
                closeQuietly(cleanup, e);
            }
            throw e;
        }
    }

    private K3sContainer container(ClusterSpec spec, List<Path> preload, Duration timeout, KubeletCgroupV1 cgroup) {
        K3sContainer k3s = new K3sContainer(DockerImageName.parse(options.image())
                .asCompatibleSubstituteFor("rancher/k3s"));
        k3s.withCommand(K3sServerArgs.render(spec, k3s.getHost(), cgroup).toArray(String[]::new));
        k3s.withStartupTimeout(timeout);
        CgroupIsolation.apply(k3s);
        options.mirror().ifPresent(mirror -> k3s.withCopyToContainer(
                Transferable.of(RegistriesYaml.render(mirror), 0600), REGISTRIES_FILE));
        for (Path tarball : preload) {
            k3s.withCopyFileToContainer(MountableFile.forHostPath(tarball), IMAGES_DIR + tarball.getFileName());
        }
        // Reusable containers carry no Testcontainers session label, so neither Ryuk nor the JVM shutdown hook
        // removes them: the only way to keep clusters past the JVM. Labels hold the run id, so none is reused.
        k3s.withReuse(options.keepOnFailure());
        return k3s;
    }

    private List<Path> preloadTarballs() {
        if (options.preload().isEmpty()) {
            return List.of();
        }
        Path dir = options.preload().get();
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> tarballs = files.filter(Files::isRegularFile)
                    .filter(f -> TARBALLS.stream().anyMatch(s -> f.getFileName().toString().endsWith(s)))
                    .sorted().toList();
            if (tarballs.isEmpty()) {
                throw new IllegalArgumentException("mesh.images.preload = '" + dir + "' holds no image tarballs ("
                        + String.join(", ", TARBALLS) + "); create them with 'docker save IMAGE -o FILE.tar'");
            }
            LOG.info("Preloading {} image tarball(s) from {} into every cluster", tarballs.size(), dir);
            return tarballs;
        } catch (IOException e) {
            throw new IllegalArgumentException("mesh.images.preload = '" + dir + "' cannot be listed: " + e, e);
        }
    }

    /** Removing the containers and the network removes everything the run created in the clusters too. */
    private final class Teardown implements MeshClusters.Teardown {
        private final CleanupStack containers;
        private final DockerNodeGroup.Started started;

        Teardown(CleanupStack containers, DockerNodeGroup.Started started) {
            this.containers = containers;
            this.started = started;
        }

        @Override
        public boolean remove(MeshClusters clusters) {
            LOG.info("Removing the clusters of run {} (with them the Istio and Bookinfo objects: {} undo steps not"
                    + " needed)", run, clusters.objects().size());
            containers.close();
            return true;
        }

        @Override
        public boolean keep(MeshClusters clusters) {
            keepForUser(clusters.all(), started);
            return true;
        }
    }

    /** Keep-on-failure: kubeconfigs to disk (owner-only), and how to reach and remove what was left. */
    private void keepForUser(List<MeshCluster> clusters, DockerNodeGroup.Started started) {
        // Not under mesh.results, which CI publishes with the reports: these hold admin credentials.
        Path dir = KeptKubeconfigs.directory(options.results(), run);
        StringBuilder text = new StringBuilder("mesh.keepOnFailure=true: the clusters of run " + run
                + " are left running.\n");
        try {
            Files.createDirectories(dir);
            for (MeshCluster cluster : clusters) {
                Path file = dir.resolve(cluster.name() + ".yaml");
                Files.deleteIfExists(file);
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.writeString(file, cluster.kubeconfig());
                text.append("  kubectl --kubeconfig ").append(file).append(" get pods -A   # cluster '")
                        .append(cluster.name()).append("'\n");
            }
        } catch (IOException | UnsupportedOperationException e) {
            text.append("  (could not write the kubeconfigs to ").append(dir).append(": ").append(e).append(")\n");
        }
        text.append("  Docker network: ").append(started.network().name()).append('\n');
        text.append("  Remove everything with: ").append(removalCommand());
        LOG.warn(text.toString());
    }

    private String removalCommand() {
        String filter = "label=" + RunId.LABEL + "=" + run.value();
        return "docker rm -f $(docker ps -aq --filter " + filter + "); docker network rm $(docker network ls -q --filter "
                + filter + ")";
    }

    private static void closeQuietly(CleanupStack cleanup, RuntimeException cause) {
        try {
            cleanup.close();
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
        }
    }
}
