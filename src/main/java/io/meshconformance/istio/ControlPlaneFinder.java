package io.meshconformance.istio;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.meshconformance.cluster.MeshCluster;
import io.meshconformance.config.Keys;

/**
 * Finds the control plane a run that verifies the user's mesh uses, in the primary: the istiod Deployments of the
 * configured namespace (one per revision, labelled {@code app=istiod} and {@code istio.io/rev}), and the revision
 * tags (MutatingWebhookConfigurations labelled {@code istio.io/tag=<tag>} and {@code istio.io/rev=<revision>};
 * istio/istio 1.30.3 manifests/charts/istio-control/istio-discovery/templates/revision-tags-mwc.yaml). A given
 * {@code mesh.istio.revision} must name one of them; without it, the only istiod is taken, or among several the one
 * the {@code default} tag points at, or without that tag the default revision (installed without a revision), which
 * alone then injects namespaces labelled {@code istio-injection=enabled} (mutatingwebhook.yaml). Anything else is a
 * {@link NotFound} that says what was seen and what to do.
 */
public final class ControlPlaneFinder {

    /** No control plane could be chosen: what was seen, and the fix, as the doctor reports them. */
    public static final class NotFound extends RuntimeException {

        private final String seen;
        private final String fix;

        NotFound(String seen, String fix) {
            super(seen + ": " + fix);
            this.seen = seen;
            this.fix = fix;
        }

        public String seen() {
            return seen;
        }

        public String fix() {
            return fix;
        }
    }

    /** Why the remotes need the same namespace (istio/istio 1.30.3 pilot/pkg/serviceregistry/kube/controller). */
    public static final String SAME_NAMESPACE = "the remotes' Istio must be in a namespace of that same name, as"
            + " istiod reads the labels and annotations of its own namespace's name in every cluster (multicluster.go"
            + " checkShouldLead, controller.go)";

    private ControlPlaneFinder() {
    }

    /**
     * The control plane in {@code namespace} of {@code primary}, as {@code given} (a revision or tag) names it or,
     * without it, as the cluster says.
     *
     * @throws NotFound when there is no istiod there, or the choice is not clear
     */
    public static IstiodRevision find(MeshCluster primary, String namespace, Optional<String> given) {
        List<Deployment> istiods = primary.client().apps().deployments().inNamespace(namespace)
                .withLabels(IstioPlan.ISTIOD_POD_LABEL.labels()).list().getItems();
        if (istiods.isEmpty()) {
            throw new NotFound("no Deployment labelled " + IstioPlan.ISTIOD_POD_LABEL + " in " + namespace
                    + " of cluster '" + primary.name() + "'" + elsewhere(primary, namespace).map(o -> "; there are"
                    + " istiod Deployments in " + o).orElse(""), fix(primary, namespace));
        }
        List<MutatingWebhookConfiguration> tags = primary.client().admissionRegistration().v1()
                .mutatingWebhookConfigurations().withLabel(IstiodRevision.TAG_LABEL).list().getItems();
        return choose(primary.name(), namespace, given, istiods, tags);
    }

    /**
     * What to do when {@code namespace} holds no istiod: point {@code mesh.istio.namespace} at the namespace that has
     * one, or install it.
     */
    public static String fix(MeshCluster primary, String namespace) {
        Optional<String> other = elsewhere(primary, namespace).map(found -> found.split("/", 2)[0]);
        return other.map(ns -> "set " + Keys.ISTIO_NAMESPACE + "=" + ns + " to verify the control plane there ("
                        + SAME_NAMESPACE + ")")
                .orElse("install istiod in the primary (chart istiod), or set " + Keys.EXISTING_INSTALL
                        + "=true to let the run install it");
    }

    /**
     * The istiod Deployments of the whole cluster outside {@code namespace}, as {@code ns/name} joined by commas;
     * empty when there are none (or none that may be listed).
     */
    public static Optional<String> elsewhere(MeshCluster primary, String namespace) {
        List<Deployment> all;
        try {
            all = primary.client().apps().deployments().inAnyNamespace()
                    .withLabels(IstioPlan.ISTIOD_POD_LABEL.labels()).list().getItems();
        } catch (KubernetesClientException e) {
            return Optional.empty(); // credentials limited to some namespaces may not list across them
        }
        List<String> found = all.stream().filter(d -> !namespace.equals(d.getMetadata().getNamespace()))
                .map(d -> d.getMetadata().getNamespace() + "/" + d.getMetadata().getName()).sorted().toList();
        return found.isEmpty() ? Optional.empty() : Optional.of(String.join(", ", found));
    }

    /** The choice among {@code istiods} (not empty) and the tag webhooks, by the rules of this class. Pure. */
    static IstiodRevision choose(String cluster, String namespace, Optional<String> given, List<Deployment> istiods,
            List<MutatingWebhookConfiguration> tagWebhooks) {
        SortedSet<String> revisions = istiods.stream().map(ControlPlaneFinder::revLabel)
                .collect(Collectors.toCollection(TreeSet::new));
        SortedMap<String, String> tags = new TreeMap<>();
        // Sorted, so that the same objects give the same choice whatever order the API server lists them in.
        tagWebhooks.stream().sorted(Comparator.comparing((MutatingWebhookConfiguration w) -> w.getMetadata().getName())
                        .thenComparing(w -> labels(w).getOrDefault(IstiodRevision.REV_LABEL, "")))
                .forEach(w -> {
                    Map<String, String> labels = labels(w);
                    String rev = labels.getOrDefault(IstiodRevision.REV_LABEL, IstiodRevision.DEFAULT);
                    // Tags of control planes in other namespaces point at revisions this one does not have.
                    if (labels.containsKey(IstiodRevision.TAG_LABEL) && revisions.contains(rev)) {
                        tags.putIfAbsent(labels.get(IstiodRevision.TAG_LABEL), rev);
                    }
                });
        String where = namespace + " of cluster '" + cluster + "'";
        if (given.isPresent()) {
            String value = given.get();
            if (revisions.contains(value)) {
                return new IstiodRevision(namespace, IstiodRevision.revisionOf(value), Optional.empty(),
                        IstiodRevision.Found.GIVEN_REVISION);
            }
            if (tags.containsKey(value)) {
                return new IstiodRevision(namespace, IstiodRevision.revisionOf(tags.get(value)), Optional.of(value),
                        IstiodRevision.Found.GIVEN_TAG);
            }
            throw new NotFound(Keys.ISTIO_REVISION + "=" + value + " names neither a revision of istiod nor a"
                    + " revision tag in " + where + ": " + seen(revisions, tags), "set " + Keys.ISTIO_REVISION
                    + " to one of those (istioctl tag list shows the tags), or leave it unset to use the only istiod"
                    + " or the revision the default tag points at");
        }
        if (revisions.size() == 1) {
            return new IstiodRevision(namespace, IstiodRevision.revisionOf(revisions.first()), Optional.empty(),
                    IstiodRevision.Found.ONLY_ONE);
        }
        if (tags.containsKey(IstiodRevision.DEFAULT)) {
            return new IstiodRevision(namespace, IstiodRevision.revisionOf(tags.get(IstiodRevision.DEFAULT)),
                    Optional.empty(), IstiodRevision.Found.DEFAULT_TAG);
        }
        if (revisions.contains(IstiodRevision.DEFAULT)) {
            return new IstiodRevision(namespace, Optional.empty(), Optional.empty(),
                    IstiodRevision.Found.DEFAULT_REVISION);
        }
        throw new NotFound(where + " has istiods of several revisions and no default tag (a"
                + " MutatingWebhookConfiguration labelled " + IstiodRevision.TAG_LABEL + "=" + IstiodRevision.DEFAULT
                + "): " + seen(revisions, tags), "set " + Keys.ISTIO_REVISION + " to the revision (or tag) the run"
                + " should use, or make one the default: istioctl tag set default --revision <revision>");
    }

    private static String seen(SortedSet<String> revisions, SortedMap<String, String> tags) {
        return "revisions " + String.join(", ", revisions) + (tags.isEmpty() ? "; no revision tags"
                : "; tags " + tags.entrySet().stream().map(t -> t.getKey() + " -> " + t.getValue())
                .collect(Collectors.joining(", ")));
    }

    /** istiod's revision as its label says; an istiod without the label is the default one. */
    private static String revLabel(Deployment istiod) {
        return labels(istiod).getOrDefault(IstiodRevision.REV_LABEL, IstiodRevision.DEFAULT);
    }

    private static Map<String, String> labels(HasMetadata object) {
        return Objects.requireNonNullElse(object.getMetadata().getLabels(), Map.of());
    }
}
