package io.meshconformance.istio;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

import io.meshconformance.config.Keys;
import io.meshconformance.config.LabelSelector;

/**
 * The control plane a run uses: istiod's namespace, its revision (none for a control plane installed without one,
 * whose objects the chart labels {@code istio.io/rev: default}), the revision tag the run's namespaces name instead
 * when there is one, and how the run came to it. From it follow the labels of istiod's pods, the names of its
 * Deployment and Service, and the label that makes its injector take the run's namespaces (istio/istio 1.30.3
 * manifests/charts/istio-control/istio-discovery/templates/deployment.yaml, mutatingwebhook.yaml,
 * revision-tags-mwc.yaml). Pure.
 *
 * @param revision empty for the default revision; never {@code "default"}
 * @param tag      the revision tag that names {@code revision}, when the run's namespaces select the injector by it
 */
public record IstiodRevision(String namespace, Optional<String> revision, Optional<String> tag, Found found) {

    /** The label of the revision on istiod's objects, and on a namespace whose pods that revision injects. */
    public static final String REV_LABEL = "istio.io/rev";
    /** The label of a revision tag's MutatingWebhookConfiguration (its {@link #REV_LABEL} names the revision). */
    public static final String TAG_LABEL = "istio.io/tag";
    /** The label that only the default revision (or the {@code default} tag) injects by. */
    public static final String LEGACY_INJECTION_LABEL = "istio-injection";
    /** What the chart writes into {@link #REV_LABEL} when istiod has no revision, and the tag of the mesh's default. */
    public static final String DEFAULT = "default";

    /** How the run came to the control plane it uses. */
    public enum Found {
        INSTALLED("installed by this run"),
        ONLY_ONE("the only istiod there"),
        DEFAULT_TAG("the revision the default tag points at"),
        DEFAULT_REVISION("the default revision, with no default tag"),
        GIVEN_REVISION(Keys.ISTIO_REVISION + " names the revision"),
        GIVEN_TAG(Keys.ISTIO_REVISION + " names a revision tag");

        private final String words;

        Found(String words) {
            this.words = words;
        }

        @Override
        public String toString() {
            return words;
        }
    }

    public IstiodRevision {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(found, "found");
        if (revision.filter(DEFAULT::equals).isPresent()) {
            throw new IllegalArgumentException("the default revision is written as no revision, not '" + DEFAULT
                    + "'");
        }
    }

    /** What the run installs: istio-system, no revision (the istio.io primary-remote pages). */
    public static IstiodRevision installedByRun() {
        return new IstiodRevision(IstioPlan.NAMESPACE, Optional.empty(), Optional.empty(), Found.INSTALLED);
    }

    /** A revision as an {@link #REV_LABEL} value names it: {@code default} (or nothing) is the default revision. */
    public static Optional<String> revisionOf(String revLabelValue) {
        return revLabelValue == null || revLabelValue.equals(DEFAULT) ? Optional.empty() : Optional.of(revLabelValue);
    }

    /** The value of {@link #REV_LABEL} on istiod's objects: the revision, or {@code default}. */
    public String revLabelValue() {
        return revision.orElse(DEFAULT);
    }

    /**
     * The labels of this revision's istiod pods: {@code app=istiod} and {@code istio.io/rev=<revision>}, which the
     * chart writes as {@code default} for the default revision, so that among several revisions the right one is read.
     */
    public LabelSelector podSelector() {
        Map<String, String> labels = new TreeMap<>(IstioPlan.ISTIOD_POD_LABEL.labels());
        labels.put(REV_LABEL, revLabelValue());
        return LabelSelector.of(labels);
    }

    /** Whether a Deployment (or pod) with {@code labels} is this revision's istiod. */
    public boolean isIstiod(Map<String, String> labels) {
        Map<String, String> present = Objects.requireNonNullElse(labels, Map.of());
        return IstioPlan.ISTIOD_POD_LABEL.matches(present)
                && revLabelValue().equals(present.getOrDefault(REV_LABEL, DEFAULT));
    }

    /**
     * The label the run's namespaces get so that this control plane's injector takes their pods: {@code
     * istio.io/rev=<tag or revision>}, or {@code istio-injection=enabled} for the default revision (its webhooks
     * select that label; a revision's webhook selects {@code istio.io/rev} only where {@code istio-injection} is
     * absent, so a namespace never carries both).
     */
    public LabelSelector injectionLabel() {
        return tag.or(() -> revision).map(value -> LabelSelector.of(REV_LABEL, value))
                .orElseGet(() -> LabelSelector.of(LEGACY_INJECTION_LABEL, "enabled"));
    }

    /** {@code istiod} or {@code istiod-<revision>}: the name of the Deployment, and of the Service the remotes use. */
    public String istiodName() {
        return "istiod" + revision.map(r -> "-" + r).orElse("");
    }

    /**
     * One line for logs and the report: "istiod revision 1-30-3 in istio-system (the only istiod there); the run's
     * namespaces are labelled istio.io/rev=1-30-3".
     */
    public String describe() {
        return "istiod " + revision.map(r -> "revision " + r).orElse("without a revision (istio.io/rev=default)")
                + tag.map(t -> " through tag " + t).orElse("") + " in " + namespace + " (" + found + ")"
                + "; the run's namespaces are labelled " + injectionLabel();
    }
}
