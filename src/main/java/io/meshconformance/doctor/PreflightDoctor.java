package io.meshconformance.doctor;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.meshconformance.cluster.Kubeconfig;
import io.meshconformance.cluster.MeshCluster;
import io.meshconformance.cluster.Pods;
import io.meshconformance.config.LabelSelector;
import io.meshconformance.config.Keys;
import io.meshconformance.istio.AttachCheck;
import io.meshconformance.istio.IstioPlan;
import io.meshconformance.istio.IstiodDebug;
import io.meshconformance.istio.RemoteSecret;
import io.meshconformance.lifecycle.RunId;
import io.meshconformance.text.Causes;
import io.meshconformance.topology.ApiServerUrl;
import io.meshconformance.topology.Cidr;

/**
 * Looks at two clusters before any stage and says, check by check, whether they can form the mesh the topology
 * describes: each result names what was seen and, when something is wrong, the fix. It only reads; it creates and
 * changes nothing. Checks that depend on an earlier one (a cluster that does not answer, Istio that is absent) are
 * skipped with the reason rather than failing twice.
 */
public final class PreflightDoctor {

    /** The env var the istiod chart sets from global.multiCluster.clusterName (default "Kubernetes"). */
    static final String CLUSTER_ID_ENV = "CLUSTER_ID";
    static final String DEFAULT_CLUSTER_ID = "Kubernetes";
    /** The root certificate istiod publishes in every namespace (pilot/pkg/features PILOT_CA_CERT_CONFIGMAP). */
    public static final String ROOT_CERT_CONFIGMAP = "istio-ca-root-cert";
    /** Its data key (pkg/config/constants CACertNamespaceConfigMapDataName). */
    public static final String ROOT_CERT_KEY = "root-cert.pem";
    /** The namespace label of the network a cluster is on (istio.io multi-network pages). */
    public static final String NETWORK_LABEL = "topology.istio.io/network";

    /**
     * What the run will do itself, so the doctor does not demand it beforehand.
     *
     * @param istioByRun  the run installs Istio (k3s mode, or mesh.existing.install=true)
     * @param attachByRun the run creates the remote secret (k3s mode, or mesh.existing.attach=true)
     * @param appNamespace the namespace of the application whose calls to details need DNS in the primary
     * @param ingressSelector the labels of the ingress gateway pods the page verdict goes through
     */
    public record Expectations(boolean istioByRun, boolean attachByRun, String appNamespace,
                               LabelSelector ingressSelector) {

        /** With the labels of the ingress gateway the harness installs. */
        public Expectations(boolean istioByRun, boolean attachByRun, String appNamespace) {
            this(istioByRun, attachByRun, appNamespace, IstioPlan.INGRESS_GATEWAY_POD_LABEL);
        }
    }

    private final MeshCluster primary;
    private final List<MeshCluster> remotes;
    private final Supplier<IstiodDebug> istiod;
    private final Expectations expect;
    private final Optional<RunId> run;
    private final List<CheckResult> results = new ArrayList<>();
    private final Map<String, Boolean> reachable = new LinkedHashMap<>();

    /**
     * @param istiod    how to read istiod's debug endpoints in the primary (asked only when the checks need it)
     * @param run       the run whose objects (labelled with it) the doctor may find; empty for the doctor on its own
     */
    public PreflightDoctor(MeshCluster primary, List<MeshCluster> remotes, Supplier<IstiodDebug> istiod,
                           Expectations expect, Optional<RunId> run) {
        this.primary = primary;
        this.remotes = List.copyOf(remotes);
        this.istiod = istiod;
        this.expect = expect;
        this.run = run;
    }

    public DoctorReport run() {
        results.clear();
        for (MeshCluster cluster : all()) {
            api(cluster);
        }
        Map<String, ClusterRanges> ranges = new LinkedHashMap<>();
        for (MeshCluster cluster : all()) {
            if (reachable(cluster)) {
                guarded(Check.TOPOLOGY_RANGES, cluster.name(), () -> {
                    ClusterRanges seen = ClusterRanges.discover(cluster.client());
                    ranges.put(cluster.name(), seen);
                    return topologyRanges(cluster, seen);
                });
            } else {
                results.add(notReachable(Check.TOPOLOGY_RANGES, cluster));
            }
        }
        rangesDisjoint(ranges);
        boolean istiodReady = istioPrimary();
        for (MeshCluster remote : remotes) {
            istioRemote(remote);
        }
        for (MeshCluster cluster : all()) {
            networkLabel(cluster);
        }
        ingressGateway();
        for (MeshCluster remote : remotes) {
            boolean secretFound = remoteSecret(remote);
            clusterz(remote, istiodReady && secretFound);
        }
        rootCertificates();
        for (MeshCluster remote : remotes) {
            detailsDns(remote);
        }
        return new DoctorReport(results);
    }

    private List<MeshCluster> all() {
        List<MeshCluster> all = new ArrayList<>();
        all.add(primary);
        all.addAll(remotes);
        return all;
    }

    private boolean reachable(MeshCluster cluster) {
        return reachable.getOrDefault(cluster.name(), false);
    }

    private static CheckResult notReachable(Check check, MeshCluster cluster) {
        return CheckResult.skip(check, cluster.name(), "not checked: the API server of '" + cluster.name()
                + "' did not answer (see check 'api')");
    }

    /** Runs one check; an unexpected API error becomes that check's FAIL instead of stopping the doctor. */
    private void guarded(Check check, String scope, Supplier<CheckResult> body) {
        try {
            results.add(body.get());
        } catch (KubernetesClientException e) {
            results.add(CheckResult.fail(check, scope, "the API answered " + e.getCode() + ": " + Causes.describe(e),
                    e.getCode() == 403 ? "the credentials lack read access this check needs; use an identity that"
                            + " may read namespaces, nodes, services, secrets and configmaps"
                            : "a read the check needs failed on the API server: run the doctor again; if it fails"
                            + " the same way, check the server's health (kubectl get --raw /readyz)"));
        } catch (RuntimeException e) {
            results.add(CheckResult.fail(check, scope, "could not be checked: " + Causes.describe(e),
                    "the message names what could not be read or understood; fix that object or the access to it,"
                            + " then run the doctor again"));
        }
    }

    // ---- api: reachable with the given credentials ----

    private void api(MeshCluster cluster) {
        String server = cluster.client().getMasterUrl().toString();
        try {
            String version = Objects.requireNonNullElse(cluster.client().getKubernetesVersion().getGitVersion(),
                    "(version not reported)");
            // /version is often open to anyone; listing namespaces proves the credentials.
            cluster.client().namespaces().list(new io.fabric8.kubernetes.api.model.ListOptionsBuilder().withLimit(1L).build());
            reachable.put(cluster.name(), true);
            results.add(CheckResult.pass(Check.API, cluster.name(), "Kubernetes " + version + " at " + server
                    + "; the credentials may list namespaces"));
        } catch (KubernetesClientException e) {
            reachable.put(cluster.name(), false);
            String fix = switch (e.getCode()) {
                case 401 -> "the API server rejected the credentials (401): the token or certificate has expired or"
                        + " is wrong; refresh the kubeconfig (e.g. your cloud's get-credentials command)";
                case 403 -> "the credentials are accepted but may not list namespaces (403); the harness needs an"
                        + " identity that may read and create namespaced objects (cluster-admin or equivalent)";
                default -> "no usable answer from " + server + ": check that the cluster runs, that this machine"
                        + " reaches it (VPN, firewall, proxy), and the context chosen with " + contextKey(cluster);
            };
            results.add(CheckResult.fail(Check.API, cluster.name(), (e.getCode() > 0 ? "HTTP " + e.getCode() + ": " : "")
                    + Causes.describe(e), fix));
        } catch (RuntimeException e) {
            // Not an HTTP answer: the client could not even make the request (a credential plugin that failed,
            // unreadable certificate data, ...).
            reachable.put(cluster.name(), false);
            results.add(CheckResult.fail(Check.API, cluster.name(), Causes.describe(e), "the client could not use the"
                    + " kubeconfig's credentials for " + server + ": check them with kubectl --context of "
                    + contextKey(cluster) + " and fix what the message names"));
        }
    }

    private static String contextKey(MeshCluster cluster) {
        return cluster.spec().isPrimary() ? Keys.PRIMARY_CONTEXT : Keys.REMOTE_CONTEXT;
    }

    // ---- ranges: as the API reveals them, against the topology and each other ----

    private static CheckResult topologyRanges(MeshCluster cluster, ClusterRanges seen) {
        List<String> wrong = new ArrayList<>();
        Cidr podCidr = cluster.spec().podCidr();
        List<Cidr> outside = seen.podRanges().stream().filter(r -> !podCidr.contains(r)).toList();
        if (!outside.isEmpty()) {
            wrong.add("pods use " + outside.stream().map(Cidr::toString).collect(Collectors.joining(", "))
                    + ", outside the topology's podCidr " + podCidr);
        }
        Cidr serviceCidr = cluster.spec().serviceCidr();
        if (!seen.serviceRanges().isEmpty()) {
            if (seen.serviceRanges().stream().noneMatch(r -> r.equals(serviceCidr) || serviceCidr.contains(r))) {
                wrong.add("its ServiceCIDR is " + seen.serviceText() + ", not the topology's serviceCidr " + serviceCidr);
            }
        } else if (seen.apiServiceIp().isPresent() && !serviceCidr.contains(seen.apiServiceIp().get())) {
            wrong.add("default/kubernetes has " + Cidr.Ipv4.format(seen.apiServiceIp().get())
                    + ", outside the topology's serviceCidr " + serviceCidr);
        }
        String evidence = "pods: " + seen.podText() + " (" + seen.podSource() + "); services: " + seen.serviceText();
        if (wrong.isEmpty()) {
            if (seen.podRanges().isEmpty()) {
                return CheckResult.warn(Check.TOPOLOGY_RANGES, cluster.name(), evidence,
                        "no pod address was seen, so the topology's podCidr " + podCidr + " is unconfirmed; the"
                                + " registry verdict trusts it");
            }
            return CheckResult.pass(Check.TOPOLOGY_RANGES, cluster.name(), evidence + "; inside the topology's podCidr "
                    + podCidr + " and serviceCidr " + serviceCidr);
        }
        return CheckResult.fail(Check.TOPOLOGY_RANGES, cluster.name(), String.join("; ", wrong) + " [" + evidence + "]",
                "write the cluster's real ranges into the topology file (" + Keys.TOPOLOGY + "): the registry verdict"
                        + " judges endpoints by the remote's podCidr");
    }

    private void rangesDisjoint(Map<String, ClusterRanges> ranges) {
        if (ranges.size() < all().size()) {
            results.add(CheckResult.skip(Check.RANGES_DISJOINT, "mesh", "not checked: the ranges of every cluster are"
                    + " needed (see 'api' and 'topology-ranges')"));
            return;
        }
        List<String> overlaps = new ArrayList<>();
        List<String> names = new ArrayList<>(ranges.keySet());
        for (int i = 0; i < names.size(); i++) {
            for (int j = i + 1; j < names.size(); j++) {
                String a = names.get(i);
                String b = names.get(j);
                overlaps.addAll(overlaps(a, claimed(a, ranges.get(a)), b, claimed(b, ranges.get(b))));
            }
        }
        String evidence = ranges.entrySet().stream().map(e -> e.getKey() + " pods " + e.getValue().podText()
                + ", services " + serviceClaimText(e.getKey(), e.getValue())).collect(Collectors.joining("; "));
        if (overlaps.isEmpty()) {
            results.add(CheckResult.pass(Check.RANGES_DISJOINT, "mesh", evidence));
        } else {
            results.add(CheckResult.fail(Check.RANGES_DISJOINT, "mesh", String.join("; ", overlaps),
                    "every cluster's pod and service ranges must be unique (istio.io multicluster requirements;"
                            + " the tutorial's table): a cluster's ranges are fixed when it is created, so rebuild"
                            + " one with other ranges (k3s: --cluster-cidr, --service-cidr)"));
        }
    }

    /** The service range compared, and where it came from. */
    private String serviceClaimText(String name, ClusterRanges seen) {
        if (!seen.serviceRanges().isEmpty()) {
            return seen.serviceText();
        }
        MeshCluster cluster = all().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
        return cluster.spec().serviceCidr() + " (the topology's: this API reveals no ServiceCIDR, only "
                + seen.serviceText().replace("range unknown, ", "") + ")";
    }

    /** What a cluster occupies: its pod ranges, and its service ranges (or the topology's when the API hides them). */
    private Map<String, List<Cidr>> claimed(String name, ClusterRanges seen) {
        MeshCluster cluster = all().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
        Map<String, List<Cidr>> claimed = new LinkedHashMap<>();
        claimed.put("pod", seen.podRanges());
        claimed.put("service", seen.serviceRanges().isEmpty() ? List.of(cluster.spec().serviceCidr())
                : seen.serviceRanges());
        return claimed;
    }

    private static List<String> overlaps(String a, Map<String, List<Cidr>> rangesA, String b,
                                         Map<String, List<Cidr>> rangesB) {
        List<String> found = new ArrayList<>();
        for (var kindA : rangesA.entrySet()) {
            for (var kindB : rangesB.entrySet()) {
                for (Cidr x : kindA.getValue()) {
                    Optional<Cidr> y = kindB.getValue().stream().filter(x::overlaps).findFirst();
                    if (y.isPresent()) {
                        found.add(a + " " + kindA.getKey() + " range " + x + " overlaps " + b + " " + kindB.getKey()
                                + " range " + y.get());
                        break;
                    }
                }
            }
        }
        return found;
    }

    // ---- Istio present with the expected roles ----

    /** Returns whether a ready istiod runs in the primary (later checks read it). */
    private boolean istioPrimary() {
        Check check = Check.ISTIO_PRIMARY;
        if (!reachable(primary)) {
            results.add(notReachable(check, primary));
            return false;
        }
        boolean[] ready = {false};
        guarded(check, primary.name(), () -> {
            Namespace namespace = primary.client().namespaces().withName(IstioPlan.NAMESPACE).get();
            if (expect.istioByRun()) {
                return absentForInstall(check, primary, namespace);
            }
            if (namespace == null) {
                return CheckResult.fail(check, primary.name(), "no namespace " + IstioPlan.NAMESPACE,
                        "install the Istio control plane in the primary (istio.io primary-remote: charts base and"
                                + " istiod with global.multiCluster.clusterName=" + primary.name() + "), or set "
                                + Keys.EXISTING_INSTALL + "=true to let the run install it");
            }
            List<Deployment> istiods = istiods(primary);
            if (istiods.isEmpty()) {
                return CheckResult.fail(check, primary.name(), "no Deployment labelled " + IstioPlan.ISTIOD_POD_LABEL
                        + " in " + IstioPlan.NAMESPACE, "install istiod in the primary (chart"
                        + " istiod), or set " + Keys.EXISTING_INSTALL + "=true to let the run install it");
            }
            // With revisions there are several: the default one ("istiod") first, else one that is ready.
            Deployment istiod = istiods.stream().filter(d -> "istiod".equals(d.getMetadata().getName())).findFirst()
                    .orElseGet(() -> istiods.stream().filter(d -> readyReplicas(d) > 0).findFirst()
                            .orElse(istiods.get(0)));
            int readyReplicas = readyReplicas(istiod);
            String evidence = IstioPlan.NAMESPACE + "/" + istiod.getMetadata().getName() + " " + readyReplicas + "/"
                    + desired(istiod) + " ready, image " + image(istiod);
            if (readyReplicas < 1) {
                return CheckResult.fail(check, primary.name(), evidence, "istiod is not ready: kubectl -n "
                        + IstioPlan.NAMESPACE + " describe deployment " + istiod.getMetadata().getName()
                        + " and its pods' events");
            }
            // Unset, istiod calls its cluster "Kubernetes", as the chart's default does.
            String clusterId = env(istiod, CLUSTER_ID_ENV).orElse(DEFAULT_CLUSTER_ID);
            if (!clusterId.equals(primary.name())) {
                return CheckResult.fail(check, primary.name(), evidence + "; its " + CLUSTER_ID_ENV + " is '"
                        + clusterId + "'", "the topology names the primary '" + primary.name() + "' but istiod"
                        + " calls its cluster '" + clusterId + "' (global.multiCluster.clusterName): rename the"
                        + " cluster in the topology file, or reinstall istiod with that name");
            }
            ready[0] = true;
            return CheckResult.pass(check, primary.name(), evidence + ", " + CLUSTER_ID_ENV + "=" + clusterId);
        });
        return ready[0];
    }

    private void istioRemote(MeshCluster remote) {
        Check check = Check.ISTIO_REMOTE;
        if (!reachable(remote)) {
            results.add(notReachable(check, remote));
            return;
        }
        guarded(check, remote.name(), () -> {
            Namespace namespace = remote.client().namespaces().withName(IstioPlan.NAMESPACE).get();
            if (expect.istioByRun()) {
                return absentForInstall(check, remote, namespace);
            }
            if (namespace == null) {
                return CheckResult.fail(check, remote.name(), "no namespace " + IstioPlan.NAMESPACE,
                        "install the remote profile (istio.io primary-remote: annotate istio-system with "
                                + IstioPlan.CONTROL_PLANE_CLUSTERS + "=" + primary.name() + ", then charts base and"
                                + " istiod with profile=remote), or set " + Keys.EXISTING_INSTALL + "=true");
            }
            List<Deployment> ownIstiod = istiods(remote).stream().filter(d -> readyReplicas(d) > 0).toList();
            if (!ownIstiod.isEmpty()) {
                return CheckResult.fail(check, remote.name(), "a ready istiod runs in the remote ("
                        + IstioPlan.NAMESPACE + "/" + ownIstiod.get(0).getMetadata().getName() + ")",
                        "this cluster runs its own control plane (a primary, as in multi-primary), not the remote"
                                + " profile; reinstall it with profile=remote, or point the topology at the right"
                                + " cluster");
            }
            Map<String, String> annotations = Objects.requireNonNullElse(namespace.getMetadata().getAnnotations(),
                    Map.of());
            String controlPlane = annotations.get(IstioPlan.CONTROL_PLANE_CLUSTERS);
            if (controlPlane == null || java.util.Arrays.stream(controlPlane.split(",")).map(String::trim)
                    .noneMatch(primary.name()::equals)) {
                return CheckResult.fail(check, remote.name(), "namespace " + IstioPlan.NAMESPACE + " has "
                        + (controlPlane == null ? "no " + IstioPlan.CONTROL_PLANE_CLUSTERS + " annotation"
                        : IstioPlan.CONTROL_PLANE_CLUSTERS + "=" + controlPlane),
                        "without it the primary's istiod does not lead the remote (no root certificate, no webhook"
                                + " patching): kubectl --context <remote> annotate namespace " + IstioPlan.NAMESPACE
                                + " " + IstioPlan.CONTROL_PLANE_CLUSTERS + "=" + primary.name() + " --overwrite");
            }
            if (remote.client().services().inNamespace(IstioPlan.NAMESPACE).withName("istiod").get() == null) {
                return CheckResult.fail(check, remote.name(), "no Service " + IstioPlan.NAMESPACE + "/istiod",
                        "the remote profile renders a Service istiod that leads to the primary's istiod; install"
                                + " the istiod chart with profile=remote and global.remotePilotAddress");
            }
            return CheckResult.pass(check, remote.name(), "remote profile: no local istiod, Service "
                    + IstioPlan.NAMESPACE + "/istiod present, " + IstioPlan.CONTROL_PLANE_CLUSTERS + "="
                    + controlPlane);
        });
    }

    /** Before the run installs Istio, {@code istio-system} must be absent (or this run's own). */
    private CheckResult absentForInstall(Check check, MeshCluster cluster, Namespace namespace) {
        if (namespace == null || ours(namespace)) {
            return CheckResult.pass(check, cluster.name(), "no " + IstioPlan.NAMESPACE + " yet; this run installs"
                    + " Istio and removes it afterwards");
        }
        return CheckResult.fail(check, cluster.name(), "namespace " + IstioPlan.NAMESPACE + " exists and was not"
                + " created by this run", "the run installs Istio only into clusters without it, and never changes"
                + " an Istio it did not install: set " + Keys.EXISTING_INSTALL + "=false to verify the Istio this"
                + " cluster has");
    }

    private boolean ours(Namespace namespace) {
        return carriesRunLabels(namespace.getMetadata().getLabels());
    }

    /** Made by this run (a doctor on its own has no run, so nothing is its). */
    private boolean carriesRunLabels(Map<String, String> labels) {
        return run.map(r -> r.owns(labels)).orElse(false);
    }

    private static List<Deployment> istiods(MeshCluster cluster) {
        return cluster.client().apps().deployments().inNamespace(IstioPlan.NAMESPACE)
                .withLabels(IstioPlan.ISTIOD_POD_LABEL.labels()).list().getItems();
    }

    private static int readyReplicas(Deployment d) {
        return d.getStatus() == null || d.getStatus().getReadyReplicas() == null ? 0 : d.getStatus().getReadyReplicas();
    }

    private static int desired(Deployment d) {
        return d.getSpec() == null || d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
    }

    private static List<Container> containers(Deployment d) {
        if (d.getSpec() == null || d.getSpec().getTemplate() == null || d.getSpec().getTemplate().getSpec() == null) {
            return List.of();
        }
        return Objects.requireNonNullElse(d.getSpec().getTemplate().getSpec().getContainers(), List.of());
    }

    private static String image(Deployment d) {
        return containers(d).stream().map(Container::getImage).filter(Objects::nonNull).findFirst().orElse("?");
    }

    private static Optional<String> env(Deployment d, String name) {
        return containers(d).stream().flatMap(c -> Objects.requireNonNullElse(c.getEnv(), List.<EnvVar>of()).stream())
                .filter(e -> name.equals(e.getName()) && e.getValue() != null).map(EnvVar::getValue).findFirst();
    }

    // ---- network labels ----

    private void networkLabel(MeshCluster cluster) {
        Check check = Check.NETWORK_LABEL;
        if (!reachable(cluster)) {
            results.add(notReachable(check, cluster));
            return;
        }
        if (expect.istioByRun()) {
            results.add(CheckResult.skip(check, cluster.name(), "this run installs Istio with global.network="
                    + cluster.network()));
            return;
        }
        guarded(check, cluster.name(), () -> {
            Namespace namespace = cluster.client().namespaces().withName(IstioPlan.NAMESPACE).get();
            if (namespace == null) {
                return CheckResult.skip(check, cluster.name(), "not checked: no namespace " + IstioPlan.NAMESPACE);
            }
            String label = Objects.requireNonNullElse(namespace.getMetadata().getLabels(), Map.<String, String>of())
                    .get(NETWORK_LABEL);
            boolean oneNetwork = all().stream().map(MeshCluster::network).distinct().count() == 1;
            if (label == null) {
                return oneNetwork
                        ? CheckResult.pass(check, cluster.name(), IstioPlan.NAMESPACE + " has no " + NETWORK_LABEL
                        + " label; the topology puts every cluster on network '" + cluster.network() + "', so"
                        + " none is needed")
                        : CheckResult.fail(check, cluster.name(), IstioPlan.NAMESPACE + " has no " + NETWORK_LABEL
                        + " label, and the topology spans several networks", "kubectl --context <" + cluster.name()
                        + "> label namespace " + IstioPlan.NAMESPACE + " " + NETWORK_LABEL + "=" + cluster.network());
            }
            if (!label.equals(cluster.network())) {
                return CheckResult.fail(check, cluster.name(), IstioPlan.NAMESPACE + " is labelled " + NETWORK_LABEL
                        + "=" + label + ", the topology says network '" + cluster.network() + "'",
                        "make them agree: fix the topology's network for '" + cluster.name() + "', or relabel the"
                                + " namespace (and global.network) to '" + cluster.network() + "'");
            }
            return CheckResult.pass(check, cluster.name(), NETWORK_LABEL + "=" + label + " as the topology says");
        });
    }

    // ---- the ingress gateway the page verdict goes through ----

    private void ingressGateway() {
        Check check = Check.INGRESS_GATEWAY;
        if (!reachable(primary)) {
            results.add(notReachable(check, primary));
            return;
        }
        if (expect.istioByRun()) {
            results.add(CheckResult.skip(check, primary.name(), "this run installs " + IstioPlan.INGRESS_GATEWAY));
            return;
        }
        guarded(check, primary.name(), () -> {
            List<Pod> pods = primary.client().pods().inAnyNamespace().withLabels(expect.ingressSelector().labels()).list()
                    .getItems();
            List<String> ready = pods.stream().filter(Pods::runningAndReady)
                    .map(p -> p.getMetadata().getNamespace() + "/" + p.getMetadata().getName()).toList();
            String selector = expect.ingressSelector().toString();
            if (ready.isEmpty()) {
                return CheckResult.fail(check, primary.name(), pods.size() + " pods labelled " + selector + " (any"
                        + " namespace), none ready", "the page verdict fetches /productpage through an ingress"
                        + " gateway whose pods carry " + selector + " (the run's Gateway selects them): give your"
                        + " gateway's labels with " + Keys.INGRESS_SELECTOR + " (e.g. istio=ingress for Helm release"
                        + " istio-ingress), or install one");
            }
            return CheckResult.pass(check, primary.name(), ready.size() + " ready pod(s) labelled " + selector + ": "
                    + String.join(", ", ready.subList(0, Math.min(3, ready.size()))));
        });
    }

    // ---- the remote secret and istiod's view of it ----

    /** Returns whether a usable secret for {@code remote} was found (clusterz is worth reading then). */
    private boolean remoteSecret(MeshCluster remote) {
        Check check = Check.REMOTE_SECRET;
        if (!reachable(primary)) {
            results.add(CheckResult.skip(check, remote.name(), "not checked: the API server of '" + primary.name()
                    + "', which holds the secret, did not answer (see check 'api')"));
            return false;
        }
        boolean[] usable = {false};
        guarded(check, remote.name(), () -> {
            List<Secret> secrets = primary.client().secrets().inNamespace(RemoteSecret.NAMESPACE)
                    .withLabel(RemoteSecret.MULTICLUSTER_LABEL, "true").list().getItems();
            Optional<Secret> holder = secrets.stream().filter(s -> keys(s).contains(remote.name())).findFirst();
            if (expect.attachByRun()) {
                if (holder.isPresent() && !ours(holder.get())) {
                    return CheckResult.fail(check, remote.name(), "Secret " + RemoteSecret.NAMESPACE + "/"
                            + holder.get().getMetadata().getName() + " in '" + primary.name() + "' already attaches '"
                            + remote.name() + "'", "the remote is attached already: set " + Keys.EXISTING_ATTACH
                            + "=false to verify that attachment instead of creating a second one");
                }
                return CheckResult.skip(check, remote.name(), "this run creates the remote secret");
            }
            if (holder.isEmpty()) {
                String found = secrets.isEmpty() ? "no Secret labelled " + RemoteSecret.MULTICLUSTER_LABEL
                        + "=true in " + RemoteSecret.NAMESPACE + " of '" + primary.name() + "'"
                        : "Secrets labelled " + RemoteSecret.MULTICLUSTER_LABEL + "=true hold the keys "
                        + secrets.stream().map(s -> s.getMetadata().getName() + " " + keys(s))
                        .collect(Collectors.joining(", ")) + ", none '" + remote.name() + "'";
                return CheckResult.fail(check, remote.name(), found, secrets.isEmpty()
                        ? "attach the remote: istioctl create-remote-secret --context=<remote> --name=" + remote.name()
                        + " | kubectl apply --context=<primary> -f -  (or set " + Keys.EXISTING_ATTACH + "=true)"
                        : "the data key must equal the remote's cluster name (global.multiCluster.clusterName): use"
                        + " the name the mesh uses for the remote in the topology, or recreate the secret with"
                        + " --name=" + remote.name());
            }
            Secret secret = holder.get();
            String where = RemoteSecret.NAMESPACE + "/" + secret.getMetadata().getName() + " key '" + remote.name()
                    + "'";
            String kubeconfigText = data(secret, remote.name());
            Kubeconfig kubeconfig;
            try {
                kubeconfig = Kubeconfig.parse(kubeconfigText);
            } catch (RuntimeException e) {
                return CheckResult.fail(check, remote.name(), where + " does not hold a kubeconfig",
                        "recreate it with istioctl create-remote-secret --name=" + remote.name());
            }
            Optional<String> server = kubeconfig.firstServer();
            if (server.isEmpty()) {
                return CheckResult.fail(check, remote.name(), where + ": its kubeconfig has no server",
                        "recreate it with istioctl create-remote-secret --name=" + remote.name());
            }
            Optional<String> unusable = ApiServerUrl.problem(server.get());
            if (unusable.isPresent()) {
                return CheckResult.fail(check, remote.name(), where + ": server " + server.get(),
                        "the server " + unusable.get() + "; recreate the secret with it (istioctl"
                                + " create-remote-secret --server=...)");
            }
            Optional<String> rejected = RemoteSecret.rejectedCredentials(kubeconfig);
            if (rejected.isPresent()) {
                return CheckResult.fail(check, remote.name(), where + ": its user " + rejected.get(),
                        "istiod rejects kubeconfigs that run commands (exec), read files or use auth providers"
                                + " other than oidc: recreate it with istioctl create-remote-secret, which embeds a"
                                + " token");
            }
            usable[0] = true;
            return CheckResult.pass(check, remote.name(), where + " in '" + primary.name() + "', server "
                    + server.get() + ", credentials embedded (not shown)");
        });
        return usable[0];
    }

    private static List<String> keys(Secret secret) {
        List<String> keys = new ArrayList<>();
        if (secret.getData() != null) {
            keys.addAll(secret.getData().keySet());
        }
        if (secret.getStringData() != null) {
            secret.getStringData().keySet().stream().filter(k -> !keys.contains(k)).forEach(keys::add);
        }
        return keys;
    }

    private static String data(Secret secret, String key) {
        if (secret.getData() != null && secret.getData().get(key) != null) {
            return new String(Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
        }
        return secret.getStringData() == null ? "" : Objects.requireNonNullElse(secret.getStringData().get(key), "");
    }

    private boolean ours(Secret secret) {
        return carriesRunLabels(secret.getMetadata().getLabels());
    }

    private void clusterz(MeshCluster remote, boolean worthReading) {
        Check check = Check.ISTIOD_SYNC;
        if (expect.attachByRun()) {
            results.add(CheckResult.skip(check, remote.name(), "this run attaches the remote, then waits for it to be"
                    + " synced (stage 'Attach')"));
            return;
        }
        if (!worthReading) {
            results.add(CheckResult.skip(check, remote.name(), "not checked: needs a ready istiod and a usable remote"
                    + " secret (see 'istio-primary' and 'remote-secret')"));
            return;
        }
        guarded(check, remote.name(), () -> {
            Optional<AttachCheck.Problem> problem = AttachCheck.problem(istiod.get(), remote.name());
            if (problem.isEmpty()) {
                return CheckResult.pass(check, remote.name(), "istiod's debug/clusterz lists '" + remote.name()
                        + "' as synced");
            }
            return CheckResult.fail(check, remote.name(), "debug/clusterz: " + problem.get().seen(),
                    AttachCheck.causes(problem.get(), remote.name()));
        });
    }

    // ---- one root of trust ----

    private void rootCertificates() {
        Check check = Check.ROOT_CERT;
        if (expect.istioByRun()) {
            results.add(CheckResult.skip(check, "mesh", "this run installs Istio; the primary's istiod will issue"
                    + " every certificate"));
            return;
        }
        if (!all().stream().allMatch(this::reachable)) {
            results.add(CheckResult.skip(check, "mesh", "not checked: every cluster must answer (see 'api')"));
            return;
        }
        guarded(check, "mesh", () -> {
            Map<String, List<String>> fingerprints = new LinkedHashMap<>();
            List<String> missing = new ArrayList<>();
            for (MeshCluster cluster : all()) {
                ConfigMap map = cluster.client().configMaps().inNamespace(IstioPlan.NAMESPACE)
                        .withName(ROOT_CERT_CONFIGMAP).get();
                String pem = map == null || map.getData() == null ? null : map.getData().get(ROOT_CERT_KEY);
                if (pem == null || pem.isBlank()) {
                    missing.add(cluster.name());
                } else {
                    fingerprints.put(cluster.name(), fingerprints(pem));
                }
            }
            String evidence = fingerprints.entrySet().stream().map(e -> e.getKey() + " sha256 " + e.getValue()
                    .stream().map(PreflightDoctor::shortFingerprint).collect(Collectors.joining(" + ")))
                    .collect(Collectors.joining(", "));
            if (!missing.isEmpty()) {
                boolean primaryMissing = missing.contains(primary.name());
                if (!primaryMissing && expect.attachByRun()) {
                    return CheckResult.skip(check, "mesh", "no root certificate in " + missing + " yet: the primary's"
                            + " istiod publishes it there once the run has attached the remote" + (evidence.isEmpty()
                            ? "" : "; " + evidence));
                }
                return CheckResult.fail(check, "mesh", "no " + IstioPlan.NAMESPACE + "/" + ROOT_CERT_CONFIGMAP + " ("
                        + ROOT_CERT_KEY + ") in " + missing + (evidence.isEmpty() ? "" : "; " + evidence),
                        primaryMissing ? "istiod publishes it in every namespace it manages: check that istiod runs in"
                                + " the primary and read its log"
                                : "the primary's istiod publishes it in the remote only when it leads the remote:"
                                + " annotate the remote's " + IstioPlan.NAMESPACE + " with "
                                + IstioPlan.CONTROL_PLANE_CLUSTERS + "=" + primary.name() + " and make sure istiod"
                                + " has synced the remote (see 'istiod-sync')");
            }
            List<Set<String>> bundles = fingerprints.values().stream().map(l -> (Set<String>) new HashSet<>(l))
                    .toList();
            if (bundles.stream().allMatch(bundles.get(0)::equals)) {
                return CheckResult.pass(check, "mesh", "one root in every cluster: " + evidence);
            }
            if (bundles.get(0).stream().anyMatch(f -> bundles.stream().allMatch(b -> b.contains(f)))) {
                return CheckResult.warn(check, "mesh", "the clusters share a root, but their bundles differ: "
                        + evidence, "a root rotation may be under way; if not, make the bundles equal so that both"
                        + " clusters trust the same roots");
            }
            return CheckResult.fail(check, "mesh", "the root certificates differ: " + evidence,
                    "sidecars of the two clusters will not trust each other. In primary-remote only the"
                            + " primary's istiod issues certificates: remove a CA the remote runs itself, or give"
                            + " both clusters the same root (istio.io: plug in CA certificates)");
        });
    }

    private static final Pattern PEM_CERTIFICATE = Pattern.compile(
            "-----BEGIN CERTIFICATE-----(.*?)-----END CERTIFICATE-----", Pattern.DOTALL);

    /**
     * The SHA-256 of every certificate's DER bytes in a PEM bundle, as openssl shows a fingerprint; never the
     * certificates. A body that is not PEM is fingerprinted as it is.
     */
    static List<String> fingerprints(String pem) {
        List<String> all = new ArrayList<>();
        Matcher m = PEM_CERTIFICATE.matcher(pem);
        while (m.find()) {
            try {
                all.add(sha256(Base64.getMimeDecoder().decode(m.group(1).trim())));
            } catch (IllegalArgumentException e) {
                all.add(sha256(m.group(1).getBytes(StandardCharsets.UTF_8)));
            }
        }
        if (all.isEmpty()) {
            all.add(sha256(pem.getBytes(StandardCharsets.UTF_8)));
        }
        return all;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The first 8 bytes, enough to tell roots apart in a table. */
    static String shortFingerprint(String fingerprint) {
        return fingerprint.substring(0, 23) + ":...";
    }

    // ---- DNS for details in the calling cluster ----

    private void detailsDns(MeshCluster remote) {
        Check check = Check.DETAILS_DNS;
        String ns = expect.appNamespace();
        if (!reachable(primary) || !reachable(remote)) {
            results.add(notReachable(check, reachable(primary) ? remote : primary));
            return;
        }
        guarded(check, primary.name(), () -> {
            boolean inRemote = remote.client().services().inNamespace(ns).withName("details").get() != null;
            boolean inPrimary = primary.client().services().inNamespace(ns).withName("details").get() != null;
            if (!inRemote) {
                return CheckResult.skip(check, primary.name(), "no Service " + ns + "/details in '" + remote.name()
                        + "', so nothing calls it across clusters yet (the run deploys its own copy in a namespace"
                        + " of its own; set " + Keys.DOCTOR_NAMESPACE + " to check your application's)");
            }
            if (inPrimary) {
                return CheckResult.pass(check, primary.name(), "Service " + ns + "/details exists in '" + primary.name()
                        + "', so productpage's calls to details resolve; '" + remote.name() + "' serves it");
            }
            return CheckResult.fail(check, primary.name(), "Service " + ns + "/details exists in '" + remote.name()
                    + "' but not in '" + primary.name() + "'", "productpage resolves details by DNS in its own"
                    + " cluster: create the Service details (port 9080, name http, selector app=details) without a"
                    + " Deployment in namespace " + ns + " of '" + primary.name() + "', as bookinfo/primary.yaml does");
        });
    }
}
