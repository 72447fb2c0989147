package io.meshconformance.rehearsal;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServiceStatusBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPortBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.meshconformance.cluster.Pods;
import io.meshconformance.text.FakeSecrets;
import io.meshconformance.topology.Cidr;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays, against one mock API server, kube-controller-manager's deployment, endpointslice, token, namespace and
 * garbage-collector controllers, the scheduler and kubelet, k3s's servicelb and Istio's sidecar injector webhook,
 * each as the public sources listed below (kubernetes.io pages, source paths) describe it.
 * <p>
 * The fabric8 mock (CRUD mode) stores objects and nothing more: a Deployment never gets pods, a Service never gets
 * endpoints, a token Secret stays empty. The rehearsal tier runs the real suite against two mocks, so something
 * must do what a cluster's controllers do, closely enough that the harness's own readiness judgement, evidence and
 * waits behave as against k3s. What it plays, in short:
 * <ul>
 *   <li>Deployments get {@code spec.replicas} pods named {@code <deployment>-<template hash>-<5 chars>}, as the
 *   deployment controller and its ReplicaSet name them (kubernetes.io/docs/concepts/workloads/controllers/deployment,
 *   "Pod-template-hash label"; kubernetes/kubernetes pkg/controller/controller_utils.go ComputeHash), scheduled to
 *   the one node {@code <cluster>-server} and started by the kubelet (conditions as
 *   kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle lists them; pkg/kubelet/status/generate.go). The pods'
 *   owner is the Deployment itself, not a ReplicaSet: nothing in the harness reads ReplicaSets.</li>
 *   <li>Deployment status as pkg/controller/deployment/sync.go calculateStatus sets it; {@code readyReplicas} is
 *   absent when zero, as the API's {@code omitempty} leaves it.</li>
 *   <li>EndpointSlices as the endpointslice controller keeps them (kubernetes.io/docs/concepts/services-networking/
 *   endpoint-slices; staging/src/k8s.io/endpointslice/reconciler.go and utils.go): every pod of the selector that
 *   has an IP and has not ended is an endpoint, ready or not.</li>
 *   <li>The token controller fills {@code kubernetes.io/service-account-token} Secrets
 *   (kubernetes.io/docs/tasks/configure-pod-container/configure-service-account, "Manually create an API token for a
 *   ServiceAccount"; pkg/controller/serviceaccount/tokens_controller.go), here with a fake token and a fake CA.</li>
 *   <li>k3s's servicelb gives LoadBalancer Services the node's address (docs.k3s.io/networking/networking-services,
 *   "Service Load Balancer"; k3s-io/k3s pkg/cloudprovider/servicelb.go): "the IPs of hosts running the svclb pods
 *   are advertised in the loadbalancer status" (k3s-io/k3s discussion #9927; github.com/k3s-io/klipper-lb README).
 *   A k3s started with {@code --disable=servicelb} gives none ({@link #serviceLbDisabled()}).</li>
 *   <li>Deleting a namespace deletes what is in it (kubernetes.io/docs/concepts/overview/working-with-objects/
 *   namespaces; pkg/controller/namespace/deletion/namespaced_resources_deleter.go), and dependents go with their
 *   owner (kubernetes.io/docs/concepts/architecture/garbage-collection): the mock cascades nothing.</li>
 *   <li>Istio's injector adds {@code istio-proxy} to pods created in a namespace labelled for injection while its
 *   MutatingWebhookConfiguration exists (istio.io/latest/docs/setup/additional-setup/sidecar-injection, "Controlling
 *   the injection policy"; istio/istio pkg/kube/inject/webhook.go). When the webhook's path carries parameters, as a
 *   remote's {@code /inject/cluster/<cluster>/net/<network>} does, they become the sidecar's
 *   {@code ISTIO_META_CLUSTER_ID} and {@code ISTIO_META_NETWORK}, and the pod is labelled
 *   {@code topology.istio.io/network=<network>} (istio/istio 1.30.3 pkg/kube/inject/webhook.go: the path's
 *   key/value pairs turned into proxy env, then the network label applied to the pod).</li>
 * </ul>
 * What the mock does with writes, as found by trying (fabric8 kubernetes-server-mock 8.0.0): a create keeps the
 * status it is given; a plain update (PUT) replaces the whole object, status too, so the harness re-applying a
 * Deployment wipes its status until the next pass; {@code updateStatus()} (PUT .../status) changes only the status
 * and does not check resourceVersion, a plain update does (409); {@code metadata.generation} is 1 on create and
 * grows on updates; deleting a namespace removes it at once and cascades nothing; Services get no cluster IP.
 */
public final class ControllersStandIn implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ControllersStandIn.class);

    /** The sidecar image istiod's injector would put in, for the Istio release the harness pins. */
    public static final String PROXY_IMAGE = "docker.io/istio/proxyv2:1.30.3";
    public static final String PROXY_CONTAINER = "istio-proxy";
    static final String INJECTOR_PREFIX = "istio-sidecar-injector";
    /** The label naming a pod's network, which istiod reads before its namespace's (kube controller, Network). */
    static final String NETWORK_LABEL = "topology.istio.io/network";
    static final String NETWORK_ENV = "ISTIO_META_NETWORK";
    static final String TEMPLATE_HASH_LABEL = "pod-template-hash";
    static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";
    static final String MANAGED_BY_LABEL = "endpointslice.kubernetes.io/managed-by";
    static final String MANAGED_BY = "endpointslice-controller.k8s.io";
    static final String TOKEN_TYPE = "kubernetes.io/service-account-token";
    static final String SERVICE_ACCOUNT_NAME = "kubernetes.io/service-account.name";
    static final String SERVICE_ACCOUNT_UID = "kubernetes.io/service-account.uid";
    static final long PERIOD_MILLIS = 100;
    /** Kubernetes' alphabet for generated names: no vowels, no look-alikes (apimachinery pkg/util/rand/rand.go). */
    static final String ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

    private final String cluster;
    private final KubernetesClient client;
    private final Cidr podRange;
    private final String nodeAddress;
    private final String nodeName;
    private final Map<String, Mark> readySince = new ConcurrentHashMap<>();
    /** Namespaces seen alive: only their deletion empties them (the mock lets objects live in no namespace at all). */
    private final Set<String> seenNamespaces = new HashSet<>();
    private final CountDownLatch stop = new CountDownLatch(1);
    /** One pass at a time: the thread's and a test's own {@link #reconcileOnce()} never interleave. */
    private final Object passLock = new Object();
    private volatile Function<Deployment, Optional<String>> stuck = d -> Optional.empty();
    private volatile boolean serviceLb = true;
    private Thread thread;
    private long nextIp;

    /** When a Deployment, told apart from a later one of the same name by its uid, first had all replicas ready. */
    private record Mark(String uid, Instant at) {
    }

    /**
     * @param cluster     name (for logs)
     * @param client      the mock API server's client
     * @param podRange    the cluster's pod CIDR, e.g. "10.20.0.0/16" (pod IPs are allocated from it)
     * @param nodeAddress the node's address, given to LoadBalancer Services (k3s servicelb gives the node's IP)
     */
    public ControllersStandIn(String cluster, KubernetesClient client, String podRange, String nodeAddress) {
        this.cluster = Objects.requireNonNull(cluster, "cluster");
        this.client = Objects.requireNonNull(client, "client");
        this.podRange = Cidr.parse(podRange).canonical();
        if (this.podRange.prefix() > 30) {
            throw new IllegalArgumentException("pod range " + podRange + " has no room for pods after its network"
                    + " and first addresses; give a /30 or wider");
        }
        this.nodeAddress = Objects.requireNonNull(nodeAddress, "nodeAddress");
        this.nodeName = cluster + "-server";
        // Like flannel's host-local IPAM on a k3s node: .0 is the network, .1 the node's bridge (cni0).
        this.nextIp = this.podRange.network() + 2;
    }

    /** Starts reconciling every ~100 ms on a daemon thread until closed. */
    public synchronized ControllersStandIn start() {
        if (stop.getCount() == 0) {
            throw new IllegalStateException("the controllers stand-in of cluster '" + cluster + "' is closed");
        }
        if (thread != null) {
            throw new IllegalStateException("the controllers stand-in of cluster '" + cluster + "' is started already");
        }
        thread = new Thread(this::loop, "controllers-stand-in-" + cluster);
        thread.setDaemon(true);
        thread.start();
        return this;
    }

    private void loop() {
        try {
            do {
                try {
                    reconcileOnce();
                } catch (KubernetesClientException e) {
                    LOG.debug("Cluster '{}': reconcile pass stopped ({}); next pass in {} ms", cluster,
                            e.getMessage(), PERIOD_MILLIS);
                } catch (RuntimeException e) {
                    // Not the API server's doing: a bug of the stand-in (or of a fault hook), worth seeing.
                    LOG.warn("Cluster '{}': reconcile pass failed; next pass in {} ms", cluster, PERIOD_MILLIS, e);
                }
            } while (!stop.await(PERIOD_MILLIS, TimeUnit.MILLISECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Fault hook: pods of Deployments for which this returns a reason (e.g. "ImagePullBackOff") stay Pending with
     * that waiting reason on their app containers, never Ready. Applied on every pass to the pods as they are, so
     * clearing it (a function returning empty) lets them become ready, as a kubelet's retry would once the image can
     * be pulled.
     */
    public ControllersStandIn podsStuck(Function<Deployment, Optional<String>> waitingReason) {
        this.stuck = Objects.requireNonNull(waitingReason, "waitingReason");
        return this;
    }

    /**
     * Fault hook: the cluster's k3s runs without servicelb ({@code --disable=servicelb}, docs.k3s.io "Service Load
     * Balancer"): LoadBalancer Services get no address from now on, and keep the one they have.
     */
    public ControllersStandIn serviceLbDisabled() {
        this.serviceLb = false;
        return this;
    }

    /** When each Deployment (namespace/name) first had all replicas ready: for timing marks. */
    public Optional<Instant> readySince(String namespace, String deployment) {
        return Optional.ofNullable(readySince.get(namespace + "/" + deployment)).map(Mark::at);
    }

    /**
     * The cluster is removed and a new one takes its place (k3s's node container removed and started afresh): the
     * removal runs between two passes, and the controllers forget what they knew of the old cluster, as a new
     * k3s's start with nothing (its IPAM hands out the first pod addresses again). The fault hooks stay: they play
     * how the node is made (its flags, the images it can pull), which a new node shares.
     */
    public void replaced(Runnable removal) {
        synchronized (passLock) {
            removal.run();
            readySince.clear();
            seenNamespaces.clear();
            nextIp = podRange.network() + 2;
        }
    }

    /** Stops the thread, if started, and waits for its pass to end. */
    @Override
    public void close() {
        stop.countDown();
        Thread running;
        synchronized (this) {
            running = thread;
        }
        if (running != null && running != Thread.currentThread()) {
            try {
                running.join(TimeUnit.SECONDS.toMillis(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * One reconcile pass, synchronously (tests call this directly). A write refused by the API server (404, 409:
     * something changed meanwhile) is logged at debug and left for the next pass, as a controller's requeue would;
     * a list it refuses ends the pass with its exception (the thread logs it and runs the next pass).
     */
    public void reconcileOnce() {
        synchronized (passLock) {
            Map<String, Map<String, String>> namespaceLabels = new HashMap<>();
            Set<String> gone = namespaces(namespaceLabels);
            deployments(gone, namespaceLabels);
            endpointSlices(gone);
            tokens();
            if (serviceLb) {
                serviceLoadBalancers();
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Namespace controller

    /**
     * Empties namespaces that were seen alive and are now gone or terminating, kind by kind; returns their names,
     * where no other controller acts this pass. A namespace is forgotten once gone and empty. Puts every present
     * namespace's labels in {@code labels}.
     */
    private Set<String> namespaces(Map<String, Map<String, String>> labels) {
        List<Namespace> all = client.namespaces().list().getItems();
        Set<String> alive = new HashSet<>();
        Set<String> present = new HashSet<>();
        for (Namespace ns : all) {
            present.add(ns.getMetadata().getName());
            labels.put(ns.getMetadata().getName(), labels(ns));
            if (ns.getMetadata().getDeletionTimestamp() == null) {
                alive.add(ns.getMetadata().getName());
            }
        }
        seenNamespaces.addAll(alive);
        Set<String> gone = new HashSet<>(seenNamespaces);
        gone.removeAll(alive);
        for (String ns : gone) {
            int left = purge(ns);
            if (left == 0 && !present.contains(ns)) {
                seenNamespaces.remove(ns);
            }
        }
        return gone;
    }

    /** The kinds the namespace deleter removes here: everything the harness and this stand-in put in namespaces. */
    private List<Supplier<List<? extends HasMetadata>>> namespacedKinds(String ns) {
        return List.of(
                () -> client.apps().deployments().inNamespace(ns).list().getItems(),
                () -> client.pods().inNamespace(ns).list().getItems(),
                () -> client.services().inNamespace(ns).list().getItems(),
                () -> client.discovery().v1().endpointSlices().inNamespace(ns).list().getItems(),
                () -> client.configMaps().inNamespace(ns).list().getItems(),
                () -> client.secrets().inNamespace(ns).list().getItems(),
                () -> client.serviceAccounts().inNamespace(ns).list().getItems(),
                // Istio's kinds, which bookinfo/gateway.yaml puts in the run's namespace; where the mock does not
                // know them, listing fails and is skipped.
                () -> client.genericKubernetesResources("networking.istio.io/v1", "Gateway").inNamespace(ns).list()
                        .getItems(),
                () -> client.genericKubernetesResources("networking.istio.io/v1", "VirtualService").inNamespace(ns)
                        .list().getItems());
    }

    /** Deletes what is left in {@code ns}; returns how many objects it found. */
    private int purge(String ns) {
        int found = 0;
        for (Supplier<List<? extends HasMetadata>> kind : namespacedKinds(ns)) {
            List<? extends HasMetadata> objects;
            try {
                objects = kind.get();
            } catch (KubernetesClientException e) {
                LOG.debug("Cluster '{}': cannot list a kind in deleted namespace {}: {}", cluster, ns, e.getMessage());
                continue;
            }
            found += objects.size();
            for (HasMetadata object : objects) {
                attempt("delete " + describe(object) + " of deleted namespace " + ns,
                        () -> client.resource(object).delete());
            }
        }
        return found;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Deployment controller, scheduler, kubelet, sidecar injector; garbage collection of their pods

    private void deployments(Set<String> gone, Map<String, Map<String, String>> namespaceLabels) {
        List<Deployment> deployments = client.apps().deployments().inAnyNamespace().list().getItems();
        List<Pod> pods = new ArrayList<>(client.pods().inAnyNamespace().list().getItems());
        Set<Long> ipsInUse = new HashSet<>();
        for (Pod pod : pods) {
            ip(pod).flatMap(Cidr.Ipv4::parse).ifPresent(ipsInUse::add);
        }

        // Garbage collector: a pod whose owner Deployment is gone goes too (matched by name, so that the harness
        // re-creating a Deployment of the same name adopts its pods, as a ReplicaSet adopts by selector).
        Set<String> deploymentKeys = deployments.stream().map(ControllersStandIn::key).collect(Collectors.toSet());
        for (Pod pod : pods) {
            owner(pod, "Deployment").filter(o -> !deploymentKeys.contains(pod.getMetadata().getNamespace() + "/" + o))
                    .ifPresent(o -> attempt("delete orphaned pod " + describe(pod) + " (Deployment " + o + " is gone)",
                            () -> client.resource(pod).delete()));
        }

        // The injector's path (its webhooks share one): "/inject", or a remote's "/inject/cluster/<c>/net/<n>".
        Optional<String> injectorPath = client.admissionRegistration().v1().mutatingWebhookConfigurations().list()
                .getItems().stream().filter(w -> w.getMetadata().getName().startsWith(INJECTOR_PREFIX))
                .map(ControllersStandIn::webhookPath).findFirst();

        for (Deployment d : deployments) {
            String ns = d.getMetadata().getNamespace();
            if (gone.contains(ns)) {
                continue;
            }
            List<Pod> owned = pods.stream().filter(p -> ns.equals(p.getMetadata().getNamespace()))
                    .filter(p -> owner(p, "Deployment").filter(d.getMetadata().getName()::equals).isPresent())
                    .toList();
            if (d.getSpec() == null || d.getSpec().getTemplate() == null || d.getSpec().getTemplate().getSpec() == null) {
                LOG.debug("Cluster '{}': {} has no pod template; skipped", cluster, describe(d));
                continue;
            }
            tryTo("reconcile " + describe(d), () -> deployment(d, owned, ipsInUse, injectorPath,
                    namespaceLabels.getOrDefault(ns, Map.of())));
        }
    }

    private void deployment(Deployment d, List<Pod> owned, Set<Long> ipsInUse, Optional<String> injectorPath,
                            Map<String, String> namespaceLabels) {
        int want = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
        String hash = templateHash(d);
        Optional<String> reason = Optional.ofNullable(stuck.apply(d)).orElse(Optional.empty());

        List<Pod> current = new ArrayList<>();
        for (Pod pod : owned) {
            if (pod.getMetadata().getDeletionTimestamp() != null) {
                continue;
            }
            if (!hash.equals(labels(pod).get(TEMPLATE_HASH_LABEL))) {
                // The template changed: its pods are replaced all at once (the mock has no rollout to watch).
                attempt("delete " + describe(pod) + " of an older template", () -> client.resource(pod).delete());
            } else {
                current.add(pod);
            }
        }
        current.sort(Comparator.comparing((Pod p) -> Objects.toString(p.getMetadata().getCreationTimestamp(), ""))
                .thenComparing(p -> p.getMetadata().getName()));
        while (current.size() > want) {
            Pod extra = current.remove(current.size() - 1);
            attempt("delete " + describe(extra) + " (scaled down)", () -> client.resource(extra).delete());
        }

        List<Pod> result = new ArrayList<>();
        for (Pod pod : current) {
            if (state(pod).equals(reason.orElse(READY))) {
                result.add(pod);
                continue;
            }
            String ip = ip(pod).orElseGet(() -> allocate(ipsInUse));
            String started = pod.getStatus() != null && pod.getStatus().getStartTime() != null
                    ? pod.getStatus().getStartTime() : now();
            Pod updated = new PodBuilder(pod).withStatus(status(pod, reason, ip, started)).build();
            attempt("set the status of " + describe(pod), () -> result.add(client.pods()
                    .inNamespace(pod.getMetadata().getNamespace()).resource(updated).updateStatus()));
        }
        Set<String> taken = new HashSet<>();
        owned.forEach(p -> taken.add(p.getMetadata().getName()));
        for (int i = current.size(); i < want; i++) {
            Optional<String> injection = injects(d, namespaceLabels, injectorPath.isPresent()) ? injectorPath
                    : Optional.empty();
            Pod pod = newPod(d, hash, taken, injection);
            taken.add(pod.getMetadata().getName());
            String ip = allocate(ipsInUse);
            Pod running = new PodBuilder(pod).withStatus(status(pod, reason, ip, now())).build();
            // The mock keeps the status given on create; a real API server would drop it (the kubelet writes it).
            attempt("create " + describe(running), () -> result.add(client.resource(running).create()));
        }
        deploymentStatus(d, result, want, hash);
    }

    private void deploymentStatus(Deployment d, List<Pod> pods, int want, String hash) {
        int ready = (int) pods.stream().filter(Pods::runningAndReady).count();
        int updated = (int) pods.stream().filter(p -> hash.equals(labels(p).get(TEMPLATE_HASH_LABEL))).count();
        boolean available = ready >= want;
        String name = d.getMetadata().getName();
        DeploymentStatus old = d.getStatus();
        List<DeploymentCondition> conditions = List.of(
                condition(old, "Available", available, available ? "MinimumReplicasAvailable"
                        : "MinimumReplicasUnavailable", available ? "Deployment has minimum availability."
                        : "Deployment does not have minimum availability."),
                condition(old, "Progressing", true, available ? "NewReplicaSetAvailable" : "ReplicaSetUpdated",
                        available ? "ReplicaSet \"" + name + "-" + hash + "\" has successfully progressed."
                                : "ReplicaSet \"" + name + "-" + hash + "\" is progressing."));
        DeploymentStatus status = new DeploymentStatusBuilder()
                .withObservedGeneration(d.getMetadata().getGeneration())
                .withReplicas(nonZero(pods.size()))
                .withUpdatedReplicas(nonZero(updated))
                .withReadyReplicas(nonZero(ready))
                .withAvailableReplicas(nonZero(ready))
                .withUnavailableReplicas(nonZero(Math.max(0, want - ready)))
                .withConditions(conditions)
                .build();
        if (available) {
            readySince.compute(key(d), (k, mark) -> mark != null && Objects.equals(mark.uid(), d.getMetadata().getUid())
                    ? mark : new Mark(d.getMetadata().getUid(), Instant.now()));
        } else {
            readySince.computeIfPresent(key(d), (k, mark) -> Objects.equals(mark.uid(), d.getMetadata().getUid())
                    ? mark : null);
        }
        if (statusKey(old).equals(statusKey(status))) {
            return;
        }
        Deployment copy = new DeploymentBuilder(d).withStatus(status).build();
        attempt("set the status of " + describe(d), () -> client.apps().deployments()
                .inNamespace(d.getMetadata().getNamespace()).resource(copy).updateStatus());
    }

    /** Zero as the API serves it: absent (the status fields are {@code omitempty}). */
    private static Integer nonZero(int n) {
        return n == 0 ? null : n;
    }

    private static DeploymentCondition condition(DeploymentStatus old, String type, boolean status, String reason,
                                                 String message) {
        String value = status ? "True" : "False";
        String since = old == null || old.getConditions() == null ? null : old.getConditions().stream()
                .filter(c -> type.equals(c.getType()) && value.equals(c.getStatus()))
                .map(DeploymentCondition::getLastTransitionTime).filter(Objects::nonNull).findFirst().orElse(null);
        String at = since == null ? now() : since;
        return new DeploymentConditionBuilder().withType(type).withStatus(value).withReason(reason)
                .withMessage(message).withLastTransitionTime(at).withLastUpdateTime(at).build();
    }

    private static String statusKey(DeploymentStatus s) {
        if (s == null) {
            return "none";
        }
        return s.getObservedGeneration() + "|" + s.getReplicas() + "|" + s.getUpdatedReplicas() + "|"
                + s.getReadyReplicas() + "|" + s.getAvailableReplicas() + "|" + s.getUnavailableReplicas() + "|"
                + (s.getConditions() == null ? "" : s.getConditions().stream()
                .map(c -> c.getType() + "=" + c.getStatus() + ":" + c.getReason()).collect(Collectors.joining(",")));
    }

    /**
     * Whether Istio's injector would inject a pod of {@code d}: its webhook exists, the pod does not opt out
     * ({@code sidecar.istio.io/inject: "false"}), and the namespace opts in ({@code istio-injection=enabled} or an
     * {@code istio.io/rev} label) or, in a namespace without either, the pod does ({@code sidecar.istio.io/inject:
     * "true"}); {@code istio-injection=disabled} wins (istio.io sidecar-injection, "Controlling the injection
     * policy").
     */
    static boolean injects(Deployment d, Map<String, String> namespaceLabels, boolean injectorPresent) {
        if (!injectorPresent) {
            return false;
        }
        Map<String, String> podLabels = d.getSpec().getTemplate().getMetadata() == null
                || d.getSpec().getTemplate().getMetadata().getLabels() == null ? Map.of()
                : d.getSpec().getTemplate().getMetadata().getLabels();
        String podSays = podLabels.get("sidecar.istio.io/inject");
        String namespaceSays = namespaceLabels.get("istio-injection");
        if ("disabled".equals(namespaceSays) || "false".equals(podSays)) {
            return false;
        }
        if ("enabled".equals(namespaceSays) || namespaceLabels.containsKey("istio.io/rev")) {
            return true;
        }
        return namespaceSays == null && "true".equals(podSays);
    }

    /**
     * The path of an injector webhook configuration's first webhook ("/inject" when it names none, the chart's
     * default).
     */
    static String webhookPath(MutatingWebhookConfiguration configuration) {
        return Optional.ofNullable(configuration.getWebhooks()).orElse(List.of()).stream()
                .map(MutatingWebhook::getClientConfig).filter(Objects::nonNull)
                .map(c -> c.getService() != null ? c.getService().getPath() : c.getUrl())
                .filter(Objects::nonNull).map(p -> p.replaceFirst("^https?://[^/]*", "")).findFirst()
                .orElse("/inject");
    }

    /**
     * The proxy env an injection path sets: after {@code /inject}, key/value segments, {@code cluster} giving
     * {@code ISTIO_META_CLUSTER_ID} and {@code net} giving {@code ISTIO_META_NETWORK} (istio/istio 1.30.3
     * pkg/kube/inject/webhook.go, parseInjectEnvs); other keys are upper-cased into {@code ISTIO_META_<KEY>}.
     */
    static Map<String, String> injectionEnv(String path) {
        Map<String, String> env = new LinkedHashMap<>();
        String rest = path.replaceFirst("^/inject/?", "");
        String[] parts = rest.isEmpty() ? new String[0] : rest.split("/");
        for (int i = 0; i + 1 < parts.length; i += 2) {
            String key = switch (parts[i]) {
                case "cluster" -> "ISTIO_META_CLUSTER_ID";
                case "net" -> NETWORK_ENV;
                default -> "ISTIO_META_" + parts[i].toUpperCase(Locale.ROOT).replace('-', '_');
            };
            env.put(key, parts[i + 1]);
        }
        return env;
    }

    /** A pod as the ReplicaSet would create it from the template, then as the injector would change it. */
    private Pod newPod(Deployment d, String hash, Set<String> taken, Optional<String> injection) {
        var template = d.getSpec().getTemplate();
        String name;
        do {
            name = d.getMetadata().getName() + "-" + hash + "-" + randomSuffix();
        } while (taken.contains(name));
        Map<String, String> labels = new LinkedHashMap<>();
        Map<String, String> annotations = new LinkedHashMap<>();
        if (template.getMetadata() != null) {
            if (template.getMetadata().getLabels() != null) {
                labels.putAll(template.getMetadata().getLabels());
            }
            if (template.getMetadata().getAnnotations() != null) {
                annotations.putAll(template.getMetadata().getAnnotations());
            }
        }
        labels.put(TEMPLATE_HASH_LABEL, hash);
        PodSpecBuilder spec = new PodSpecBuilder(template.getSpec()).withNodeName(nodeName);
        if (injection.isPresent()) {
            // What the injector's patch adds that the harness can see: the sidecar container, the labels istiod
            // reads for mTLS and telemetry, and the status annotation (istio/istio pkg/kube/inject/inject.go);
            // with a remote's path, the path's env and the network label (webhook.go).
            Map<String, String> env = injectionEnv(injection.get());
            spec.addToContainers(new ContainerBuilder().withName(PROXY_CONTAINER).withImage(PROXY_IMAGE)
                    .withArgs("proxy", "sidecar", "--domain", "$(POD_NAMESPACE).svc.cluster.local")
                    .addNewPort().withName("http-envoy-prom").withContainerPort(15090).withProtocol("TCP").endPort()
                    .withEnv(env.entrySet().stream().map(e -> new EnvVarBuilder().withName(e.getKey())
                            .withValue(e.getValue()).build()).toList())
                    .build());
            if (env.containsKey(NETWORK_ENV)) {
                labels.put(NETWORK_LABEL, env.get(NETWORK_ENV));
            }
            labels.put("security.istio.io/tlsMode", "istio");
            labels.putIfAbsent("service.istio.io/canonical-name", labels.getOrDefault("app",
                    d.getMetadata().getName()));
            labels.putIfAbsent("service.istio.io/canonical-revision", labels.getOrDefault("version", "latest"));
            annotations.put("sidecar.istio.io/status", "{\"containers\":[\"" + PROXY_CONTAINER + "\"],"
                    + "\"revision\":\"default\"}");
        }
        OwnerReference owner = new OwnerReferenceBuilder().withApiVersion("apps/v1").withKind("Deployment")
                .withName(d.getMetadata().getName()).withUid(d.getMetadata().getUid()).withController(true)
                .withBlockOwnerDeletion(true).build();
        return new PodBuilder().withNewMetadata().withName(name).withNamespace(d.getMetadata().getNamespace())
                .withLabels(labels).withAnnotations(annotations).withOwnerReferences(owner).endMetadata()
                .withSpec(spec.build()).build();
    }

    static final String READY = "Ready";

    /**
     * What the pod's status says, in one word: the waiting reason of its first waiting app container, "Ready" when
     * it runs and is ready, "?" for anything else (no status, as after someone replaced the pod).
     */
    static String state(Pod pod) {
        if (pod.getStatus() == null || ip(pod).isEmpty()) {
            return "?";
        }
        if (pod.getStatus().getContainerStatuses() != null) {
            for (ContainerStatus cs : pod.getStatus().getContainerStatuses()) {
                if (!PROXY_CONTAINER.equals(cs.getName()) && cs.getState() != null
                        && cs.getState().getWaiting() != null) {
                    return Objects.toString(cs.getState().getWaiting().getReason(), "?");
                }
            }
        }
        return Pods.runningAndReady(pod) ? READY : "?";
    }

    /**
     * The pod's status as the kubelet reports it: Running and Ready, or, with a waiting reason, Pending with the app
     * containers waiting and the sidecar running (kubernetes.io pod-lifecycle, "Pod phase" and "Container states").
     * A pod waiting for its image has its IP already: the sandbox is up before images are pulled.
     */
    private PodStatus status(Pod pod, Optional<String> waiting, String ip, String started) {
        List<ContainerStatus> containers = new ArrayList<>();
        List<String> unready = new ArrayList<>();
        for (Container c : pod.getSpec().getContainers()) {
            ContainerStatusBuilder cs = new ContainerStatusBuilder().withName(c.getName()).withImage(c.getImage())
                    .withRestartCount(0);
            if (waiting.isPresent() && !PROXY_CONTAINER.equals(c.getName())) {
                unready.add(c.getName());
                String reason = waiting.get();
                String message = reason.contains("ImagePull") || reason.contains("ErrImage")
                        // The kubelet's words (pkg/kubelet/images/image_manager.go).
                        ? "Back-off pulling image \"" + c.getImage() + "\"" : null;
                cs.withReady(false).withStarted(false).withNewState().withNewWaiting().withReason(reason)
                        .withMessage(message).endWaiting().endState();
            } else {
                cs.withReady(true).withStarted(true).withNewState().withNewRunning().withStartedAt(started)
                        .endRunning().endState();
            }
            containers.add(cs.build());
        }
        boolean ready = unready.isEmpty();
        String notReadyMessage = "containers with unready status: [" + String.join(" ", unready) + "]";
        List<PodCondition> conditions = List.of(
                podCondition("PodReadyToStartContainers", true, null, null, started),
                podCondition("Initialized", true, null, null, started),
                podCondition("Ready", ready, ready ? null : "ContainersNotReady", ready ? null : notReadyMessage,
                        started),
                podCondition("ContainersReady", ready, ready ? null : "ContainersNotReady",
                        ready ? null : notReadyMessage, started),
                podCondition("PodScheduled", true, null, null, started));
        return new PodStatusBuilder().withPhase(ready ? "Running" : "Pending").withConditions(conditions)
                .withHostIP(nodeAddress).addNewHostIP(nodeAddress).withPodIP(ip).addNewPodIP(ip)
                .withStartTime(started).withQosClass("BestEffort").withContainerStatuses(containers).build();
    }

    private static PodCondition podCondition(String type, boolean status, String reason, String message, String at) {
        return new PodConditionBuilder().withType(type).withStatus(status ? "True" : "False").withReason(reason)
                .withMessage(message).withLastTransitionTime(at).build();
    }

    /** The next free address of the pod range after the last one given, skipping its network and first address. */
    private String allocate(Set<Long> inUse) {
        long first = podRange.network() + 2;
        long last = podRange.broadcast() - 1;
        long span = last - first + 1;
        for (long i = 0; i < span; i++) {
            long candidate = first + Math.floorMod(nextIp - first + i, span);
            if (inUse.add(candidate)) {
                nextIp = candidate + 1;
                return Cidr.Ipv4.format(candidate);
            }
        }
        throw new IllegalStateException("cluster '" + cluster + "': pod range " + podRange + " is full");
    }

    // ---------------------------------------------------------------------------------------------------------------
    // EndpointSlice controller

    private void endpointSlices(Set<String> gone) {
        List<Service> services = client.services().inAnyNamespace().list().getItems();
        List<Pod> pods = client.pods().inAnyNamespace().list().getItems();
        List<EndpointSlice> slices = client.discovery().v1().endpointSlices().inAnyNamespace().list().getItems();
        Set<String> serviceKeys = services.stream().map(ControllersStandIn::key).collect(Collectors.toSet());

        // Garbage collector and the controller's own clean-up: slices of Services that are gone.
        for (EndpointSlice slice : slices) {
            String ns = slice.getMetadata().getNamespace();
            Optional<String> ownerService = owner(slice, "Service");
            String named = MANAGED_BY.equals(labels(slice).get(MANAGED_BY_LABEL))
                    ? labels(slice).get(SERVICE_NAME_LABEL) : null;
            boolean orphan = ownerService.map(s -> !serviceKeys.contains(ns + "/" + s)).orElse(false)
                    || (named != null && !serviceKeys.contains(ns + "/" + named));
            if (orphan) {
                attempt("delete " + describe(slice) + " (its Service is gone)", () -> client.resource(slice).delete());
            }
        }

        for (Service service : services) {
            String ns = service.getMetadata().getNamespace();
            if (gone.contains(ns)) {
                continue;
            }
            List<EndpointSlice> ours = slices.stream()
                    .filter(s -> ns.equals(s.getMetadata().getNamespace()))
                    .filter(s -> MANAGED_BY.equals(labels(s).get(MANAGED_BY_LABEL)))
                    .filter(s -> service.getMetadata().getName().equals(labels(s).get(SERVICE_NAME_LABEL)))
                    .sorted(Comparator.comparing(s -> s.getMetadata().getName()))
                    .toList();
            tryTo("reconcile the EndpointSlice of " + describe(service), () -> endpointSlice(service, pods,
                    ours));
        }
    }

    private void endpointSlice(Service service, List<Pod> pods, List<EndpointSlice> ours) {
        Map<String, String> selector = service.getSpec().getSelector();
        if (selector == null || selector.isEmpty() || "ExternalName".equals(service.getSpec().getType())) {
            // No selector: the controller manages no slice for it (someone else may).
            ours.forEach(s -> attempt("delete " + describe(s) + " (its Service has no selector)",
                    () -> client.resource(s).delete()));
            return;
        }
        String ns = service.getMetadata().getNamespace();
        List<Pod> members = pods.stream()
                .filter(p -> ns.equals(p.getMetadata().getNamespace()))
                .filter(p -> labels(p).entrySet().containsAll(selector.entrySet()))
                .filter(ControllersStandIn::isEndpoint)
                .sorted(Comparator.comparing(p -> p.getMetadata().getName()))
                .toList();
        List<Endpoint> endpoints = members.stream().map(ControllersStandIn::endpoint).toList();
        List<EndpointPort> ports = ports(service, members);
        Map<String, String> labels = new LinkedHashMap<>(labels(service));
        labels.put(SERVICE_NAME_LABEL, service.getMetadata().getName());
        labels.put(MANAGED_BY_LABEL, MANAGED_BY);
        OwnerReference owner = new OwnerReferenceBuilder().withApiVersion("v1").withKind("Service")
                .withName(service.getMetadata().getName()).withUid(service.getMetadata().getUid())
                .withController(true).withBlockOwnerDeletion(true).build();

        if (ours.isEmpty()) {
            EndpointSlice slice = new EndpointSliceBuilder().withNewMetadata()
                    .withName(service.getMetadata().getName() + "-" + stableSuffix(ns + "/"
                            + service.getMetadata().getName()))
                    .withNamespace(ns).withLabels(labels).withOwnerReferences(owner).endMetadata()
                    .withAddressType("IPv4").withEndpoints(endpoints).withPorts(ports).build();
            attempt("create " + describe(slice), () -> client.resource(slice).create());
            return;
        }
        EndpointSlice existing = ours.get(0);
        // One slice holds them all (the controller's limit is 100 endpoints a slice); duplicates go.
        ours.stream().skip(1).forEach(s -> attempt("delete duplicate " + describe(s),
                () -> client.resource(s).delete()));
        if (sliceKey(existing.getEndpoints(), existing.getPorts(), labels(existing))
                .equals(sliceKey(endpoints, ports, labels)) && "IPv4".equals(existing.getAddressType())) {
            return;
        }
        EndpointSlice updated = new EndpointSliceBuilder(existing).editMetadata().withLabels(labels)
                .withOwnerReferences(owner).endMetadata().withAddressType("IPv4").withEndpoints(endpoints)
                .withPorts(ports).build();
        attempt("update " + describe(updated), () -> client.resource(updated).update());
    }

    /**
     * A pod the EndpointSlice controller lists: it has an IP, has not ended and is not being deleted (the
     * controller's ShouldPodBeInEndpoints, staging/src/k8s.io/endpointslice/util/controller_utils.go). Ready or not:
     * the endpoint's conditions say which.
     */
    static boolean isEndpoint(Pod pod) {
        return ip(pod).isPresent() && pod.getMetadata().getDeletionTimestamp() == null
                && !"Succeeded".equals(pod.getStatus().getPhase()) && !"Failed".equals(pod.getStatus().getPhase());
    }

    private static Endpoint endpoint(Pod pod) {
        boolean ready = Pods.runningAndReady(pod);
        return new EndpointBuilder().withAddresses(ip(pod).orElseThrow())
                .withNewConditions().withReady(ready).withServing(ready).withTerminating(false).endConditions()
                .withNodeName(pod.getSpec() == null ? null : pod.getSpec().getNodeName())
                .withNewTargetRef().withKind("Pod").withNamespace(pod.getMetadata().getNamespace())
                .withName(pod.getMetadata().getName()).withUid(pod.getMetadata().getUid()).endTargetRef()
                .build();
    }

    /**
     * The Service's ports as endpoints serve them: {@code targetPort} when a number, the member pods' container port
     * of that name when a name (left out when no member has it), the Service port when not given.
     */
    private static List<EndpointPort> ports(Service service, List<Pod> members) {
        List<EndpointPort> ports = new ArrayList<>();
        for (ServicePort sp : service.getSpec().getPorts() == null ? List.<ServicePort>of()
                : service.getSpec().getPorts()) {
            IntOrString target = sp.getTargetPort();
            Integer port;
            if (target == null || (target.getIntVal() == null && target.getStrVal() == null)) {
                port = sp.getPort();
            } else if (target.getIntVal() != null) {
                port = target.getIntVal();
            } else {
                port = members.stream().flatMap(p -> p.getSpec().getContainers().stream())
                        .flatMap(c -> c.getPorts() == null ? List.<ContainerPort>of().stream() : c.getPorts().stream())
                        .filter(cp -> target.getStrVal().equals(cp.getName())).map(ContainerPort::getContainerPort)
                        .findFirst().orElse(null);
                if (port == null) {
                    continue;
                }
            }
            ports.add(new EndpointPortBuilder().withName(sp.getName() == null ? "" : sp.getName()).withPort(port)
                    .withProtocol(sp.getProtocol() == null ? "TCP" : sp.getProtocol())
                    .withAppProtocol(sp.getAppProtocol()).build());
        }
        return ports;
    }

    private static String sliceKey(List<Endpoint> endpoints, List<EndpointPort> ports, Map<String, String> labels) {
        String e = endpoints == null ? "" : endpoints.stream().map(x -> x.getAddresses() + " ready="
                + (x.getConditions() == null ? null : x.getConditions().getReady()) + " node=" + x.getNodeName()
                + " pod=" + (x.getTargetRef() == null ? null : x.getTargetRef().getName())).sorted()
                .collect(Collectors.joining(";"));
        String p = ports == null ? "" : ports.stream().map(x -> x.getName() + ":" + x.getPort() + "/"
                + x.getProtocol() + "/" + x.getAppProtocol()).collect(Collectors.joining(";"));
        return e + "|" + p + "|" + new TreeMap<>(labels);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Token controller

    /**
     * Fills a {@code kubernetes.io/service-account-token} Secret that names an existing ServiceAccount of its
     * namespace and has no token yet with {@code token}, {@code ca.crt} and {@code namespace}, and the account's
     * uid annotation. Both token and CA are fakes (FakeSecrets), shaped as the real ones.
     */
    private void tokens() {
        List<Secret> secrets = client.secrets().inAnyNamespace().list().getItems().stream()
                .filter(s -> TOKEN_TYPE.equals(s.getType())).toList();
        if (secrets.isEmpty()) {
            return;
        }
        Map<String, ServiceAccount> accounts = new HashMap<>();
        for (ServiceAccount sa : client.serviceAccounts().inAnyNamespace().list().getItems()) {
            accounts.put(key(sa), sa);
        }
        for (Secret secret : secrets) {
            String ns = secret.getMetadata().getNamespace();
            String account = secret.getMetadata().getAnnotations() == null ? null
                    : secret.getMetadata().getAnnotations().get(SERVICE_ACCOUNT_NAME);
            ServiceAccount sa = account == null ? null : accounts.get(ns + "/" + account);
            String token = secret.getData() == null ? null : secret.getData().get("token");
            if (sa == null || (token != null && !token.isBlank())) {
                continue;
            }
            String subject = "system:serviceaccount:" + ns + ":" + account;
            Secret filled = new SecretBuilder(secret)
                    .editMetadata().addToAnnotations(SERVICE_ACCOUNT_UID, Objects.toString(sa.getMetadata().getUid(),
                            "")).endMetadata()
                    .addToData("token", base64(FakeSecrets.jwt(subject)))
                    .addToData("ca.crt", base64(FakeSecrets.pem("CERTIFICATE", "the CA of cluster " + cluster
                            + ", a fake made by the controllers stand-in") + "\n"))
                    .addToData("namespace", base64(ns))
                    .build();
            attempt("fill token " + describe(secret), () -> client.resource(filled).update());
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // k3s servicelb

    /**
     * Gives every LoadBalancer Service without an address, and without a {@code loadBalancerClass} (servicelb leaves
     * those to whoever implements the class), the node's address.
     */
    private void serviceLoadBalancers() {
        for (Service service : client.services().inAnyNamespace().list().getItems()) {
            if (!"LoadBalancer".equals(service.getSpec().getType()) || service.getSpec().getLoadBalancerClass() != null
                    || (service.getStatus() != null && service.getStatus().getLoadBalancer() != null
                    && service.getStatus().getLoadBalancer().getIngress() != null
                    && !service.getStatus().getLoadBalancer().getIngress().isEmpty())) {
                continue;
            }
            Service copy = new ServiceBuilder(service).withStatus(
                    // ipMode VIP: what the API server fills in for an ingress IP (Kubernetes 1.30+, KEP-1860).
                    new ServiceStatusBuilder().withNewLoadBalancer().addNewIngress().withIp(nodeAddress)
                            .withIpMode("VIP").endIngress().endLoadBalancer().build()).build();
            attempt("give " + describe(service) + " the node's address", () -> client.services()
                    .inNamespace(service.getMetadata().getNamespace()).resource(copy).updateStatus());
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Helpers

    /** Runs one write, logged at debug; a refusal by the API server is left for the next pass. */
    private void attempt(String what, Runnable action) {
        if (tryTo(what, action)) {
            LOG.debug("Cluster '{}': {}", cluster, what);
        }
    }

    /**
     * Runs {@code action}; when the API server refuses something in it (404, 409, ...), logs that at debug and
     * returns false, leaving it to the next pass, as a controller's requeue would.
     */
    private boolean tryTo(String what, Runnable action) {
        try {
            action.run();
            return true;
        } catch (KubernetesClientException e) {
            LOG.debug("Cluster '{}': could not {} ({} {}); next pass retries", cluster, what, e.getCode(),
                    e.getMessage());
            return false;
        }
    }

    private static String key(HasMetadata o) {
        return o.getMetadata().getNamespace() + "/" + o.getMetadata().getName();
    }

    private static String describe(HasMetadata o) {
        return o.getKind() + " " + key(o);
    }

    private static Map<String, String> labels(HasMetadata o) {
        return o.getMetadata().getLabels() == null ? Map.of() : o.getMetadata().getLabels();
    }

    private static Optional<String> owner(HasMetadata o, String kind) {
        return o.getMetadata().getOwnerReferences() == null ? Optional.empty()
                : o.getMetadata().getOwnerReferences().stream().filter(r -> kind.equals(r.getKind()))
                .map(OwnerReference::getName).findFirst();
    }

    private static Optional<String> ip(Pod pod) {
        return pod.getStatus() == null || pod.getStatus().getPodIP() == null || pod.getStatus().getPodIP().isBlank()
                ? Optional.empty() : Optional.of(pod.getStatus().getPodIP());
    }

    private static String now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The pod-template-hash: FNV-1a (32 bits) of the template, its decimal digits written in the name alphabet,
     * as the deployment controller derives it (ComputeHash, then rand.SafeEncodeString). Same template, same hash.
     */
    static String templateHash(Deployment d) {
        int hash = 0x811c9dc5;
        for (byte b : Serialization.asJson(d.getSpec().getTemplate()).getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= 0x01000193;
        }
        StringBuilder out = new StringBuilder();
        for (char c : Long.toString(Integer.toUnsignedLong(hash)).toCharArray()) {
            out.append(ALPHABET.charAt(c % ALPHABET.length()));
        }
        return out.toString();
    }

    /** Five characters of the name alphabet, as the API server's generateName appends. */
    private static String randomSuffix() {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            out.append(ALPHABET.charAt(ThreadLocalRandom.current().nextInt(ALPHABET.length())));
        }
        return out.toString();
    }

    /** Five characters of the name alphabet derived from {@code seed}: the same every pass, for one Service. */
    static String stableSuffix(String seed) {
        long h = Integer.toUnsignedLong(seed.hashCode()) * 2654435761L;
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            out.append(ALPHABET.charAt((int) Math.floorMod(h, (long) ALPHABET.length())));
            h /= ALPHABET.length();
        }
        return out.toString();
    }
}
