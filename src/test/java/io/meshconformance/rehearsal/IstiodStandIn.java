package io.meshconformance.rehearsal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointConditions;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.meshconformance.cluster.Kubeconfig;
import io.meshconformance.cluster.MeshCluster;
import io.meshconformance.doctor.HealthyMesh;
import io.meshconformance.istio.IstioPlan;
import io.meshconformance.istio.IstiodDebug;
import io.meshconformance.istio.IstiodRevision;
import io.meshconformance.istio.IstiodLocator;
import io.meshconformance.istio.IstiodKubeconfig;
import io.meshconformance.istio.RemoteSecret;
import tools.jackson.databind.json.JsonMapper;

/**
 * Stand-in for istiod in the primary (istio/istio 1.30: pilot/pkg/xds/debug.go, pkg/kube/multicluster, ...): it
 * plays the primary's istiod as the harness sees it through its debug endpoints (clusterz, registryz,
 * endpointShardz, syncz, networkz), computed on every read from the two mock API servers. Where each behaviour comes from:
 * <ul>
 * <li>remote secrets: istio/istio pkg/kube/multicluster/secretcontroller.go at 1.30.3 (Secrets labelled
 * {@code istio/multiCluster=true} in istiod's own namespace; each data key a cluster id, its value a kubeconfig; a
 * key equal to istiod's own cluster id ignored; a kubeconfig that does not load, validate or pass
 * {@code sanitizeKubeConfig} is logged and the cluster never added; a cluster id already registered by another
 * secret ignored; a changed kubeconfig rebuilds the cluster, restarting its sync);</li>
 * <li>sync status: istio/istio pkg/kube/multicluster/cluster.go at 1.30.3 ({@code Run} arms a timer of
 * {@code PILOT_REMOTE_CLUSTER_TIMEOUT}, none when it is 0; {@code SyncDidTimeout} is "timed out and never synced")
 * and the status words of {@code ListRemoteClusters} (syncing, synced, timeout);</li>
 * <li>debug JSON shapes: istio/istio pilot/pkg/xds/debug.go ({@code SyncStatus}, the handlers of registryz,
 * endpointShardz, clusterz, syncz), pilot/pkg/model/service.go ({@code Service}, {@code IstioEndpoint}),
 * pilot/pkg/model/endpointshards.go ({@code EndpointShards}), pkg/cluster/debug.go ({@code DebugInfo});</li>
 * <li>endpoints from EndpointSlices: istio/istio pilot/pkg/serviceregistry/kube/controller/endpointslice.go (the
 * shard key {@code Kubernetes/<cluster>}, one endpoint per address and service port, the port taken from the
 * slice's port of the same name; pod labels with {@code topology.istio.io/cluster} and the network added); an
 * endpoint's network is its pod's {@code topology.istio.io/network} label (which the injector sets from a remote's
 * injection path), else the label on its cluster's system namespace (istio/istio 1.30.3
 * pilot/pkg/serviceregistry/kube/controller/controller.go, Controller.Network; network.go);</li>
 * <li>network gateways and the endpoints a sidecar gets ({@link #eds}): a Service labelled
 * {@code topology.istio.io/network} with the gateway port (15443, or its {@code networking.istio.io/gatewayPort}
 * label) and an address (load balancer ingress IP or hostname, external IPs), in any cluster istiod reads
 * (pilot/pkg/serviceregistry/kube/controller/network.go); split horizon as pilot/pkg/xds/endpoints/ep_filters.go
 * EndpointsByNetworkFilter applies it, only once a gateway is known: endpoints on the sidecar's network (or on none)
 * keep their address, an mTLS-capable endpoint of another network is replaced by that network's gateways on their
 * port, weighted by how many it stands for, and one without a sidecar or without a gateway is dropped.</li>
 * </ul>
 * What it does not play: it holds no cache, so a remote that stops answering is "syncing"/"timeout" again at once
 * (real istiod keeps the last state it listed); and a sidecar is "connected" (syncz) whenever its pod is Running
 * and Ready in the primary or in a reachable remote that names the primary in {@code
 * topology.istio.io/controlPlaneClusters}, without any real xDS stream.
 */
public final class IstiodStandIn implements IstiodLocator {

    /** The mesh's domain suffix and trust domain as the harness installs Istio (the defaults). */
    static final String DOMAIN = "svc.cluster.local";
    static final String TRUST_DOMAIN = "cluster.local";
    static final String SHARD_PROVIDER = "Kubernetes";
    static final String NETWORK_LABEL = "topology.istio.io/network";
    static final String CLUSTER_LABEL = "topology.istio.io/cluster";
    /** The Service label naming a gateway port other than 15443 (network.go). */
    static final String GATEWAY_PORT_LABEL = "networking.istio.io/gatewayPort";
    static final int DEFAULT_GATEWAY_PORT = 15443;
    /** The root certificate istiod publishes in every namespace it manages (PILOT_CA_CERT_CONFIGMAP). */
    static final String ROOT_CERT_CONFIGMAP = "istio-ca-root-cert";
    /** Set by the injection template from {@code global.multiCluster.clusterName}: what a sidecar says it is. */
    static final String PROXY_CLUSTER_ENV = "ISTIO_META_CLUSTER_ID";
    static final List<String> PATHS = List.of("debug/clusterz", "debug/registryz", "debug/endpointShardz",
            "debug/syncz", "debug/networkz");

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String primaryId;
    private final KubernetesClient primary;
    private final Function<String, Optional<KubernetesClient>> clusterAt;
    private final Duration syncTimeout;
    private final Clock clock;
    /** First sight of each (secret, data key), with the kubeconfig it held then. */
    private final Map<String, Seen> firstSeen = new HashMap<>();

    private record Seen(String fingerprint, Instant at) {
    }

    /** A cluster istiod has built from a remote secret, as {@code debug/clusterz} shows it. */
    private record Remote(String id, String secretName, String syncStatus, Optional<KubernetesClient> client) {
    }

    /** A cluster whose objects istiod holds: the primary and every synced remote. */
    private record Registry(String id, KubernetesClient client) {
    }

    /**
     * @param primaryId   the primary's cluster id (istiod's CLUSTER_ID), e.g. "primary"
     * @param primary     client of the primary's mock API server (istiod's own cluster, always synced)
     * @param clusterAt   which mock cluster a remote secret's server URL stands for (e.g.
     *                    "https://192.168.255.3:6443" -> remote's client); empty = nothing answers at that address
     * @param syncTimeout how long a cluster whose server does not answer is reported "syncing" before "timeout"
     *                    (istiod's PILOT_REMOTE_CLUSTER_TIMEOUT, 30 s by default; tests pass a short one); zero or
     *                    negative: never "timeout", as istiod arms no timer then
     */
    public IstiodStandIn(String primaryId, KubernetesClient primary,
                         Function<String, Optional<KubernetesClient>> clusterAt, Duration syncTimeout) {
        this(primaryId, primary, clusterAt, syncTimeout, Clock.systemUTC());
    }

    IstiodStandIn(String primaryId, KubernetesClient primary, Function<String, Optional<KubernetesClient>> clusterAt,
                  Duration syncTimeout, Clock clock) {
        this.primaryId = Objects.requireNonNull(primaryId, "primaryId");
        this.primary = Objects.requireNonNull(primary, "primary");
        this.clusterAt = Objects.requireNonNull(clusterAt, "clusterAt");
        this.syncTimeout = Objects.requireNonNull(syncTimeout, "syncTimeout");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * The debug endpoints of this istiod. {@code perRead} is not needed: every read is a few list calls on a mock.
     * Asked for another cluster's istiod, it refuses: it plays the primary's only. Each read needs a running pod of
     * {@code controlPlane}'s istiod in the primary, as exec into it would (labelled app=istiod in its namespace, of its
     * revision: istio/istio 1.30.3 istio-discovery templates/deployment.yaml), so a run that asks for a control plane
     * the world does not run gets what the real reader says.
     */
    @Override
    public IstiodDebug in(MeshCluster cluster, IstiodRevision controlPlane, Duration perRead) {
        if (!cluster.name().equals(primaryId)) {
            throw new IllegalArgumentException("this istiod stand-in plays the istiod of cluster '" + primaryId
                    + "', not of '" + cluster.name() + "'");
        }
        return path -> {
            boolean running = cluster.client().pods().inNamespace(controlPlane.namespace())
                    .withLabels(IstioPlan.ISTIOD_POD_LABEL.labels()).list().getItems().stream()
                    .anyMatch(p -> controlPlane.isIstiod(p.getMetadata().getLabels()) && p.getStatus() != null
                            && "Running".equals(p.getStatus().getPhase()));
            if (!running) {
                throw new IllegalStateException("no running istiod pod (labels " + controlPlane.podSelector()
                        + " in " + controlPlane.namespace() + ")");
            }
            return get(path);
        };
    }

    /** Whether istiod currently holds endpoints of {@code host} from {@code clusterId}'s shard. */
    public boolean hasEndpoints(String host, String clusterId) {
        return hasEndpoints(host, shard -> shard.equals(shardKey(clusterId)));
    }

    /**
     * Whether istiod holds endpoints of {@code host} from a shard of any cluster but {@code clusterId}: what a
     * productpage sidecar in that cluster needs to reach a service that runs only elsewhere (the page stand-in).
     */
    public boolean hasEndpointsOutside(String host, String clusterId) {
        return hasEndpoints(host, shard -> !shard.equals(shardKey(clusterId)));
    }

    private boolean hasEndpoints(String host, Predicate<String> shardKey) {
        if (runningProblem().isPresent()) {
            return false; // no istiod, no registry
        }
        Map<String, Map<String, List<Map<String, Object>>>> shards = shards(registries()).get(host);
        return shards != null && shards.values().stream().anyMatch(byShard -> byShard.entrySet().stream()
                .anyMatch(e -> shardKey.test(e.getKey()) && !e.getValue().isEmpty()));
    }

    String get(String requested) {
        String path = requested.startsWith("/") ? requested.substring(1) : requested;
        int query = path.indexOf('?');
        if (query >= 0) {
            path = path.substring(0, query);
        }
        if (!PATHS.contains(path)) {
            throw new IllegalArgumentException("the istiod stand-in does not answer '" + requested + "': it answers"
                    + " only " + PATHS);
        }
        runningProblem().ifPresent(problem -> {
            throw new IllegalStateException(problem);
        });
        Object body = switch (path) {
            case "debug/clusterz" -> clusterz();
            case "debug/registryz" -> registryz(registries());
            case "debug/endpointShardz" -> shardsJson(shards(registries()));
            case "debug/syncz" -> syncz();
            case "debug/networkz" -> networkz();
            default -> throw new IllegalStateException(path);
        };
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(body);
    }

    /**
     * What the exec reader (ExecIstiodDebug) would say when no istiod answers: the Deployment (label app=istiod, or
     * the name istiod) in istio-system has no ready replica.
     */
    Optional<String> runningProblem() {
        List<Deployment> deployments = primary.apps().deployments().inNamespace(IstioPlan.NAMESPACE).list().getItems()
                .stream().filter(d -> "istiod".equals(d.getMetadata().getName())
                        || IstioPlan.ISTIOD_POD_LABEL.matches(labels(d.getMetadata())))
                .toList();
        int ready = deployments.stream().mapToInt(d -> d.getStatus() == null || d.getStatus().getReadyReplicas() == null
                ? 0 : d.getStatus().getReadyReplicas()).sum();
        if (ready >= 1) {
            return Optional.empty();
        }
        return Optional.of("no running istiod pod (labels " + IstioPlan.ISTIOD_POD_LABEL + " in " + IstioPlan.NAMESPACE
                + "; istiod Deployments found: " + deployments.size() + ", ready replicas: " + ready
                + "): istiod must run in the primary; see kubectl -n " + IstioPlan.NAMESPACE
                + " get pods -l app=istiod and their events");
    }

    // ---- clusterz: the secret controller ------------------------------------------------------------------------

    private List<Map<String, Object>> clusterz() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Remote remote : remotes()) {
            out.add(debugInfo(remote.id(), remote.secretName(), remote.syncStatus()));
        }
        // The config cluster is always there and synced: istiod started from it (secretcontroller.go, Run).
        out.add(debugInfo(primaryId, "", "synced"));
        return out;
    }

    private static Map<String, Object> debugInfo(String id, String secretName, String syncStatus) {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("id", id);
        info.put("secretName", secretName);
        info.put("syncStatus", syncStatus);
        return info;
    }

    /** The clusters istiod has built from the remote secrets now in the primary. */
    private synchronized List<Remote> remotes() {
        List<Secret> secrets = new ArrayList<>(primary.secrets().inNamespace(RemoteSecret.NAMESPACE)
                .withLabel(RemoteSecret.MULTICLUSTER_LABEL, "true").list().getItems());
        Instant now = clock.instant();
        Set<String> present = new HashSet<>();
        record Entry(String secretName, String id, String kubeconfig, Instant firstSeen) {
        }
        List<Entry> entries = new ArrayList<>();
        for (Secret secret : secrets) {
            String secretName = RemoteSecret.NAMESPACE + "/" + secret.getMetadata().getName();
            for (Map.Entry<String, String> data : data(secret).entrySet()) {
                String seenKey = secretName + "#" + data.getKey();
                present.add(seenKey);
                String fingerprint = Objects.toString(secret.getMetadata().getUid(), "") + ":"
                        + sha256(data.getValue());
                Seen seen = firstSeen.get(seenKey);
                if (seen == null || !seen.fingerprint().equals(fingerprint)) {
                    // A new or changed kubeconfig: istiod builds the cluster anew, and its sync timer starts again.
                    seen = new Seen(fingerprint, now);
                    firstSeen.put(seenKey, seen);
                }
                entries.add(new Entry(secretName, data.getKey(), data.getValue(), seen.at()));
            }
        }
        firstSeen.keySet().retainAll(present); // a deleted secret's clusters are deleted with it
        // "if the cluster has been registered before by another secret, ignore the new one": the earlier one wins.
        entries.sort(Comparator.comparing(Entry::firstSeen).thenComparing(Entry::secretName));
        Map<String, Remote> byId = new TreeMap<>();
        for (Entry entry : entries) {
            if (entry.id().equals(primaryId) || byId.containsKey(entry.id())) {
                continue; // istiod never lets a secret overwrite its own cluster, nor a cluster another secret gave
            }
            Optional<String> server = server(entry.kubeconfig());
            if (server.isEmpty()) {
                continue; // istiod logs "create remote cluster failed" and does not add the cluster
            }
            Optional<KubernetesClient> client = clusterAt.apply(server.get());
            String status;
            if (client.isPresent()) {
                status = "synced";
            } else if (!syncTimeout.isZero() && !syncTimeout.isNegative()
                    && !now.isBefore(entry.firstSeen().plus(syncTimeout))) {
                status = "timeout";
            } else {
                status = "syncing";
            }
            byId.put(entry.id(), new Remote(entry.id(), entry.secretName(), status, client));
        }
        return List.copyOf(byId.values());
    }

    /**
     * The secret's data, decoded. A Secret written with {@code stringData} (as RemoteSecret.secret writes it) has
     * it merged into {@code data} by a real API server; the mock keeps it apart, so both are read.
     */
    private static Map<String, String> data(Secret secret) {
        Map<String, String> out = new TreeMap<>();
        if (secret.getData() != null) {
            secret.getData().forEach((key, value) -> {
                try {
                    out.put(key, new String(Base64.getDecoder().decode(value == null ? "" : value.strip()),
                            StandardCharsets.UTF_8));
                } catch (IllegalArgumentException e) {
                    out.put(key, ""); // not base64: an empty kubeconfig to istiod, which it refuses
                }
            });
        }
        if (secret.getStringData() != null) {
            secret.getStringData().forEach((key, value) -> out.put(key, value == null ? "" : value));
        }
        return out;
    }

    /**
     * The server istiod would connect to, or empty when istiod would refuse the kubeconfig: empty, not YAML, refused
     * by client-go's validation (every context names an existing cluster and user, a current-context is set, no
     * certificate-authority file...), or holding credentials sanitizeKubeConfig refuses with the allowlist in
     * istiod's env (istio/istio 1.30.3 pkg/kube/util.go NewUntrustedRestConfig; the rules are
     * {@link IstiodKubeconfig}'s, which the doctor shares).
     */
    private Optional<String> server(String kubeconfigText) {
        if (kubeconfigText.isBlank()) {
            return Optional.empty();
        }
        Kubeconfig kubeconfig;
        try {
            kubeconfig = Kubeconfig.parse(kubeconfigText);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (!IstiodKubeconfig.loads(kubeconfig, insecureOptions())) {
            return Optional.empty();
        }
        return IstiodKubeconfig.server(kubeconfig);
    }

    /** PILOT_INSECURE_MULTICLUSTER_KUBECONFIG_OPTIONS of the discovery container of the primary's istiod. */
    private Set<String> insecureOptions() {
        return primary.apps().deployments().inNamespace(IstioPlan.NAMESPACE).list().getItems().stream()
                .filter(d -> "istiod".equals(d.getMetadata().getName())
                        || IstioPlan.ISTIOD_POD_LABEL.matches(labels(d.getMetadata())))
                .filter(d -> d.getSpec() != null && d.getSpec().getTemplate() != null
                        && d.getSpec().getTemplate().getSpec() != null)
                .flatMap(d -> d.getSpec().getTemplate().getSpec().getContainers().stream())
                .filter(c -> "discovery".equals(c.getName()) && c.getEnv() != null)
                .flatMap(c -> c.getEnv().stream())
                .filter(e -> IstiodKubeconfig.INSECURE_OPTIONS_ENV.equals(e.getName()) && e.getValue() != null)
                .map(e -> IstiodKubeconfig.allowlist(e.getValue())).findFirst()
                .orElse(IstiodKubeconfig.allowlist(""));
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The primary, then every synced remote by id: the order istiod's aggregate registry holds them in. */
    private List<Registry> registries() {
        List<Registry> out = new ArrayList<>();
        out.add(new Registry(primaryId, primary));
        for (Remote remote : remotes()) {
            if (remote.syncStatus().equals("synced")) {
                out.add(new Registry(remote.id(), remote.client().orElseThrow()));
            }
        }
        return out;
    }

    // ---- registryz: the aggregate service registry ---------------------------------------------------------------

    private static List<Map<String, Object>> registryz(List<Registry> registries) {
        // One entry per hostname: the first registry's Service, with every cluster's VIPs merged in (as the
        // aggregate controller merges a Kubernetes service present in several clusters).
        Map<String, Map<String, Object>> byHost = new TreeMap<>();
        Map<String, Map<String, List<String>>> vips = new HashMap<>();
        for (Registry registry : registries) {
            for (Service service : registry.client().services().inAnyNamespace().list().getItems()) {
                String host = hostname(service);
                byHost.computeIfAbsent(host, h -> serviceEntry(service, h));
                List<String> ips = clusterIps(service);
                if (!ips.isEmpty()) {
                    vips.computeIfAbsent(host, h -> new LinkedHashMap<>()).put(registry.id(), ips);
                }
            }
        }
        List<Map<String, Object>> out = new ArrayList<>();
        byHost.forEach((host, entry) -> {
            Map<String, List<String>> addresses = vips.getOrDefault(host, Map.of());
            entry.put("clusterVIPs", Map.of("Addresses", addresses));
            // A headless service has no VIP; istiod shows the unspecified address then.
            entry.put("defaultAddress", addresses.values().stream().flatMap(List::stream).findFirst()
                    .orElse("0.0.0.0"));
            out.add(entry);
        });
        return out;
    }

    private static Map<String, Object> serviceEntry(Service service, String host) {
        ObjectMeta meta = service.getMetadata();
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("ServiceRegistry", SHARD_PROVIDER);
        attributes.put("Name", meta.getName());
        attributes.put("Namespace", meta.getNamespace());
        attributes.put("Labels", labels(meta));
        attributes.put("ExportTo", null);
        attributes.put("LabelSelectors", service.getSpec() == null || service.getSpec().getSelector() == null
                ? Map.of() : service.getSpec().getSelector());
        List<Map<String, Object>> ports = new ArrayList<>();
        for (ServicePort port : servicePorts(service)) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("name", Objects.toString(port.getName(), ""));
            p.put("port", port.getPort());
            p.put("protocol", protocol(port));
            ports.add(p);
        }
        boolean externalName = service.getSpec() != null && "ExternalName".equals(service.getSpec().getType());
        boolean headless = service.getSpec() != null && "None".equals(service.getSpec().getClusterIP());
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("Attributes", attributes);
        entry.put("ports", ports);
        entry.put("creationTime", meta.getCreationTimestamp());
        entry.put("hostname", host);
        // model.Resolution: ClientSideLB 0, DNSLB 1, Passthrough 2 (pilot/pkg/model/service.go).
        entry.put("Resolution", externalName ? 1 : headless ? 2 : 0);
        entry.put("MeshExternal", externalName);
        entry.put("ResourceVersion", meta.getResourceVersion());
        return entry;
    }

    /**
     * The port's protocol as istiod derives it from appProtocol or the name's prefix (istio/istio
     * pkg/config/kube/conversion.go, pkg/config/protocol/instance.go); anything else is left to detection.
     */
    static String protocol(ServicePort port) {
        String source = port.getAppProtocol() != null ? port.getAppProtocol() : Objects.toString(port.getName(), "");
        int dash = source.indexOf('-');
        String prefix = (dash < 0 ? source : source.substring(0, dash)).toLowerCase();
        return switch (prefix) {
            case "http" -> "HTTP";
            case "http2" -> "HTTP2";
            case "https" -> "HTTPS";
            case "grpc" -> "GRPC";
            case "tcp" -> "TCP";
            case "tls" -> "TLS";
            case "udp" -> "UDP";
            case "mongo" -> "Mongo";
            case "redis" -> "Redis";
            case "mysql" -> "MySQL";
            default -> "UnsupportedProtocol";
        };
    }

    // ---- endpointShardz: the EDS index ---------------------------------------------------------------------------

    /** hostname -> namespace -> shard -> endpoints, each registry that has the Service giving one shard. */
    private static Map<String, Map<String, Map<String, List<Map<String, Object>>>>> shards(List<Registry> registries) {
        Map<String, Map<String, Map<String, List<Map<String, Object>>>>> out = new TreeMap<>();
        for (Registry registry : registries) {
            String network = network(registry.client());
            for (Service service : registry.client().services().inAnyNamespace().list().getItems()) {
                String namespace = service.getMetadata().getNamespace();
                out.computeIfAbsent(hostname(service), h -> new TreeMap<>())
                        .computeIfAbsent(namespace, n -> new TreeMap<>())
                        .put(shardKey(registry.id()), endpoints(registry, network, service));
            }
        }
        return out;
    }

    /** For the JSON: each namespace's shards with the service accounts of their endpoints, as EndpointShards. */
    private static Object shardsJson(Map<String, Map<String, Map<String, List<Map<String, Object>>>>> shards) {
        Map<String, Object> out = new LinkedHashMap<>();
        shards.forEach((host, byNamespace) -> {
            Map<String, Object> namespaces = new LinkedHashMap<>();
            byNamespace.forEach((namespace, byShard) -> {
                Map<String, Object> accounts = new TreeMap<>();
                byShard.values().stream().flatMap(List::stream).map(e -> (String) e.get("ServiceAccount"))
                        .filter(sa -> !sa.isEmpty()).forEach(sa -> accounts.put(sa, Map.of()));
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("Shards", byShard);
                entry.put("ServiceAccounts", accounts);
                namespaces.put(namespace, entry);
            });
            out.put(host, namespaces);
        });
        return out;
    }

    private static List<Map<String, Object>> endpoints(Registry registry, String network, Service service) {
        String namespace = service.getMetadata().getNamespace();
        List<EndpointSlice> slices = registry.client().discovery().v1().endpointSlices().inNamespace(namespace)
                .withLabel(ControllersStandIn.SERVICE_NAME_LABEL, service.getMetadata().getName()).list().getItems();
        List<Map<String, Object>> out = new ArrayList<>();
        for (EndpointSlice slice : slices) {
            if (slice.getEndpoints() == null) {
                continue;
            }
            for (Endpoint endpoint : slice.getEndpoints()) {
                if (!ready(endpoint.getConditions()) || endpoint.getAddresses() == null) {
                    continue;
                }
                Optional<Pod> pod = targetPod(registry.client(), namespace, endpoint);
                for (String address : endpoint.getAddresses()) {
                    for (ServicePort port : servicePorts(service)) {
                        out.add(istioEndpoint(registry.id(), network, namespace, address, port,
                                endpointPort(slice, port), endpoint, pod, registry.client()));
                    }
                }
            }
        }
        return out;
    }

    private static Map<String, Object> istioEndpoint(String clusterId, String systemNetwork, String namespace,
                                                     String address, ServicePort port, int endpointPort,
                                                     Endpoint endpoint, Optional<Pod> pod, KubernetesClient client) {
        Map<String, String> labels = new TreeMap<>(pod.map(p -> labels(p.getMetadata())).orElse(Map.of()));
        String network = Optional.ofNullable(labels.get(NETWORK_LABEL)).filter(n -> !n.isEmpty()).orElse(systemNetwork);
        labels.put(CLUSTER_LABEL, clusterId);
        if (!network.isEmpty()) {
            labels.put(NETWORK_LABEL, network);
        }
        Map<String, Object> locality = new LinkedHashMap<>();
        locality.put("Label", locality(client, endpoint));
        locality.put("ClusterID", clusterId);
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("Labels", labels);
        e.put("Addresses", List.of(address));
        e.put("ServicePortName", Objects.toString(port.getName(), ""));
        e.put("ServiceAccount", pod.map(p -> "spiffe://" + TRUST_DOMAIN + "/ns/" + namespace + "/sa/"
                + serviceAccount(p)).orElse(""));
        e.put("Network", network);
        e.put("Locality", locality);
        e.put("EndpointPort", endpointPort);
        e.put("LbWeight", 0);
        e.put("TLSMode", pod.map(IstiodStandIn::hasProxy).orElse(false) ? "istio" : "disabled");
        e.put("Namespace", namespace);
        e.put("WorkloadName", pod.map(IstiodStandIn::workloadName).orElse(""));
        e.put("HealthStatus", 1); // model.Healthy: only ready endpoints are kept here
        e.put("NodeName", Objects.toString(endpoint.getNodeName(), ""));
        return e;
    }

    /** Kubernetes: a missing {@code ready} means ready; a terminating endpoint is not served. */
    private static boolean ready(EndpointConditions conditions) {
        if (conditions == null) {
            return true;
        }
        return !Boolean.FALSE.equals(conditions.getReady()) && !Boolean.TRUE.equals(conditions.getTerminating());
    }

    /** The slice's port of the same name as the service port; else the target port, else the port itself. */
    private static int endpointPort(EndpointSlice slice, ServicePort port) {
        if (slice.getPorts() != null) {
            for (EndpointPort p : slice.getPorts()) {
                if (Objects.equals(Objects.toString(p.getName(), ""), Objects.toString(port.getName(), ""))
                        && p.getPort() != null) {
                    return p.getPort();
                }
            }
        }
        if (port.getTargetPort() != null && port.getTargetPort().getIntVal() != null) {
            return port.getTargetPort().getIntVal();
        }
        return port.getPort();
    }

    private static Optional<Pod> targetPod(KubernetesClient client, String namespace, Endpoint endpoint) {
        if (endpoint.getTargetRef() == null || !"Pod".equals(endpoint.getTargetRef().getKind())
                || endpoint.getTargetRef().getName() == null) {
            return Optional.empty();
        }
        String podNamespace = Objects.requireNonNullElse(endpoint.getTargetRef().getNamespace(), namespace);
        return Optional.ofNullable(client.pods().inNamespace(podNamespace).withName(endpoint.getTargetRef().getName())
                .get());
    }

    /** region/zone of the endpoint's node, as istiod reads a pod's locality from its node's topology labels. */
    private static String locality(KubernetesClient client, Endpoint endpoint) {
        if (endpoint.getNodeName() == null) {
            return "";
        }
        Node node = client.nodes().withName(endpoint.getNodeName()).get();
        if (node == null) {
            return "";
        }
        Map<String, String> labels = labels(node.getMetadata());
        String region = labels.getOrDefault("topology.kubernetes.io/region", "");
        String zone = labels.getOrDefault("topology.kubernetes.io/zone", "");
        return zone.isEmpty() ? region : region + "/" + zone;
    }

    /** The cluster's network: its istio-system namespace's {@code topology.istio.io/network} label, or none. */
    static String network(KubernetesClient client) {
        Namespace system = client.namespaces().withName(IstioPlan.NAMESPACE).get();
        return system == null ? "" : labels(system.getMetadata()).getOrDefault(NETWORK_LABEL, "");
    }

    /** The Deployment of a ReplicaSet-owned pod (the ReplicaSet's name less its pod-template-hash), else the owner. */
    private static String workloadName(Pod pod) {
        ObjectMeta meta = pod.getMetadata();
        OwnerReference owner = meta.getOwnerReferences() == null ? null : meta.getOwnerReferences().stream()
                .filter(o -> Boolean.TRUE.equals(o.getController())).findFirst().orElse(null);
        if (owner == null) {
            return meta.getName();
        }
        String hash = labels(meta).get("pod-template-hash");
        if ("ReplicaSet".equals(owner.getKind()) && hash != null && owner.getName().endsWith("-" + hash)) {
            return owner.getName().substring(0, owner.getName().length() - hash.length() - 1);
        }
        return owner.getName();
    }

    private static String serviceAccount(Pod pod) {
        String sa = pod.getSpec() == null ? null : pod.getSpec().getServiceAccountName();
        return sa == null || sa.isBlank() ? "default" : sa;
    }

    // ---- EDS: what a sidecar is sent ---------------------------------------------------------------------------

    /** A network gateway istiod knows: the cluster and Service it found it in, its network, address and port. */
    record Gateway(String clusterId, String service, String network, String address, int port) {
    }

    /**
     * One endpoint of an Envoy cluster as istiod sends it: an address and port, its weight, and, for an endpoint
     * that stands for another network's pods, the gateway it is (empty for a pod's own address).
     */
    record LbEndpoint(String address, int port, int weight, String network, String clusterId,
                      Optional<Gateway> gateway) {
    }

    /** An outbound Envoy cluster ({@code outbound|<port>||<host>}) and its endpoints. */
    record OutboundCluster(String name, List<LbEndpoint> endpoints) {
    }

    /** The network gateways istiod knows now, from the primary and every synced remote. */
    List<Gateway> networkGateways() {
        return networkGateways(registries());
    }

    private static List<Gateway> networkGateways(List<Registry> registries) {
        List<Gateway> out = new ArrayList<>();
        for (Registry registry : registries) {
            for (Service service : registry.client().services().inAnyNamespace().withLabel(NETWORK_LABEL).list()
                    .getItems()) {
                String network = labels(service.getMetadata()).getOrDefault(NETWORK_LABEL, "");
                int port = gatewayPort(labels(service.getMetadata()).get(GATEWAY_PORT_LABEL));
                boolean listens = servicePorts(service).stream().anyMatch(p -> p.getPort() != null
                        && p.getPort() == port);
                if (network.isEmpty() || !listens) {
                    continue;
                }
                String name = service.getMetadata().getNamespace() + "/" + service.getMetadata().getName();
                gatewayAddresses(service).forEach(a -> out.add(new Gateway(registry.id(), name, network, a, port)));
            }
        }
        return out;
    }

    /** The label's port; 15443 when absent or not a number (network.go logs a warning then). */
    private static int gatewayPort(String label) {
        try {
            return label == null ? DEFAULT_GATEWAY_PORT : Integer.parseInt(label);
        } catch (NumberFormatException e) {
            return DEFAULT_GATEWAY_PORT;
        }
    }

    /** status.loadBalancer.ingress (IP, else hostname), then spec.externalIPs (pilot/pkg/serviceregistry/kube/conversion.go). */
    private static List<String> gatewayAddresses(Service service) {
        List<String> out = new ArrayList<>();
        // conversion.go reads a load balancer's addresses only for a Service of type LoadBalancer.
        if ("LoadBalancer".equals(service.getSpec() == null ? null : service.getSpec().getType())
                && service.getStatus() != null && service.getStatus().getLoadBalancer() != null
                && service.getStatus().getLoadBalancer().getIngress() != null) {
            service.getStatus().getLoadBalancer().getIngress().forEach(i -> {
                String a = i.getIp() != null && !i.getIp().isBlank() ? i.getIp() : i.getHostname();
                if (a != null && !a.isBlank()) {
                    out.add(a);
                }
            });
        }
        if (service.getSpec() != null && service.getSpec().getExternalIPs() != null) {
            out.addAll(service.getSpec().getExternalIPs());
        }
        return out;
    }

    /**
     * The outbound clusters istiod would send a sidecar on {@code proxyNetwork} (empty: none), one per service
     * host and port, with split horizon applied once any network gateway is known; none while istiod does not run.
     */
    List<OutboundCluster> eds(String proxyNetwork) {
        if (runningProblem().isPresent()) {
            return List.of();
        }
        List<Registry> registries = registries();
        List<Gateway> gateways = networkGateways(registries);
        boolean multiNetwork = !gateways.isEmpty(); // IsMultiNetworkEnabled
        Map<String, Map<Integer, String>> portNames = new TreeMap<>(); // host -> port -> port name
        for (Registry registry : registries) {
            for (Service service : registry.client().services().inAnyNamespace().list().getItems()) {
                Map<Integer, String> ports = portNames.computeIfAbsent(hostname(service), h -> new TreeMap<>());
                servicePorts(service).forEach(p -> ports.putIfAbsent(p.getPort(), Objects.toString(p.getName(), "")));
            }
        }
        Map<String, Map<String, Map<String, List<Map<String, Object>>>>> shards = shards(registries);
        List<OutboundCluster> out = new ArrayList<>();
        portNames.forEach((host, ports) -> ports.forEach((port, portName) -> {
            List<Map<String, Object>> endpoints = shards.getOrDefault(host, Map.of()).values().stream()
                    .flatMap(byShard -> byShard.values().stream()).flatMap(List::stream)
                    .filter(e -> portName.equals(e.get("ServicePortName"))).toList();
            out.add(new OutboundCluster("outbound|" + port + "||" + host,
                    splitHorizon(endpoints, proxyNetwork, multiNetwork ? gateways : null)));
        }));
        return out;
    }

    /**
     * EndpointsByNetworkFilter: {@code gateways} null when no gateway is known (nothing filtered). An endpoint on
     * the proxy's network, or with no network, keeps its address; otherwise it needs mTLS (a sidecar) and a gateway of
     * its network, whose endpoints each carry the weight of every endpoint they stand for.
     */
    static List<LbEndpoint> splitHorizon(List<Map<String, Object>> endpoints, String proxyNetwork,
                                         List<Gateway> gateways) {
        List<LbEndpoint> direct = new ArrayList<>();
        Map<Gateway, Integer> viaGateway = new LinkedHashMap<>();
        for (Map<String, Object> e : endpoints) {
            String network = Objects.toString(e.get("Network"), "");
            @SuppressWarnings("unchecked")
            String clusterId = Objects.toString(((Map<String, Object>) e.get("Locality")).get("ClusterID"), "");
            @SuppressWarnings("unchecked")
            String address = ((List<String>) e.get("Addresses")).get(0);
            int port = (Integer) e.get("EndpointPort");
            if (gateways == null || network.isEmpty() || proxyNetwork.isEmpty() || network.equals(proxyNetwork)) {
                direct.add(new LbEndpoint(address, port, 1, network, clusterId, Optional.empty()));
                continue;
            }
            if (!"istio".equals(e.get("TLSMode"))) {
                continue; // no sidecar to take the gateway's mTLS: dropped
            }
            List<Gateway> ofNetwork = gateways.stream().filter(g -> g.network().equals(network)).toList();
            // The endpoint's own cluster's gateways when it has any, else every gateway of its network.
            List<Gateway> chosen = ofNetwork.stream().anyMatch(g -> g.clusterId().equals(clusterId))
                    ? ofNetwork.stream().filter(g -> g.clusterId().equals(clusterId)).toList() : ofNetwork;
            chosen.forEach(g -> viaGateway.merge(g, 1, Integer::sum));
        }
        List<LbEndpoint> out = new ArrayList<>(direct);
        viaGateway.forEach((g, weight) -> out.add(new LbEndpoint(g.address(), g.port(), weight, g.network(),
                g.clusterId(), Optional.of(g))));
        return out;
    }

    // ---- syncz: the connected proxies ----------------------------------------------------------------------------

    /**
     * {@code debug/networkz}: the network gateways istiod knows, as pilot/pkg/xds/debug.go writes
     * {@code NetworkManager.AllGateways()} (pilot/pkg/model/network.go NetworkGateway, Go field names).
     */
    private Object networkz() {
        return networkGateways().stream().map(g -> {
            Map<String, Object> gateway = new LinkedHashMap<>();
            gateway.put("Network", g.network());
            gateway.put("Cluster", g.clusterId());
            gateway.put("Addr", g.address());
            gateway.put("Port", g.port());
            gateway.put("HBONEPort", 0);
            gateway.put("ServiceAccount", Map.of("Namespace", "", "Name", ""));
            return gateway;
        }).toList();
    }

    private Object syncz() {
        List<Map<String, Object>> out = new ArrayList<>();
        out.addAll(proxies(primary, primaryId));
        Set<KubernetesClient> done = new HashSet<>();
        done.add(primary);
        for (Remote remote : remotes()) {
            // A remote's sidecars reach this istiod through the east-west gateway when the remote names it as its
            // control plane; they connect whether or not istiod has a secret for the remote.
            if (remote.client().isPresent() && done.add(remote.client().get())
                    && namesPrimary(remote.client().get())) {
                out.addAll(proxies(remote.client().get(), remote.id()));
            }
        }
        // istiod marshals a nil slice when nothing is connected: "null".
        return out.isEmpty() ? null : out;
    }

    /**
     * istiod's namespace controller, for the one namespace the harness reads it in: while istiod runs, its root
     * certificate is the ConfigMap istio-ca-root-cert (key root-cert.pem) in istio-system of its own cluster and of
     * every synced remote whose istio-system names it as its control plane (istio/istio 1.30.3
     * pilot/pkg/serviceregistry/kube/controller/namespacecontroller.go; multicluster.go, checkShouldLead). The root is
     * {@link HealthyMesh#ROOT_PEM}, the one the existing-mode world's mesh has. Only where it is missing: the real
     * controller also rewrites a changed one, which the ROOT_CERTIFICATES_DIFFER fault (a remote keeping a root of its
     * own) must not see undone. The world calls it on every tick.
     */
    void publishRootCert() {
        if (runningProblem().isPresent()) {
            return;
        }
        publishRootCert(primary);
        for (Remote remote : remotes()) {
            if ("synced".equals(remote.syncStatus()) && remote.client().isPresent()
                    && namesPrimary(remote.client().get())) {
                publishRootCert(remote.client().get());
            }
        }
    }

    private static void publishRootCert(KubernetesClient client) {
        if (client.namespaces().withName(IstioPlan.NAMESPACE).get() != null && client.configMaps()
                .inNamespace(IstioPlan.NAMESPACE).withName(ROOT_CERT_CONFIGMAP).get() == null) {
            HealthyMesh.rootCert(client, HealthyMesh.ROOT_PEM);
        }
    }

    private boolean namesPrimary(KubernetesClient client) {
        Namespace system = client.namespaces().withName(IstioPlan.NAMESPACE).get();
        if (system == null || system.getMetadata().getAnnotations() == null) {
            return false;
        }
        String value = system.getMetadata().getAnnotations().getOrDefault(IstioPlan.CONTROL_PLANE_CLUSTERS, "");
        for (String name : value.split(",", -1)) {
            // As written, no trimming (pilot/pkg/serviceregistry/kube/controller/multicluster.go, checkShouldLead).
            if (name.equals(primaryId) || name.equals("*")) {
                return true;
            }
        }
        return false;
    }

    private static List<Map<String, Object>> proxies(KubernetesClient client, String fallbackClusterId) {
        List<Map<String, Object>> out = new ArrayList<>();
        List<Pod> pods = new ArrayList<>(client.pods().inAnyNamespace().list().getItems());
        pods.sort(Comparator.comparing((Pod p) -> p.getMetadata().getNamespace())
                .thenComparing(p -> p.getMetadata().getName()));
        for (Pod pod : pods) {
            Optional<Container> proxy = proxyContainer(pod);
            if (proxy.isEmpty() || !runningAndReady(pod)) {
                continue;
            }
            String id = pod.getMetadata().getName() + "." + pod.getMetadata().getNamespace();
            // The sidecar says which cluster it is in (ISTIO_META_CLUSTER_ID); without it, the id istiod knows
            // that cluster by.
            String clusterId = env(proxy.get(), PROXY_CLUSTER_ENV).orElse(fallbackClusterId);
            String version = imageTag(proxy.get().getImage());
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("cluster_id", clusterId);
            s.put("proxy", id);
            s.put("proxy_type", proxy.get().getArgs() != null && proxy.get().getArgs().contains("router")
                    ? "router" : "sidecar");
            if (!version.isEmpty()) {
                s.put("istio_version", version);
            }
            for (String type : List.of("cluster", "listener", "route", "endpoint")) {
                // Sent and acked alike: the proxy is up to date.
                String nonce = UUID.nameUUIDFromBytes((id + "/" + type + "/"
                        + pod.getMetadata().getResourceVersion()).getBytes(StandardCharsets.UTF_8)).toString();
                s.put(type + "_sent", nonce);
                s.put(type + "_acked", nonce);
            }
            out.add(s);
        }
        return out;
    }

    private static Optional<Container> proxyContainer(Pod pod) {
        if (pod.getSpec() == null || pod.getSpec().getContainers() == null) {
            return Optional.empty();
        }
        return pod.getSpec().getContainers().stream().filter(c -> ControllersStandIn.PROXY_CONTAINER.equals(c.getName())).findFirst();
    }

    private static boolean hasProxy(Pod pod) {
        return proxyContainer(pod).isPresent();
    }

    private static boolean runningAndReady(Pod pod) {
        if (pod.getStatus() == null || !"Running".equals(pod.getStatus().getPhase())
                || pod.getStatus().getConditions() == null) {
            return false;
        }
        for (PodCondition condition : pod.getStatus().getConditions()) {
            if ("Ready".equals(condition.getType()) && "True".equals(condition.getStatus())) {
                return true;
            }
        }
        return false;
    }

    private static Optional<String> env(Container container, String name) {
        if (container.getEnv() == null) {
            return Optional.empty();
        }
        return container.getEnv().stream().filter(e -> name.equals(e.getName())).map(EnvVar::getValue)
                .filter(v -> v != null && !v.isBlank()).findFirst();
    }

    /** {@code docker.io/istio/proxyv2:1.30.3} gives 1.30.3; an image without a tag gives nothing. */
    static String imageTag(String image) {
        if (image == null) {
            return "";
        }
        String name = image.contains("@") ? image.substring(0, image.indexOf('@')) : image;
        int colon = name.lastIndexOf(':');
        return colon < 0 || colon < name.lastIndexOf('/') ? "" : name.substring(colon + 1);
    }

    // ---- shared --------------------------------------------------------------------------------------------------

    static String shardKey(String clusterId) {
        return SHARD_PROVIDER + "/" + clusterId;
    }

    private static String hostname(Service service) {
        return service.getMetadata().getName() + "." + service.getMetadata().getNamespace() + "." + DOMAIN;
    }

    private static List<String> clusterIps(Service service) {
        if (service.getSpec() == null) {
            return List.of();
        }
        List<String> ips = new ArrayList<>();
        if (service.getSpec().getClusterIPs() != null) {
            ips.addAll(service.getSpec().getClusterIPs());
        }
        if (ips.isEmpty() && service.getSpec().getClusterIP() != null) {
            ips.add(service.getSpec().getClusterIP());
        }
        return ips.stream().filter(ip -> ip != null && !ip.isBlank() && !ip.equals("None")).toList();
    }

    private static List<ServicePort> servicePorts(Service service) {
        return service.getSpec() == null || service.getSpec().getPorts() == null ? List.of()
                : service.getSpec().getPorts();
    }

    private static Map<String, String> labels(ObjectMeta meta) {
        return meta == null || meta.getLabels() == null ? Map.of() : meta.getLabels();
    }
}
