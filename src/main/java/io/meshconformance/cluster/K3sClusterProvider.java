package io.meshconformance.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.ContainerNetwork;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Ports;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.meshconformance.config.KeptKubeconfigs;
import io.meshconformance.lifecycle.CleanupStack;
import io.meshconformance.lifecycle.RunId;
import io.meshconformance.text.Causes;
import io.meshconformance.text.Redaction;
import io.meshconformance.topology.ClusterSpec;
import io.meshconformance.topology.MeshTopology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
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
    /** Where k3s writes its admin kubeconfig in the node (k3s-io/docs "Cluster Access"). */
    static final String K3S_KUBECONFIG = "/etc/rancher/k3s/k3s.yaml";
    /** The k3s API server's port in the node, which K3sContainer publishes. */
    static final int K3S_API_PORT = 6443;
    /** Tarball suffixes k3s imports. */
    static final List<String> TARBALLS = List.of(".tar", ".tar.gz", ".tgz", ".tar.zst", ".tar.bz2", ".tar.lz4");

    private final K3sOptions options;
    private final Supplier<DockerClient> docker;
    private final Supplier<String> cgroupVersion;
    private final BooleanSupplier reuseSwitch;
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
        this(options, docker, cgroupVersion, () -> TestcontainersConfiguration.getInstance()
                .environmentSupportsReuse(), run);
    }

    /** @param reuseSwitch whether Testcontainers spares reusable containers when the JVM exits (its reuse switch) */
    K3sClusterProvider(K3sOptions options, Supplier<DockerClient> docker, Supplier<String> cgroupVersion,
                       BooleanSupplier reuseSwitch, RunId run) {
        this.options = options;
        this.docker = docker;
        this.cgroupVersion = cgroupVersion;
        this.reuseSwitch = reuseSwitch;
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
        return nodeFactory(client, preload, options.keepOnFailure());
    }

    /** @param keptPastJvm the containers may outlive the JVM (keep-on-failure, a mesh kept for reuse) */
    private NodeFactory nodeFactory(DockerClient client, List<Path> preload, boolean keptPastJvm) {
        KubeletCgroupV1 cgroup = kubeletCgroupV1(client);
        return NodeFactory.of(options.image(), spec -> container(spec, preload, options.timeout(), cgroup,
                keptPastJvm));
    }

    /** The settings that keep containers past the JVM need Testcontainers' reuse switch: said before anything starts. */
    @Override
    public void check(MeshTopology topology) {
        requireReuseSwitch();
    }

    private void requireReuseSwitch() {
        if ((options.keepOnFailure() || options.reuse()) && !reuseSwitch.getAsBoolean()) {
            String key = options.reuse() ? "mesh.reuse" : "mesh.keepOnFailure";
            throw new IllegalStateException(key + "=true needs Testcontainers to leave the k3s containers alone when"
                    + " the JVM exits: set TESTCONTAINERS_REUSE_ENABLE=true (or testcontainers.reuse.enable=true in"
                    + " ~/.testcontainers.properties), or unset " + key);
        }
    }

    /**
     * Starts the clusters. On any failure everything started so far is removed before the exception leaves
     * (unless keep-on-failure is set, in which case the user is told what was left and how to reach it).
     */
    @Override
    public MeshClusters start(MeshTopology topology) {
        return startAfresh(topology, Optional.empty(), List.of());
    }

    /**
     * The kept mesh of {@code fingerprint} when one is running, sealed by a passing run and reads back as the
     * topology says; every other kept mesh is removed, with the reason. Otherwise new clusters, labelled to be kept.
     */
    @Override
    public MeshClusters reuseOrStart(MeshTopology topology, MeshFingerprint fingerprint) {
        requireReuseSwitch();
        DockerClient engine = docker.get();
        // A node image that cannot be had fails here, before a kept mesh of another fingerprint is removed for it.
        new ImagePuller(engine, options.timeout()).ensure(options.image());
        KeptMeshes kept = new KeptMeshes(engine);
        KeptMeshes.Claim claim = kept.claim(fingerprint, topology, fingerprint.harness());
        claim.removedRuns().forEach(this::forgetKubeconfigs);
        List<String> reasons = new ArrayList<>(claim.removed());
        if (claim.reusable().isPresent()) {
            KeptMeshes.Found found = claim.reusable().get();
            try {
                return reach(topology, found, engine, kept);
            } catch (RuntimeException e) {
                String why = "kept mesh " + found.fingerprint() + " of run " + found.madeBy() + " could not be"
                        + " reached: " + Redaction.text(Causes.firstLine(e));
                LOG.warn("{}; removing it", why);
                try {
                    kept.remove(found);
                    forgetKubeconfigs(found.madeBy());
                } catch (RuntimeException removal) {
                    why += " (not removed: " + Redaction.text(Causes.firstLine(removal)) + "; bin/mesh-down "
                            + found.madeBy() + " tries again)";
                }
                reasons.add(why);
            }
        }
        return startAfresh(topology, Optional.of(fingerprint), reasons);
    }

    @Override
    public MeshClusters restart(MeshTopology topology, MeshFingerprint fingerprint, List<String> why) {
        requireReuseSwitch();
        return startAfresh(topology, Optional.of(fingerprint), why);
    }

    /**
     * New clusters; with {@code fingerprint}, labelled as a mesh to be kept ({@link KeptMeshes#labels}).
     *
     * @param removed why kept meshes were removed first, for the clusters' origin
     */
    private MeshClusters startAfresh(MeshTopology topology, Optional<MeshFingerprint> fingerprint,
                                     List<String> removed) {
        requireReuseSwitch();
        List<Path> preload = preloadTarballs();
        CleanupStack cleanup = new CleanupStack();
        Duration timeout = options.timeout();
        List<MeshCluster> clusters = new ArrayList<>();
        boolean keptPastJvm = options.keepOnFailure() || fingerprint.isPresent();
        Map<String, String> labels = fingerprint.map(f -> KeptMeshes.labels(f, f.harness())).orElse(Map.of());
        JvmStopHook hook = keptPastJvm ? new JvmStopHook("mesh-k3s-cleanup", () -> {
            LOG.warn("The JVM is stopping before run {} ended: removing its clusters", run);
            closeQuietly(cleanup, new IllegalStateException("the JVM is stopping"));
        }) : null;
        try {
            DockerClient engine = docker.get();
            DockerNodeGroup.Started started = new DockerNodeGroup(engine, run, timeout, keptPastJvm, labels)
                    .start(topology, options.subnet(), nodeFactory(engine, preload, keptPastJvm), cleanup);
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
            List<String> ids = started.nodes().values().stream().map(n -> n.container().getContainerId()).toList();
            Teardown teardown = new Teardown(cleanup::close, hook, started.network().name(),
                    record -> new KeptMeshes(engine).seal(ids, record));
            return new MeshClusters(clusters, startup, teardown, ClusterOrigin.started(removed));
        } catch (RuntimeException e) {
            clusters.forEach(MeshCluster::close);
            if (hook != null) {
                hook.cancel();
            }
            if (options.keepOnFailure() && cleanup.size() > 0) {
                LOG.warn("mesh.keepOnFailure=true: leaving the containers of run {} in place; remove them with:"
                        + " {}", run, removalCommand(run.value()));
            } else {
                closeQuietly(cleanup, e);
            }
            throw e;
        }
    }

    /**
     * A kept mesh's clusters, reached as the run that made them reached them: the kubeconfig k3s wrote in each node,
     * served at the port Docker maps to 6443, and the node's address on the mesh's network; then read back.
     */
    private MeshClusters reach(MeshTopology topology, KeptMeshes.Found found, DockerClient engine, KeptMeshes kept) {
        List<MeshCluster> clusters = new ArrayList<>();
        Map<String, Duration> startup = new LinkedHashMap<>();
        String network = found.networks().get(0);
        try {
            for (ClusterSpec spec : topology.clusters()) {
                long begin = System.nanoTime();
                KeptMeshes.Node node = found.nodes().stream().filter(n -> n.cluster().equals(spec.name())).findFirst()
                        .orElseThrow(() -> new IllegalStateException("no node of cluster '" + spec.name() + "'"));
                InspectContainerResponse info = engine.inspectContainerCmd(node.id()).exec();
                ContainerNetwork onNetwork = info.getNetworkSettings().getNetworks().get(network);
                if (onNetwork == null) {
                    throw new IllegalStateException("the node of cluster '" + spec.name() + "' is not on network "
                            + network);
                }
                String kubeconfig = keptKubeconfig(info, kept, dockerHost());
                KubernetesClient client = new KubernetesClientBuilder()
                        .withConfig(Config.fromKubeconfig(kubeconfig)).build();
                MeshCluster cluster = MeshCluster.onNode(spec, client, kubeconfig, onNetwork.getIpAddress());
                clusters.add(cluster);
                ClusterReadback.verify(cluster, topology, options.timeout());
                Duration took = Duration.ofNanos(System.nanoTime() - begin);
                startup.put(spec.name(), took);
                LOG.info("Cluster '{}' ({}) reached in {} s: kept node {} at {}", spec.name(), spec.role().yamlName(),
                        String.format("%.1f", took.toMillis() / 1000.0), node.name(), onNetwork.getIpAddress());
            }
            // Out of reuse while this run uses it: a run stopped halfway leaves a mesh the next run rebuilds.
            kept.unseal(found.containerIds());
        } catch (RuntimeException e) {
            clusters.forEach(MeshCluster::close);
            throw e;
        }
        KeptMesh record = found.record().orElseThrow();
        LOG.info("Reusing kept mesh {}: {}", found.fingerprint(), record.describe(Instant.now()));
        JvmStopHook hook = new JvmStopHook("mesh-k3s-cleanup", () -> {
            LOG.warn("The JVM is stopping before run {} ended: removing the kept mesh it used", run);
            kept.remove(found);
        });
        Teardown teardown = new Teardown(() -> kept.remove(found), hook, network,
                r -> kept.seal(found.containerIds(), r));
        return new MeshClusters(clusters, startup, teardown, ClusterOrigin.warm(record));
    }

    /**
     * The kubeconfig k3s wrote in a kept node, served where this host reaches the node's API server: {@code host} and
     * the port Docker publishes 6443 on, as K3sContainer writes it for a node it started.
     */
    static String keptKubeconfig(InspectContainerResponse info, KeptMeshes kept, String host) {
        String text = kept.readFile(info.getId(), K3S_KUBECONFIG).orElseThrow(() -> new IllegalStateException(
                "node container " + info.getName().replaceFirst("^/", "") + " holds no " + K3S_KUBECONFIG));
        return Kubeconfig.parse(text).servedAt("https://" + host + ":" + mappedPort(info, K3S_API_PORT)).yaml();
    }

    private static int mappedPort(InspectContainerResponse info, int port) {
        Ports.Binding[] bindings = info.getNetworkSettings().getPorts().getBindings().get(ExposedPort.tcp(port));
        if (bindings == null || bindings.length == 0) {
            throw new IllegalStateException("port " + port + " of the node is not published on the Docker host");
        }
        return Integer.parseInt(bindings[0].getHostPortSpec());
    }

    /** The host Testcontainers reaches containers' published ports on, as K3sContainer's kubeconfig names it. */
    private static String dockerHost() {
        return DockerClientFactory.instance().dockerHostIpAddress();
    }

    private K3sContainer container(ClusterSpec spec, List<Path> preload, Duration timeout, KubeletCgroupV1 cgroup,
                                   boolean keptPastJvm) {
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
        // removes them: the only way to keep clusters past the JVM. Labels hold the run id, so Testcontainers itself
        // never reuses one: a kept mesh is found by the harness's own labels (KeptMeshes).
        k3s.withReuse(keptPastJvm);
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

    /**
     * Removing the containers and the network removes everything the run created in the clusters too; reusing them
     * seals the mesh with its record and writes the kubeconfigs down for people between runs.
     */
    private final class Teardown implements MeshClusters.Teardown {
        private final Runnable removal;
        /** Removes the clusters if the JVM stops first; none for throwaway clusters, which Testcontainers reaps. */
        private final JvmStopHook hook;
        private final String network;
        private final Consumer<KeptMesh> seal;

        Teardown(Runnable removal, JvmStopHook hook, String network, Consumer<KeptMesh> seal) {
            this.removal = removal;
            this.hook = hook;
            this.network = network;
            this.seal = seal;
        }

        /** False when the JVM is stopping: the hook removes the clusters then. */
        private boolean unhook() {
            return hook == null || hook.cancel();
        }

        @Override
        public boolean remove(MeshClusters clusters) {
            if (!unhook()) {
                return false;
            }
            String made = clusters.origin().kept().map(KeptMesh::madeBy).orElse(run.value());
            LOG.info("Removing the clusters {} (with them the Istio and Bookinfo objects: {} undo steps not needed)",
                    made.equals(run.value()) ? "of run " + run : "of the kept mesh run " + made + " made",
                    clusters.undoSteps());
            removal.run();
            forgetKubeconfigs(made);
            return true;
        }

        @Override
        public boolean keep(MeshClusters clusters) {
            if (!unhook()) {
                return false;
            }
            String made = clusters.origin().kept().map(KeptMesh::madeBy).orElse(run.value());
            LOG.warn("{}", writeKubeconfigs(clusters.all(), new RunId(made), "mesh.keepOnFailure=true: the clusters"
                    + " of run " + made + " are left running.") + "  Docker network: " + network + "\n  Remove"
                    + " everything with: " + removalCommand(made));
            return true;
        }

        @Override
        public boolean reuse(MeshClusters clusters, KeptMesh record) {
            if (!unhook()) {
                return false;
            }
            seal.accept(record);
            LOG.info("{}", writeKubeconfigs(clusters.all(), new RunId(record.madeBy()), "mesh.reuse=true: mesh "
                    + record.fingerprint() + " is kept for the next run with the same settings ("
                    + record.describe(Instant.now()) + ").") + "  Docker network: " + network + "\n  List or remove"
                    + " kept meshes with: bin/mesh-down (--all)");
            return true;
        }
    }

    /**
     * Kubeconfigs to disk (owner-only), beside the results and never in them (CI publishes the results; these hold
     * admin credentials), under the run that made the clusters; returns what to tell the user, headed by
     * {@code headline}.
     */
    private String writeKubeconfigs(List<MeshCluster> clusters, RunId madeBy, String headline) {
        Path dir = KeptKubeconfigs.directory(options.results(), madeBy);
        StringBuilder text = new StringBuilder(headline).append('\n');
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
        return text.toString();
    }

    /**
     * Deletes the kubeconfigs written for the clusters run {@code made} started, once those clusters are gone: admin
     * credentials of clusters that no longer exist are not left on disk.
     */
    private void forgetKubeconfigs(String made) {
        forgetKubeconfigs(options.results(), made);
    }

    /** {@link #forgetKubeconfigs(String)} for the results directory {@code results}. */
    static void forgetKubeconfigs(Path results, String made) {
        try {
            Path dir = KeptKubeconfigs.directory(results, new RunId(made));
            if (!Files.isDirectory(dir)) {
                return;
            }
            try (Stream<Path> files = Files.list(dir)) {
                for (Path file : files.toList()) {
                    Files.deleteIfExists(file);
                }
            }
            Files.deleteIfExists(dir);
            LOG.info("Deleted the kubeconfigs of the removed clusters of run {} ({})", made, dir);
        } catch (IOException | RuntimeException e) {
            LOG.warn("Could not delete the kubeconfigs of the removed clusters of run {}: {}", made, e.toString());
        }
    }

    private static String removalCommand(String run) {
        String filter = "label=" + RunId.LABEL + "=" + run;
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
