package io.meshconformance.rehearsal;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirementBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfigurationBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.RuleWithOperations;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.RuleWithOperationsBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfigurationBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.meshconformance.cluster.MeshCluster;
import io.meshconformance.istio.ChartInstaller;
import io.meshconformance.istio.HelmInstaller;
import io.meshconformance.istio.HelmRelease;
import io.meshconformance.istio.IstioPlan;
import io.meshconformance.lifecycle.CleanupStack;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stand-in for Helm installing Istio's charts (istio/istio manifests/charts at 1.30.3, rendered with the harness's
 * values): it plays {@code helm install --create-namespace --wait} of the base, istiod and gateway charts, the part
 * {@link HelmInstaller} gives to Helm, against the rehearsal's mock API servers. For each release it creates the
 * objects the real chart renders for the values {@link IstioPlan} gives (names, labels, selectors, ports and Service
 * types as rendered), but only of the kinds the harness, its doctor, its evidence and the page client read, and that
 * the rehearsal's controller stand-ins act on: ServiceAccounts (the base chart's istio-reader-service-account, which
 * the remote attach waits for), the ConfigMaps istio and istio-sidecar-injector, Services (istiod; the gateways, the
 * east-west one a LoadBalancer with 15443/15012/15017; the remote's selector-less istiod), Deployments (istiod's
 * container "discovery" with its env such as CLUSTER_ID; the gateways), the remote's EndpointSlice to the
 * remotePilotAddress, and the webhook configurations by their rendered names. Left out: CRDs (the mocks already
 * serve Istio's Gateway and VirtualService kinds, see MockClusters), RBAC (ClusterRoles, Roles and their bindings:
 * a mock API server authorizes nothing), HorizontalPodAutoscalers, the istiod chart's "values" ConfigMap (a debugging
 * copy of the merged values), and everything a chart renders only for values the harness does not set. Objects carry
 * what Helm adds on install (label app.kubernetes.io/managed-by=Helm, annotations meta.helm.sh/release-name and
 * release-namespace); chart-version labels and the istiod image use this stand-in's version, as the released charts
 * do. Helm's release record is kept as Helm's secret storage keeps it, a Secret {@code sh.helm.release.v1.<name>.v1}
 * of type helm.sh/release.v1, but its payload is a placeholder. Values the stand-in does not model are refused, so a
 * change to {@link IstioPlan} cannot pass the rehearsal by being silently ignored. Pods are not its business: the
 * rehearsal's controller stand-ins make Deployments ready, and the install waits for that and for every LoadBalancer
 * Service of the release to have an address, as --wait does (helm/helm v3.21.0, the Helm helm-java 0.0.21 embeds,
 * pkg/kube/ready.go: a LoadBalancer Service with no status.loadBalancer.ingress is not ready unless it has external
 * IPs; its cluster-IP check is left out, as the mock gives Services none). The east-west gateways were rendered with
 * {@code name=istio-eastwestgateway} and {@code networkGateway=network1}, and again with {@code network2} as the
 * remote's (istio/istio manifests/charts/gateway at 1.30.3): the same objects, the network in the Service's and the
 * pods' labels and in {@code ISTIO_META_REQUESTED_NETWORK_VIEW}.
 */
public final class HelmStandIn implements ChartInstaller {

    private static final Logger LOG = LoggerFactory.getLogger(HelmStandIn.class);

    /** Type of Helm's release records (Helm's default storage driver, "secret"). */
    public static final String RELEASE_TYPE = "helm.sh/release.v1";
    /** What Helm answers when a release of that name is recorded already in the namespace (no --replace). */
    public static final String REUSE_MESSAGE = "cannot re-use a name that is still in use";
    /** What Helm answers when --wait runs out of time. */
    public static final String DEADLINE_MESSAGE = "context deadline exceeded";
    static final Duration POLL = Duration.ofMillis(100);

    /** The values each chart's stand-in models: the ones {@link IstioPlan} sets. */
    private static final Map<String, Set<String>> MODELLED = Map.of(
            "base", Set.of("profile"),
            "istiod", Set.of("profile", "global.meshID", "global.externalIstiod", "global.multiCluster.clusterName",
                    "global.network", "istiodRemote.injectionPath", "global.configCluster",
                    "global.remotePilotAddress"),
            "gateway", Set.of("name", "networkGateway", "service.type"));
    private static final String REVISION = "default";
    /** global.istioNamespace's default, where the webhooks and the mesh config look for istiod. */
    private static final String ISTIO_NAMESPACE = IstioPlan.NAMESPACE;

    private final String version;
    private final List<String> installed = new ArrayList<>();

    /** @param version the Istio chart version it plays, e.g. "1.30.3", reported in {@link Installed} */
    public HelmStandIn(String version) {
        this.version = version;
    }

    @Override
    public Installed install(HelmRelease release, MeshCluster cluster, Duration timeout, CleanupStack cleanup) {
        long begin = System.nanoTime();
        List<HasMetadata> objects = render(release);
        KubernetesClient client = cluster.client();
        List<HasMetadata> created = Collections.synchronizedList(new ArrayList<>());
        cleanup.push("helm uninstall " + release.name() + " in " + release.cluster() + "/" + release.namespace(),
                () -> uninstall(client, created));
        LOG.info("Cluster '{}': installing {} (chart {} {}, stand-in) in {}", cluster.name(), release.name(),
                release.chart(), version, release.namespace());
        try {
            put(client, release, objects, "pending-install", created);
            awaitReady(client, release, objects, timeout);
            setStatus(client, release, "deployed");
        } catch (RuntimeException e) {
            throw HelmInstaller.failure(release, version, e);
        }
        synchronized (installed) {
            installed.add(cluster.name() + "/" + release.namespace() + "/" + release.name());
        }
        return new Installed(release, version, "deployed", Duration.ofNanos(System.nanoTime() - begin));
    }

    /** Puts a release's objects in place without a run (for pre-existing meshes in existing mode); no undo. */
    public void preinstall(HelmRelease release, MeshCluster cluster) {
        List<HasMetadata> objects = render(release);
        try {
            put(cluster.client(), release, objects, "deployed", new ArrayList<>());
        } catch (RuntimeException e) {
            throw HelmInstaller.failure(release, version, e);
        }
    }

    /**
     * {@code helm uninstall <release> -n <namespace>} outside any run (a person between runs): deletes what the release
     * made, found by the annotations Helm put on every object it installed (the stand-in renders no other kinds than
     * these), then its release record; the namespace stays, as Helm leaves it. Pods go with their Deployment through
     * the controllers' garbage collection.
     *
     * @throws IllegalStateException with Helm's message when no such release is recorded there
     */
    public void uninstallRelease(MeshCluster cluster, String release, String namespace) {
        KubernetesClient client = cluster.client();
        List<Secret> records = client.secrets().inNamespace(namespace)
                .withLabels(Map.of("owner", "helm", "name", release)).list().getItems();
        if (records.isEmpty()) {
            throw new IllegalStateException("uninstall: Release not loaded: " + release + ": release: not found");
        }
        List<HasMetadata> objects = new ArrayList<>();
        objects.addAll(client.apps().deployments().inNamespace(namespace).list().getItems());
        objects.addAll(client.services().inNamespace(namespace).list().getItems());
        objects.addAll(client.discovery().v1().endpointSlices().inNamespace(namespace).list().getItems());
        objects.addAll(client.configMaps().inNamespace(namespace).list().getItems());
        objects.addAll(client.serviceAccounts().inNamespace(namespace).list().getItems());
        objects.addAll(client.admissionRegistration().v1().mutatingWebhookConfigurations().list().getItems());
        objects.addAll(client.admissionRegistration().v1().validatingWebhookConfigurations().list().getItems());
        for (HasMetadata object : objects) {
            Map<String, String> annotations = object.getMetadata().getAnnotations();
            if (annotations != null && release.equals(annotations.get("meta.helm.sh/release-name"))
                    && namespace.equals(annotations.get("meta.helm.sh/release-namespace"))) {
                client.resource(object).delete();
            }
        }
        records.forEach(r -> client.resource(r).delete());
        LOG.info("Cluster '{}': uninstalled {} from {} (stand-in)", cluster.name(), release, namespace);
    }

    /**
     * Which releases were installed where, in order ("<cluster>/<namespace>/<name>"): those {@link #install}
     * deployed, not those put in place by {@link #preinstall}, which no run installed.
     */
    public List<String> installed() {
        synchronized (installed) {
            return List.copyOf(installed);
        }
    }

    /** Helm's release record name for revision 1. */
    public static String recordName(String release) {
        return "sh.helm.release.v1." + release + ".v1";
    }

    /**
     * Helm's order: refuse a name in use and objects that exist already, create the namespace if missing, record
     * the release, then create its objects; each goes into {@code created} once it exists.
     */
    private void put(KubernetesClient client, HelmRelease release, List<HasMetadata> objects, String status,
                     List<HasMetadata> created) {
        String namespace = release.namespace();
        if (!client.secrets().inNamespace(namespace).withLabels(Map.of("owner", "helm", "name", release.name()))
                .list().getItems().isEmpty()) {
            throw new IllegalStateException(REUSE_MESSAGE);
        }
        for (HasMetadata object : objects) {
            if (client.resource(object).get() != null) {
                throw new IllegalStateException("rendered manifests contain a resource that already exists. Unable"
                        + " to continue with install: " + object.getKind() + " \"" + object.getMetadata().getName()
                        + "\" in namespace \"" + (object.getMetadata().getNamespace() == null ? ""
                        : object.getMetadata().getNamespace()) + "\" exists and cannot be imported into the current"
                        + " release: invalid ownership metadata");
            }
        }
        // --create-namespace: the namespace is not part of the release, so uninstalling leaves it, as Helm does.
        if (client.namespaces().withName(namespace).get() == null) {
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata()
                    .build()).create();
        }
        Secret record = record(release, status);
        client.resource(record).create();
        created.add(record);
        for (HasMetadata object : objects) {
            client.resource(object).create();
            created.add(object);
        }
    }

    /** Deletes what the release created, newest first; what is gone already is no error. */
    private static void uninstall(KubernetesClient client, List<HasMetadata> created) {
        List<HasMetadata> objects;
        synchronized (created) {
            objects = new ArrayList<>(created);
        }
        Collections.reverse(objects);
        for (HasMetadata object : objects) {
            client.resource(object).delete(); // an empty answer when not found, no exception
        }
    }

    /**
     * As --wait: every Deployment of the release has its desired pods ready and every LoadBalancer Service an
     * address, or the deadline passes.
     */
    private void awaitReady(KubernetesClient client, HelmRelease release, List<HasMetadata> objects,
                            Duration timeout) {
        List<String> names = objects.stream().filter(Deployment.class::isInstance)
                .map(o -> o.getMetadata().getName()).toList();
        List<String> balanced = objects.stream().filter(Service.class::isInstance).map(Service.class::cast)
                .filter(svc -> "LoadBalancer".equals(svc.getSpec().getType())).map(o -> o.getMetadata().getName())
                .toList();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<String> waiting = new ArrayList<>(names.stream().filter(name -> !ready(client.apps().deployments()
                    .inNamespace(release.namespace()).withName(name).get())).map(n -> "Deployment " + n).toList());
            balanced.stream().filter(name -> !addressed(client.services().inNamespace(release.namespace())
                    .withName(name).get())).forEach(n -> waiting.add("Service " + n + " (no load balancer ingress)"));
            if (waiting.isEmpty()) {
                return;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                LOG.warn("Cluster '{}': {}: not ready in {}: {}", release.cluster(), release.name(), timeout,
                        waiting);
                setStatus(client, release, "failed");
                throw new IllegalStateException(DEADLINE_MESSAGE);
            }
            try {
                TimeUnit.NANOSECONDS.sleep(Math.min(POLL.toNanos(), left));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the release to be ready", e);
            }
        }
    }

    /** A LoadBalancer Service Helm's wait takes as ready: an ingress in its status, or external IPs. */
    static boolean addressed(Service s) {
        if (s == null) {
            return false;
        }
        boolean external = s.getSpec().getExternalIPs() != null && !s.getSpec().getExternalIPs().isEmpty();
        return external || (s.getStatus() != null && s.getStatus().getLoadBalancer() != null
                && s.getStatus().getLoadBalancer().getIngress() != null
                && !s.getStatus().getLoadBalancer().getIngress().isEmpty());
    }

    /** Ready pods at least the desired number (spec.replicas, 1 when unset as the charts leave it). */
    static boolean ready(Deployment d) {
        if (d == null) {
            return false;
        }
        int desired = d.getSpec() == null || d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
        int ready = d.getStatus() == null || d.getStatus().getReadyReplicas() == null ? 0
                : d.getStatus().getReadyReplicas();
        return ready >= desired;
    }

    private static void setStatus(KubernetesClient client, HelmRelease release, String status) {
        var record = client.secrets().inNamespace(release.namespace()).withName(recordName(release.name()));
        if (record.get() != null) {
            record.edit(s -> new SecretBuilder(s).editMetadata().addToLabels("status", status).endMetadata().build());
        }
    }

    /** Helm's release record for revision 1, with a placeholder where Helm keeps the encoded release. */
    private static Secret record(HelmRelease release, String status) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("name", release.name());
        labels.put("owner", "helm");
        labels.put("status", status);
        labels.put("version", "1");
        String placeholder = "placeholder, not a Helm release payload: the rehearsal's Helm stand-in installed "
                + release.name() + " (chart " + release.chart() + ")";
        return new SecretBuilder().withNewMetadata().withName(recordName(release.name()))
                .withNamespace(release.namespace()).withLabels(labels).endMetadata()
                .withType(RELEASE_TYPE)
                .withData(Map.of("release", Base64.getEncoder().encodeToString(
                        placeholder.getBytes(StandardCharsets.UTF_8))))
                .build();
    }

    /** The objects the chart renders for the release's values, in Helm's install order (by kind). */
    List<HasMetadata> render(HelmRelease release) {
        Set<String> modelled = MODELLED.get(release.chart());
        if (modelled == null) {
            throw new IllegalArgumentException("HelmStandIn plays the charts " + new TreeSet<>(MODELLED.keySet())
                    + ", not '" + release.chart() + "'");
        }
        Set<String> unknown = new TreeSet<>(release.values().keySet());
        unknown.removeAll(modelled);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("HelmStandIn does not model the values " + unknown + " of chart "
                    + release.chart() + " (" + release + "): render the chart with them and add what changes");
        }
        String profile = release.values().get("profile");
        if (profile != null && !profile.equals("remote")) {
            throw new IllegalArgumentException("HelmStandIn does not model profile=" + profile + " (" + release + ")");
        }
        return switch (release.chart()) {
            case "base" -> base(release);
            case "istiod" -> "remote".equals(profile) ? remoteIstiod(release) : istiod(release);
            default -> gateway(release);
        };
    }

    // --- base: istio/istio manifests/charts/base/templates at 1.30.3 (the same objects with profile=remote) ---

    private List<HasMetadata> base(HelmRelease r) {
        List<HasMetadata> objects = new ArrayList<>();
        // reader-serviceaccount.yaml: the identity the remote secret's token belongs to.
        objects.add(new ServiceAccountBuilder().withMetadata(meta(r, "istio-reader-service-account", true,
                        labels(r, "istio-reader", "app", "istio-reader", "release", r.name())))
                .build());
        // defaultrevision-validatingwebhookconfiguration.yaml
        objects.add(new ValidatingWebhookConfigurationBuilder().withMetadata(meta(r, "istiod-default-validator", false,
                        labels(r, "istiod", "app", "istiod", "release", r.name(), "istio", "istiod",
                                "istio.io/rev", REVISION)))
                .withWebhooks(new ValidatingWebhookBuilder().withName("validation.istio.io")
                        .withNewClientConfig().withNewService().withName("istiod").withNamespace(ISTIO_NAMESPACE)
                        .withPath("/validate").endService().endClientConfig()
                        .withRules(validationRule()).withFailurePolicy("Ignore").withSideEffects("None")
                        .withAdmissionReviewVersions("v1").build())
                .build());
        return objects;
    }

    // --- istiod: istio/istio manifests/charts/istio-control/istio-discovery/templates at 1.30.3 ---

    /** The primary's istiod: the control plane itself, serving its own cluster and (externalIstiod) remotes. */
    private List<HasMetadata> istiod(HelmRelease r) {
        Map<String, String> values = r.values();
        Map<String, String> pilot = labels(r, "istiod", "app", "istiod", "istio.io/rev", REVISION,
                "install.operator.istio.io/owning-resource", "unknown", "operator.istio.io/component", "Pilot",
                "istio", "pilot", "release", r.name());
        Map<String, String> configLabels = labels(r, "istiod", "istio.io/rev", REVISION,
                "install.operator.istio.io/owning-resource", "unknown", "operator.istio.io/component", "Pilot",
                "release", r.name());
        List<HasMetadata> objects = new ArrayList<>();
        objects.add(istiodServiceAccount(r)); // serviceaccount.yaml
        // configmap.yaml: the mesh config istiod reads (meshNetworks stays empty: one network, no gateways listed)
        StringBuilder mesh = new StringBuilder("defaultConfig:\n  discoveryAddress: istiod." + ISTIO_NAMESPACE
                + ".svc:15012\n");
        if (values.containsKey("global.meshID")) {
            mesh.append("  meshId: ").append(values.get("global.meshID")).append('\n');
        }
        mesh.append("defaultProviders:\n  metrics:\n  - prometheus\nenablePrometheusMerge: true\nrootNamespace: ")
                .append(ISTIO_NAMESPACE).append("\ntrustDomain: cluster.local");
        objects.add(new ConfigMapBuilder().withMetadata(meta(r, "istio", true, configLabels))
                .addToData("mesh", mesh.toString()).addToData("meshNetworks", "networks: {}").build());
        // istiod-injector-configmap.yaml: its keys; the injection templates themselves are not reproduced.
        objects.add(new ConfigMapBuilder().withMetadata(meta(r, "istio-sidecar-injector", true, configLabels))
                .addToData("config", "# stand-in: the chart's injection templates are not reproduced\n"
                        + "defaultTemplates: [sidecar]\npolicy: enabled\nalwaysInjectSelector: []\n"
                        + "neverInjectSelector: []\ninjectedAnnotations: {}\ntemplates: {}")
                .addToData("values", "{}").build());
        // service.yaml
        objects.add(new ServiceBuilder().withMetadata(meta(r, "istiod", true, pilot)).withNewSpec()
                .withType("ClusterIP") // unset in the chart; ClusterIP is the API server's default, the mock has none
                .withSelector(ordered("app", "istiod", "istio", "pilot"))
                .withPorts(port("grpc-xds", 15010, null), port("https-dns", 15012, null),
                        port("https-webhook", 443, 15017), port("http-monitoring", 15014, null))
                .endSpec().build());
        // deployment.yaml: replicas unset (the HPA's), selector istio=pilot, container "discovery"
        Map<String, String> podLabels = labels(r, "istiod", "app", "istiod", "istio.io/rev", REVISION,
                "install.operator.istio.io/owning-resource", "unknown", "sidecar.istio.io/inject", "false",
                "operator.istio.io/component", "Pilot", "istio", "pilot", "istio.io/dataplane-mode", "none");
        List<EnvVar> env = new ArrayList<>();
        env.add(env("REVISION", REVISION));
        env.add(env("PILOT_CERT_PROVIDER", "istiod"));
        env.add(fieldEnv("POD_NAME", "metadata.name"));
        env.add(fieldEnv("POD_NAMESPACE", "metadata.namespace"));
        env.add(fieldEnv("SERVICE_ACCOUNT", "spec.serviceAccountName"));
        env.add(env("KUBECONFIG", "/var/run/secrets/remote/config"));
        env.add(env("CA_TRUSTED_NODE_ACCOUNTS", ISTIO_NAMESPACE + "/ztunnel"));
        env.add(env("PILOT_TRACE_SAMPLING", "1"));
        env.add(env("EXTERNAL_ISTIOD", values.getOrDefault("global.externalIstiod", "false")));
        env.add(env("PILOT_ENABLE_ANALYSIS", "false"));
        env.add(env("CLUSTER_ID", values.getOrDefault("global.multiCluster.clusterName", "Kubernetes")));
        env.add(new EnvVarBuilder().withName("GOMAXPROCS").withNewValueFrom().withNewResourceFieldRef()
                .withResource("limits.cpu").withNewDivisor("1").endResourceFieldRef().endValueFrom().build());
        env.add(env("PLATFORM", ""));
        objects.add(new DeploymentBuilder().withMetadata(meta(r, "istiod", true, pilot)).withNewSpec()
                .withNewSelector().addToMatchLabels("istio", "pilot").endSelector()
                .withNewTemplate().withNewMetadata().withLabels(podLabels)
                .withAnnotations(ordered("prometheus.io/port", "15014", "prometheus.io/scrape", "true",
                        "sidecar.istio.io/inject", "false")).endMetadata()
                .withNewSpec().withServiceAccountName("istiod")
                .addNewContainer().withName("discovery").withImage("docker.io/istio/pilot:" + version)
                .withArgs("discovery", "--monitoringAddr=:15014", "--log_output_level=default:info", "--domain",
                        "cluster.local", "--keepaliveMaxServerConnectionAge", "30m")
                .withPorts(containerPort("http-debug", 8080), containerPort("grpc-xds", 15010),
                        containerPort("tls-xds", 15012), containerPort("https-webhooks", 15017),
                        containerPort("http-monitoring", 15014))
                .withEnv(env).endContainer().endSpec().endTemplate().endSpec().build());
        objects.add(injector(r, "/inject")); // mutatingwebhook.yaml
        objects.add(revisionValidator(r)); // validatingwebhookconfiguration.yaml
        return objects;
    }

    /**
     * The remote profile: no istiod of its own, but a Service istiod without selector whose endpoints are the
     * remotePilotAddress (remote-istiod-service.yaml, remote-istiod-endpointslices.yaml), so the remote's pods and
     * API server reach the primary's istiod (15012) and its injector (443 to 15017) through the east-west gateway.
     */
    private List<HasMetadata> remoteIstiod(HelmRelease r) {
        String address = r.values().get("global.remotePilotAddress");
        if (address == null || address.isBlank()) {
            throw new IllegalArgumentException("HelmStandIn models profile=remote with global.remotePilotAddress"
                    + " only (" + r + ")");
        }
        boolean ipv4 = address.matches("([0-9]*\\.){3}[0-9]*");
        boolean ip = ipv4 || address.matches("([0-9a-fA-F]*:)+[0-9a-fA-F]*");
        List<HasMetadata> objects = new ArrayList<>();
        objects.add(istiodServiceAccount(r));
        var service = new ServiceBuilder().withMetadata(meta(r, "istiod", true,
                        labels(r, "istiod", "istio.io/rev", REVISION))).withNewSpec()
                .withPorts(port("tcp-istiod", 15012, null), port("tcp-webhook", 443, 15017));
        // An address that is no IP makes the Service an ExternalName; otherwise the API server's default type.
        service = ip ? service.withType("ClusterIP") : service.withType("ExternalName").withExternalName(address);
        objects.add(service.endSpec().build());
        if (ip) {
            objects.add(new EndpointSliceBuilder().withMetadata(meta(r, "istiod", true, labels(r, "istiod",
                            "kubernetes.io/service-name", "istiod", "endpointslice.kubernetes.io/managed-by", "Helm")))
                    .withAddressType(ipv4 ? "IPv4" : "IPv6")
                    .addNewEndpoint().withAddresses(address).endEndpoint()
                    .addNewPort().withName("tcp-istiod").withPort(15012).withProtocol("TCP").endPort()
                    .addNewPort().withName("tcp-webhook").withPort(15017).withProtocol("TCP").endPort()
                    .build());
        }
        objects.add(injector(r, r.values().getOrDefault("istiodRemote.injectionPath", "/inject")));
        objects.add(revisionValidator(r));
        return objects;
    }

    private HasMetadata istiodServiceAccount(HelmRelease r) {
        return new ServiceAccountBuilder().withMetadata(meta(r, "istiod", true,
                labels(r, "istiod", "app", "istiod", "release", r.name()))).build();
    }

    /** istio-sidecar-injector: four webhooks to Service istiod port 443 on {@code path}, as mutatingwebhook.yaml. */
    private HasMetadata injector(HelmRelease r, String path) {
        Map<String, String> labels = labels(r, "istiod", "istio.io/rev", REVISION,
                "install.operator.istio.io/owning-resource", "unknown", "operator.istio.io/component", "Pilot",
                "app", "sidecar-injector", "release", r.name());
        return new MutatingWebhookConfigurationBuilder().withMetadata(meta(r, "istio-sidecar-injector", false, labels))
                .withWebhooks(
                        injectorWebhook("rev.namespace.sidecar-injector.istio.io", path,
                                selector(in("istio.io/rev", REVISION), absent("istio-injection")),
                                selector(notIn("sidecar.istio.io/inject", "false"))),
                        injectorWebhook("rev.object.sidecar-injector.istio.io", path,
                                selector(absent("istio.io/rev"), absent("istio-injection")),
                                selector(notIn("sidecar.istio.io/inject", "false"), in("istio.io/rev", REVISION))),
                        injectorWebhook("namespace.sidecar-injector.istio.io", path,
                                selector(in("istio-injection", "enabled")),
                                selector(notIn("sidecar.istio.io/inject", "false"))),
                        injectorWebhook("object.sidecar-injector.istio.io", path,
                                selector(absent("istio-injection"), absent("istio.io/rev")),
                                selector(in("sidecar.istio.io/inject", "true"), absent("istio.io/rev"))))
                .build();
    }

    private static MutatingWebhook injectorWebhook(String name, String path, LabelSelector namespaces,
                                                   LabelSelector objects) {
        return new MutatingWebhookBuilder().withName(name)
                .withNewClientConfig().withNewService().withName("istiod").withNamespace(ISTIO_NAMESPACE)
                .withPath(path).withPort(443).endService().endClientConfig()
                .withSideEffects("None")
                .withRules(new RuleWithOperationsBuilder().withOperations("CREATE").withApiGroups("")
                        .withApiVersions("v1").withResources("pods").build())
                .withFailurePolicy("Fail").withReinvocationPolicy("Never").withAdmissionReviewVersions("v1")
                .withNamespaceSelector(namespaces).withObjectSelector(objects).build();
    }

    /** istio-validator-istio-system: the revision's validation webhook (validatingwebhookconfiguration.yaml). */
    private HasMetadata revisionValidator(HelmRelease r) {
        return new ValidatingWebhookConfigurationBuilder().withMetadata(meta(r,
                        "istio-validator-" + ISTIO_NAMESPACE, false, labels(r, "istiod", "app", "istiod",
                                "release", r.name(), "istio", "istiod", "istio.io/rev", REVISION)))
                .withWebhooks(new ValidatingWebhookBuilder().withName("rev.validation.istio.io")
                        .withNewClientConfig().withNewService().withName("istiod").withNamespace(ISTIO_NAMESPACE)
                        .withPath("/validate").endService().endClientConfig()
                        .withRules(validationRule()).withFailurePolicy("Ignore").withSideEffects("None")
                        .withAdmissionReviewVersions("v1").withObjectSelector(selector(in("istio.io/rev", REVISION)))
                        .build())
                .build();
    }

    private static RuleWithOperations validationRule() {
        return new RuleWithOperationsBuilder().withOperations("CREATE", "UPDATE")
                .withApiGroups("security.istio.io", "networking.istio.io", "telemetry.istio.io", "extensions.istio.io")
                .withApiVersions("*").withResources("*").build();
    }

    // --- gateway: istio/istio manifests/charts/gateway/templates at 1.30.3 ---

    /**
     * A gateway named by value {@code name} (else the release): pods labelled {@code app: <name>},
     * {@code istio: <name without "istio-">} (_helpers.tpl), injected with the gateway template; its Service a
     * LoadBalancer unless service.type says otherwise, with the network gateway's ports when networkGateway is set.
     */
    private List<HasMetadata> gateway(HelmRelease r) {
        Map<String, String> values = r.values();
        String name = values.getOrDefault("name", r.name());
        String istio = name.startsWith("istio-") ? name.substring("istio-".length()) : name;
        String network = values.get("networkGateway");
        boolean networkGateway = network != null && !network.isEmpty();
        Map<String, String> selector = ordered("app", name, "istio", istio);
        Map<String, String> labels = labels(r, name, "app", name, "istio", istio, "istio.io/dataplane-mode", "none");
        List<HasMetadata> objects = new ArrayList<>();
        objects.add(new ServiceAccountBuilder().withMetadata(meta(r, name, true, labels)).build()); // serviceaccount.yaml
        // service.yaml
        Map<String, String> serviceLabels = new LinkedHashMap<>(labels);
        List<ServicePort> ports;
        if (networkGateway) {
            serviceLabels.put("topology.istio.io/network", network);
            ports = List.of(port("status-port", 15021, 15021), port("tls", 15443, 15443),
                    port("tls-istiod", 15012, 15012), port("tls-webhook", 15017, 15017));
        } else {
            ports = List.of(port("status-port", 15021, 15021), port("http2", 80, 80), port("https", 443, 443));
        }
        objects.add(new ServiceBuilder().withMetadata(meta(r, name, true, serviceLabels)).withNewSpec()
                .withType(values.getOrDefault("service.type", "LoadBalancer"))
                .withSelector(selector).withPorts(ports).endSpec().build());
        // deployment.yaml: one proxy container, its image "auto" until the injector fills it in
        Map<String, String> podLabels = new LinkedHashMap<>(labels);
        podLabels.put("sidecar.istio.io/inject", "true");
        if (networkGateway) {
            podLabels.put("topology.istio.io/network", network);
        }
        List<EnvVar> env = networkGateway ? List.of(env("ISTIO_META_REQUESTED_NETWORK_VIEW", network)) : List.of();
        objects.add(new DeploymentBuilder().withMetadata(meta(r, name, true, labels)).withNewSpec()
                .withNewSelector().withMatchLabels(selector).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(podLabels)
                .withAnnotations(ordered("inject.istio.io/templates", "gateway", "prometheus.io/path",
                        "/stats/prometheus", "prometheus.io/port", "15020", "prometheus.io/scrape", "true",
                        "sidecar.istio.io/inject", "true")).endMetadata()
                .withNewSpec().withServiceAccountName(name)
                .addNewContainer().withName("istio-proxy").withImage("auto")
                .withPorts(containerPort("http-envoy-prom", 15090)).withEnv(env).endContainer()
                .endSpec().endTemplate().endSpec().build());
        return objects;
    }

    // --- shared pieces ---

    /**
     * The labels a chart puts on an object: {@code specific} (key, value pairs) first, then "istio.labels"
     * (zzz_profile.yaml) and app.kubernetes.io/name; the version ones carry the chart version, as released.
     */
    private Map<String, String> labels(HelmRelease r, String appName, String... specific) {
        Map<String, String> labels = ordered(specific);
        labels.put("app.kubernetes.io/name", appName);
        labels.put("app.kubernetes.io/managed-by", "Helm");
        labels.put("app.kubernetes.io/instance", r.name());
        labels.put("app.kubernetes.io/part-of", "istio");
        labels.put("app.kubernetes.io/version", version);
        labels.put("helm.sh/chart", r.chart() + "-" + version);
        return labels;
    }

    /** Metadata with the annotations Helm adds to every object it installs, naming the release that owns it. */
    private static ObjectMeta meta(HelmRelease r, String name, boolean namespaced, Map<String, String> labels) {
        return new ObjectMetaBuilder().withName(name).withNamespace(namespaced ? r.namespace() : null)
                .withLabels(labels)
                .withAnnotations(ordered("meta.helm.sh/release-name", r.name(),
                        "meta.helm.sh/release-namespace", r.namespace()))
                .build();
    }

    private static Map<String, String> ordered(String... pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return map;
    }

    private static ServicePort port(String name, int port, Integer target) {
        ServicePortBuilder b = new ServicePortBuilder().withName(name).withPort(port).withProtocol("TCP");
        return (target == null ? b : b.withTargetPort(new IntOrString(target))).build();
    }

    private static ContainerPort containerPort(String name, int port) {
        return new ContainerPortBuilder().withName(name).withContainerPort(port).withProtocol("TCP").build();
    }

    private static EnvVar env(String name, String value) {
        return new EnvVarBuilder().withName(name).withValue(value).build();
    }

    private static EnvVar fieldEnv(String name, String fieldPath) {
        return new EnvVarBuilder().withName(name).withNewValueFrom().withNewFieldRef().withApiVersion("v1")
                .withFieldPath(fieldPath).endFieldRef().endValueFrom().build();
    }

    private static LabelSelector selector(LabelSelectorRequirement... requirements) {
        return new LabelSelectorBuilder().withMatchExpressions(requirements).build();
    }

    private static LabelSelectorRequirement in(String key, String value) {
        return new LabelSelectorRequirementBuilder().withKey(key).withOperator("In").withValues(value).build();
    }

    private static LabelSelectorRequirement notIn(String key, String value) {
        return new LabelSelectorRequirementBuilder().withKey(key).withOperator("NotIn").withValues(value).build();
    }

    private static LabelSelectorRequirement absent(String key) {
        return new LabelSelectorRequirementBuilder().withKey(key).withOperator("DoesNotExist").build();
    }
}
