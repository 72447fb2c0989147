package io.meshconformance.rehearsal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.meshconformance.cluster.Kubeconfigs;
import io.meshconformance.cluster.MeshCluster;
import io.meshconformance.cluster.MockClusters;
import io.meshconformance.config.MeshSettings;
import io.meshconformance.config.Mode;
import io.meshconformance.doctor.HealthyMesh;
import io.meshconformance.cluster.Manifests;
import io.meshconformance.istio.HelmRelease;
import io.meshconformance.istio.IstioInstaller;
import io.meshconformance.istio.IstioPlan;
import io.meshconformance.istio.RemoteSecret;
import io.meshconformance.text.FakeSecrets;
import io.meshconformance.topology.Cidr;
import io.meshconformance.topology.ClusterSpec;
import io.meshconformance.topology.MeshTopology;
import io.meshconformance.topology.TopologyLoader;

/**
 * The world a rehearsed run happens in: two fabric8 mock API servers standing for the clusters of the default
 * topology, and the stand-ins that act on them while the suite runs: the controllers of each cluster
 * ({@link ControllersStandIn}), istiod's debug endpoints ({@link IstiodStandIn}), Helm ({@link HelmStandIn}), k3s
 * ({@link K3sStandIn}) and the product page ({@link PageStandIn}). A fault is a change to this world before the run
 * ({@link Fault}). The JUnit launcher hands the suite's extension strings only, so an open world is found by its id
 * ({@link #find}). A world may outlive one run, as a machine outlives a run of mesh.reuse: each run then writes its
 * results apart ({@link #runIn}), and k3s's stand-in keeps or removes the clusters between runs.
 */
public final class Rehearsal implements AutoCloseable {

    /** The JUnit configuration parameter holding the id of the world a rehearsed run uses. */
    public static final String PARAMETER = "mesh.rehearsal.world";
    static final String VERSION = "1.30.3";
    /** How long istiod's stand-in reports an unreachable remote "syncing" before "timeout". */
    static final Duration SYNC_TIMEOUT = Duration.ofSeconds(2);

    private static final Map<String, Rehearsal> OPEN = new ConcurrentHashMap<>();
    /**
     * The mock API server logs every request at INFO; with controllers polling every 100 ms that is thousands of
     * lines per run. Held here, as java.util.logging keeps loggers only weakly.
     */
    private static final Logger MOCK_LOG = Logger.getLogger("io.fabric8.mockwebserver");

    static {
        MOCK_LOG.setLevel(Level.WARNING);
    }

    /** The multi-network topology: the remote on a network of its own, pod ranges repeated across the networks. */
    static final Path MULTI_NETWORK = Path.of("fixtures/topologies/multi-network.yaml");

    final String id = UUID.randomUUID().toString();
    final Mode mode;
    final Path dir;
    final MeshTopology topology;
    final MockClusters mocks;
    final ControllersStandIn primaryControllers;
    final ControllersStandIn remoteControllers;
    final IstiodStandIn istiod;
    final ProxyAdminStandIn proxies;
    final HelmStandIn helm = new HelmStandIn(VERSION);
    final K3sStandIn k3s;
    final Map<String, String> settings = new LinkedHashMap<>();
    /** Changes the world makes on every tick while the run goes on (a fault that keeps undoing something). */
    private final List<Consumer<Rehearsal>> policies = new CopyOnWriteArrayList<>();
    private final Thread ticker;
    /** One tick of the policies at a time, and never during a removal of the clusters. */
    private final Object tickLock = new Object();
    /** Where the run about to start writes its results and Allure results ({@link #runIn}). */
    private volatile Path runDir;
    private volatile boolean closed;

    /**
     * @param dir where the kubeconfig files (existing mode), the settings and the run's results go
     */
    Rehearsal(Mode mode, Path dir) {
        this(mode, dir, Path.of(MeshSettings.DEFAULT_TOPOLOGY));
    }

    /**
     * @param topologyFile the topology the run is given (mesh.topology), with clusters named primary and remote; the
     *                     mock clusters take their networks and ranges from it
     */
    Rehearsal(Mode mode, Path dir, Path topologyFile) {
        this.mode = mode;
        this.dir = dir;
        this.topology = TopologyLoader.load(topologyFile);
        this.mocks = new MockClusters(topology);
        this.primaryControllers = new ControllersStandIn("primary", mocks.primary().client(),
                mocks.primary().spec().podCidr().toString(), MockClusters.PRIMARY_NODE);
        this.remoteControllers = new ControllersStandIn("remote", mocks.remote().client(),
                mocks.remote().spec().podCidr().toString(), MockClusters.REMOTE_NODE);
        this.istiod = new IstiodStandIn("primary", mocks.primary().client(), this::clusterAt, SYNC_TIMEOUT);
        this.proxies = new ProxyAdminStandIn(istiod);
        this.k3s = new K3sStandIn(this);
        settings.put("mesh.topology", topologyFile.toString());
        runDir = dir;
        settings.put("mesh.results", dir.resolve("results").toString());
        settings.put("mesh.verdict.successes", "3");
        // Short bounds: a rehearsed fault fails in seconds where a real one is given minutes.
        settings.put("mesh.timeout.clusters", "6s");
        settings.put("mesh.timeout.istio", "10s");
        settings.put("mesh.timeout.attach", "8s");
        settings.put("mesh.timeout.bookinfo", "10s");
        settings.put("mesh.timeout.verdict", "9s");
        if (mode == Mode.EXISTING) {
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            settings.putAll(Kubeconfigs.existingMode(dir, mocks));
            existingMesh();
        }
        // istiod publishes its root certificate where it leads (the doctor of a kept mesh reads it).
        policies.add(w -> w.istiod.publishRootCert());
        this.ticker = new Thread(this::tick, "rehearsal-world");
        ticker.setDaemon(true);
    }

    /** Starts the controllers and the world's policies; the run can begin. */
    Rehearsal open() {
        primaryControllers.start();
        remoteControllers.start();
        ticker.start();
        OPEN.put(id, this);
        return this;
    }

    static Optional<Rehearsal> find(String id) {
        return Optional.ofNullable(OPEN.get(id));
    }

    /** Which cluster a remote secret's server stands for: the node addresses the k3s stand-in gives. */
    Optional<KubernetesClient> clusterAt(String server) {
        String url = server.replaceAll("/+$", "");
        if (url.equals("https://" + MockClusters.REMOTE_NODE + ":6443")) {
            return Optional.of(mocks.remote().client());
        }
        if (url.equals("https://" + MockClusters.PRIMARY_NODE + ":6443")) {
            return Optional.of(mocks.primary().client());
        }
        return Optional.empty();
    }

    /**
     * The next run writes its results (stages.json) and Allure results under {@code dir/<name>}: a world that outlives
     * one run (mesh.reuse) keeps each run's apart. A world's only run writes them under its dir.
     */
    Rehearsal runIn(String name) {
        runDir = dir.resolve(name);
        settings.put("mesh.results", runDir.resolve("results").toString());
        return this;
    }

    /** Where the run about to start (or the last one) writes its results: dir, or dir/&lt;name&gt; after runIn. */
    Path runDir() {
        return runDir;
    }

    /**
     * Removes both clusters as removing their k3s containers would: every object in their API servers goes, k3s's own
     * too (a start puts those back), and each cluster's controllers start again with nothing known; between two ticks
     * of the world's policies and two passes of the controllers.
     */
    void removeClusters() {
        synchronized (tickLock) {
            primaryControllers.replaced(() -> mocks.wipe("primary"));
            remoteControllers.replaced(() -> mocks.wipe("remote"));
        }
    }

    /** A change the world keeps making while the run goes on. */
    Rehearsal always(Consumer<Rehearsal> policy) {
        policies.add(policy);
        return this;
    }

    Rehearsal set(String key, String value) {
        settings.put(key, value);
        return this;
    }

    /** Each cluster's network, as the topology puts it. */
    Map<String, String> networks() {
        Map<String, String> networks = new LinkedHashMap<>();
        topology.clusters().forEach(c -> networks.put(c.name(), c.network()));
        return networks;
    }

    KubernetesClient primary() {
        return mocks.primary().client();
    }

    KubernetesClient remote() {
        return mocks.remote().client();
    }

    /**
     * As k3s leaves a cluster once its node is up: the node with its podCIDR (a /24 of --cluster-cidr, from the node
     * IPAM controller), the API server's {@code default/kubernetes} Service on the first address of --service-cidr,
     * and CoreDNS's {@code kube-system/kube-dns} on --cluster-dns (k3s-io/docs "CLI Tools: k3s server").
     */
    static void k3sObjects(KubernetesClient client, ClusterSpec spec, String nodePodCidr) {
        for (String ns : List.of("default", "kube-system", "kube-public")) {
            if (client.namespaces().withName(ns).get() == null) {
                client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata()
                        .build()).create();
            }
        }
        client.nodes().resource(new NodeBuilder().withNewMetadata().withName(spec.name() + "-server")
                .addToLabels("node-role.kubernetes.io/control-plane", "true").endMetadata()
                .withNewSpec().withPodCIDR(nodePodCidr).withPodCIDRs(nodePodCidr).endSpec()
                .withNewStatus().addNewCondition().withType("Ready").withStatus("True").endCondition().endStatus()
                .build()).create();
        client.services().inNamespace("default").resource(new ServiceBuilder().withNewMetadata()
                .withName("kubernetes").withNamespace("default").endMetadata().withNewSpec()
                .withClusterIP(Cidr.Ipv4.format(spec.serviceCidr().network() + 1))
                .addNewPort().withName("https").withPort(443).withNewTargetPort(6443).endPort().endSpec().build())
                .create();
        client.services().inNamespace("kube-system").resource(new ServiceBuilder().withNewMetadata()
                .withName("kube-dns").withNamespace("kube-system").addToLabels("k8s-app", "kube-dns").endMetadata()
                .withNewSpec().withClusterIP(spec.clusterDnsText()).addToSelector("k8s-app", "kube-dns")
                .addNewPort().withName("dns").withPort(53).withProtocol("UDP").endPort().endSpec().build()).create();
    }

    /** The first /24 of a cluster's pod range, as k3s's node IPAM gives its one node. */
    static String firstNodeRange(ClusterSpec spec) {
        return Cidr.Ipv4.format(spec.podCidr().network()) + "/24";
    }

    /**
     * Existing mode: a mesh a user made before the run: both clusters up, Istio installed by Helm with the harness's
     * own plan, istiod's root certificate in both (istiod writes istio-ca-root-cert into the namespaces it serves),
     * the remote's istio-system led by the primary, and the remote secret as istioctl create-remote-secret writes it.
     */
    private void existingMesh() {
        ClusterSpec p = mocks.primary().spec();
        ClusterSpec r = mocks.remote().spec();
        // On several networks, as istio.io "Install Primary-Remote on different networks" has it: istio-system
        // labelled with each cluster's network before the install, the remote's own east-west gateway, and the
        // cross-network Gateway (expose-services.yaml) in the primary.
        boolean networks = !p.network().equals(r.network());
        k3sObjects(primary(), p, firstNodeRange(p));
        k3sObjects(remote(), r, firstNodeRange(r));
        if (networks) {
            primary().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(IstioPlan.NAMESPACE)
                    .addToLabels(IstioPlan.NETWORK_LABEL, p.network()).endMetadata().build()).create();
        }
        for (HelmRelease release : IstioPlan.primary(p)) {
            helm.preinstall(release, mocks.primary());
        }
        HealthyMesh.rootCert(primary(), HealthyMesh.ROOT_PEM);
        NamespaceBuilder remoteSystem = new NamespaceBuilder().withNewMetadata().withName(IstioPlan.NAMESPACE)
                .addToAnnotations(IstioPlan.CONTROL_PLANE_CLUSTERS, p.name()).endMetadata();
        if (networks) {
            remoteSystem.editMetadata().addToLabels(IstioPlan.NETWORK_LABEL, r.network()).endMetadata();
        }
        remote().namespaces().resource(remoteSystem.build()).create();
        for (HelmRelease release : IstioPlan.remote(r, MockClusters.PRIMARY_NODE)) {
            helm.preinstall(release, mocks.remote());
        }
        HealthyMesh.rootCert(remote(), HealthyMesh.ROOT_PEM);
        remoteSecret(r.name(), "https://" + MockClusters.REMOTE_NODE + ":6443");
        if (networks) {
            helm.preinstall(IstioPlan.networkGateway(r), mocks.remote());
            for (HasMetadata gateway : Manifests.parse(primary(), Manifests.read(IstioInstaller.EXPOSE_SERVICES))) {
                primary().resource(gateway).create();
            }
        }
    }

    /**
     * The remote's Istio as installed for {@code network} instead of its own: its injector's webhooks on
     * {@code /inject/cluster/remote/net/<network>}, as the istiod chart renders them for
     * {@code istiodRemote.injectionPath} (istio/istio 1.30.3 manifests/charts/istio-control/istio-discovery/templates/
     * mutatingwebhook.yaml), so the pods it injects are labelled with that network. istio-system's label stays.
     */
    void remoteInstalledFor(String network) {
        remote().admissionRegistration().v1().mutatingWebhookConfigurations().list().getItems().stream()
                .filter(w -> w.getMetadata().getName().startsWith(ControllersStandIn.INJECTOR_PREFIX))
                .forEach(w -> remote().admissionRegistration().v1().mutatingWebhookConfigurations()
                        .withName(w.getMetadata().getName()).edit(c -> {
                            c.getWebhooks().forEach(h -> h.getClientConfig().getService().setPath(
                                    "/inject/cluster/remote/net/" + network));
                            return c;
                        }));
    }

    /**
     * The remote's secret in the primary, as istioctl create-remote-secret writes it (label istio/multiCluster,
     * Secret istio-remote-secret-remote), with the kubeconfig under data key {@code key} pointing at {@code server};
     * replaces the one there.
     */
    void remoteSecret(String key, String server) {
        primary().secrets().inNamespace(IstioPlan.NAMESPACE).withName(RemoteSecret.secretName("remote")).delete();
        String kubeconfig = RemoteSecret.kubeconfig(key, "https://" + MockClusters.REMOTE_NODE + ":6443",
                HealthyMesh.pem(FakeSecrets.base64("fake cluster CA of the rehearsal")),
                FakeSecrets.jwt("istio-reader-service-account")).replace("https://" + MockClusters.REMOTE_NODE
                + ":6443", server);
        primary().secrets().inNamespace(IstioPlan.NAMESPACE).resource(new SecretBuilder().withNewMetadata()
                .withName(RemoteSecret.secretName("remote")).withNamespace(IstioPlan.NAMESPACE)
                .addToLabels(RemoteSecret.MULTICLUSTER_LABEL, "true")
                .addToAnnotations(RemoteSecret.CLUSTER_ANNOTATION, key).endMetadata()
                .addToData(key, Base64.getEncoder().encodeToString(kubeconfig.getBytes(StandardCharsets.UTF_8)))
                .build()).create();
    }

    /** Writes the text of a file the run reads (a user's own kubeconfig, say) into the world's directory. */
    Path write(String name, String text) {
        try {
            Files.createDirectories(dir);
            return Files.writeString(dir.resolve(name), text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    MeshCluster cluster(String name) {
        return name.equals("primary") ? mocks.primary() : mocks.remote();
    }

    private void tick() {
        while (!closed) {
            synchronized (tickLock) {
                for (Consumer<Rehearsal> policy : policies) {
                    try {
                        policy.accept(this);
                    } catch (RuntimeException e) {
                        // a policy meets objects that come and go: it tries again on the next tick
                    }
                }
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        OPEN.remove(id);
        ticker.interrupt();
        primaryControllers.close();
        remoteControllers.close();
        mocks.close();
    }
}
