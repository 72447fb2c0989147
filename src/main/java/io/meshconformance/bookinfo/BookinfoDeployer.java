package io.meshconformance.bookinfo;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.meshconformance.cluster.MeshCluster;
import io.meshconformance.cluster.Namespaces;
import io.meshconformance.config.LabelSelector;
import io.meshconformance.cluster.Manifests;
import io.meshconformance.istio.IstiodRevision;
import io.meshconformance.lifecycle.CleanupStack;
import io.meshconformance.lifecycle.Layer;
import io.meshconformance.lifecycle.RunId;
import io.meshconformance.lifecycle.Waits;

/**
 * Deploys the split Bookinfo (bookinfo/*.yaml, written for this harness) into one namespace per run, created in
 * both clusters, labelled for sidecar injection and with the run so diagnostics can find it.
 */
public final class BookinfoDeployer {

    public static final Path PRIMARY = Path.of("bookinfo/primary.yaml");
    public static final Path REMOTE = Path.of("bookinfo/remote.yaml");
    public static final Path GATEWAY = Path.of("bookinfo/gateway.yaml");
    static final Duration POLL = Duration.ofSeconds(3);

    private final String registry;
    private final String tag;
    private final RunId run;
    private final Duration timeout;
    private final LabelSelector ingressSelector;

    /** @param ingressSelector the labels of the ingress gateway pods the run's Gateway binds to */
    public BookinfoDeployer(String registry, String tag, RunId run, Duration timeout,
                            LabelSelector ingressSelector) {
        this.ingressSelector = ingressSelector;
        this.registry = registry;
        this.tag = tag;
        this.run = run;
        this.timeout = timeout;
    }

    /** {@code bookinfo-<run>}: unique per run, so a run never touches another's objects. */
    public String namespace() {
        return namespace(run);
    }

    /** The namespace of {@code run}'s Bookinfo, in every cluster. */
    public static String namespace(RunId run) {
        return "bookinfo-" + run.value();
    }

    /**
     * The host the run's Gateway and VirtualService answer for, sent as the Host header by the page client; under
     * the reserved .test domain (RFC 2606), so it can never be a real name.
     */
    public String host() {
        return namespace() + ".conformance.test";
    }

    public LabelSelector ingressSelector() {
        return ingressSelector;
    }

    /** What this deployer deploys, injected by {@code controlPlane}, as later stages use it. */
    public BookinfoDeployment deployment(IstiodRevision controlPlane) {
        return new BookinfoDeployment(namespace(), host(), ingressSelector, controlPlane);
    }

    public Map<String, String> labels() {
        return run.labels();
    }

    /** The manifest text with the image registry and tag filled in. */
    public String render(Path manifest) {
        String text = Manifests.read(manifest).replace("${BOOKINFO_REGISTRY}", registry).replace("${BOOKINFO_TAG}", tag)
                .replace("${BOOKINFO_HOST}", host())
                .replace("${INGRESS_SELECTOR}", ingressSelector.flowMapping());
        int left = text.indexOf("${");
        if (left >= 0) {
            throw new IllegalStateException(manifest + " has a placeholder the harness does not fill: "
                    + text.substring(left, Math.min(text.length(), left + 40)));
        }
        return text;
    }

    /**
     * Creates the run's namespace in {@code cluster}, labelled so that {@code controlPlane}'s injector takes its pods
     * ({@link IstiodRevision#injectionLabel()}); its deletion is the undo.
     */
    public void createNamespace(MeshCluster cluster, IstiodRevision controlPlane, CleanupStack cleanup) {
        Namespaces.claim(cluster, namespace(), run, controlPlane.injectionLabel().labels(), cleanup,
                "Its name is unique per run, so it is a leftover: remove it, or start a new run (it gets a new name)");
    }

    /** Applies {@code manifests} into the run's namespace of {@code cluster}; returns what it applied. */
    public List<HasMetadata> apply(MeshCluster cluster, List<Path> manifests, CleanupStack cleanup) {
        List<HasMetadata> applied = new ArrayList<>();
        for (Path manifest : manifests) {
            List<HasMetadata> objects = Manifests.parse(cluster.client(), render(manifest));
            applied.addAll(Manifests.apply(cluster.client(), cluster.name(), objects, namespace(), labels(), cleanup));
        }
        return applied;
    }

    /**
     * Waits until every Deployment of the run's namespace in {@code cluster} has all its replicas ready. When what
     * was seen last is an image that cannot be pulled, the timeout points at the clusters' layer, whatever stage
     * waited.
     */
    public void awaitReady(MeshCluster cluster) {
        AtomicBoolean imagesMissing = new AtomicBoolean();
        try {
            Waits.until("cluster '" + cluster.name() + "': Bookinfo Deployments in " + namespace() + " ready", timeout,
                    POLL, () -> {
                        imagesMissing.set(false);
                        Optional<NotReady> notReady = notReady(cluster.client(), namespace());
                        notReady.ifPresent(n -> imagesMissing.set(n.imagesMissing()));
                        return notReady.map(NotReady::seen);
                    });
        } catch (Waits.WaitTimeoutException e) {
            throw imagesMissing.get() ? e.pointingAt(Layer.CLUSTER) : e;
        }
    }

    /**
     * Why productpage in {@code primary} cannot reach details, when the primary itself shows it: the run's details
     * Service is gone there, so the name details.&lt;namespace&gt; does not resolve and productpage never calls
     * across, whatever the mesh knows.
     */
    public Optional<String> detailsUnresolvable(MeshCluster primary) {
        boolean present = primary.client().services().inNamespace(namespace()).withName("details").get() != null;
        return present ? Optional.empty() : Optional.of("the primary has no Service details in " + namespace()
                + ", so productpage cannot resolve details." + namespace() + " (bookinfo/primary.yaml creates that"
                + " Service, without a Deployment, for the name to resolve): something removed it");
    }

    /** What keeps the Deployments from being ready, and whether an image that cannot be pulled is among it. */
    record NotReady(String seen, boolean imagesMissing) {
    }

    static Optional<NotReady> notReady(KubernetesClient client, String namespace) {
        List<Deployment> deployments = client.apps().deployments().inNamespace(namespace).list().getItems();
        if (deployments.isEmpty()) {
            return Optional.of(new NotReady("no Deployments in " + namespace, false));
        }
        List<String> problems = new ArrayList<>();
        boolean imagesMissing = false;
        for (Deployment d : deployments) {
            int want = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
            // The API server leaves readyReplicas out when it is 0: absent is 0, not "unknown".
            Integer ready = d.getStatus() == null ? null : d.getStatus().getReadyReplicas();
            if ((ready == null ? 0 : ready) < want) {
                List<Waiting> waiting = waitingContainers(client, namespace, d);
                imagesMissing |= waiting.stream().anyMatch(Waiting::image);
                problems.add(d.getMetadata().getName() + " " + (ready == null ? 0 : ready) + "/" + want + " ready"
                        + (waiting.isEmpty() ? "" : waiting.stream().map(Waiting::text)
                        .collect(Collectors.joining(", ", " [", "]"))) + creationTrouble(d));
            }
        }
        return problems.isEmpty() ? Optional.empty()
                : Optional.of(new NotReady(String.join("; ", problems), imagesMissing));
    }

    /**
     * Why pods were not even created, from the Deployment's ReplicaFailure condition: the usual sign of a sidecar
     * injection webhook that cannot be reached (in the remote: through the east-west gateway to the primary's
     * istiod).
     */
    private static String creationTrouble(Deployment d) {
        if (d.getStatus() == null || d.getStatus().getConditions() == null) {
            return "";
        }
        return d.getStatus().getConditions().stream()
                .filter(c -> "ReplicaFailure".equals(c.getType()) && "True".equals(c.getStatus()))
                .map(c -> " [pods not created: " + c.getReason() + ": " + c.getMessage() + "]")
                .findFirst().orElse("");
    }

    /** A container that waits, in words, and whether it waits for an image the cluster cannot pull. */
    private record Waiting(String text, boolean image) {
    }

    /** Why a Deployment's pods are not ready, in the words of their waiting containers' statuses. */
    private static List<Waiting> waitingContainers(KubernetesClient client, String namespace, Deployment d) {
        Map<String, String> selector = d.getSpec().getSelector().getMatchLabels();
        List<Waiting> waiting = new ArrayList<>();
        for (Pod pod : client.pods().inNamespace(namespace).withLabels(selector).list().getItems()) {
            if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
                continue;
            }
            for (ContainerStatus cs : pod.getStatus().getContainerStatuses()) {
                if (cs.getState() != null && cs.getState().getWaiting() != null) {
                    String reason = cs.getState().getWaiting().getReason();
                    boolean image = reason != null && (reason.contains("ImagePull") || reason.contains("ErrImage"));
                    waiting.add(new Waiting(cs.getName() + " " + reason + (image ? " (image " + cs.getImage()
                            + " cannot be pulled inside the cluster: see mesh.images.mirror and mesh.images.preload)"
                            : ""), image));
                }
            }
        }
        return waiting;
    }
}
