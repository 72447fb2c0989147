package io.meshconformance.doctor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.meshconformance.bookinfo.BookinfoDeployer;
import io.meshconformance.cluster.MeshCluster;
import io.meshconformance.cluster.SelectorMatch;
import io.meshconformance.config.Keys;
import io.meshconformance.istio.IstiodRevision;

/**
 * Checks that the label the run's namespaces will carry ({@link IstiodRevision#injectionLabel()}) is selected by a
 * sidecar injector webhook in a cluster, so that the run's pods get their sidecars: each webhook named
 * {@code *sidecar-injector.istio.io} of every MutatingWebhookConfiguration, its namespaceSelector evaluated against
 * that label and {@code kubernetes.io/metadata.name=<namespace>}, which the API server sets on every namespace. In a
 * remote, the remote profile installs its own injector configuration, pointing at the primary's istiod, so the same
 * holds there (istio/istio 1.30.3 istio-discovery templates/mutatingwebhook.yaml, revision-tags-mwc.yaml).
 */
final class InjectionWebhookCheck extends ClusterCheck {

    /** The suffix of every sidecar injector webhook's name in Istio's charts (prefixes rev.namespace., object., ...). */
    static final String INJECTOR_SUFFIX = "sidecar-injector.istio.io";
    /** The label the API server sets on every namespace to its name (Kubernetes 1.22+). */
    static final String NAME_LABEL = "kubernetes.io/metadata.name";

    private final DoctorContext context;
    private final IstioPrimaryCheck istioPrimary;

    /** @param istioPrimary the primary's check, run before this one: the control plane the run uses */
    InjectionWebhookCheck(DoctorContext context, MeshCluster cluster, IstioPrimaryCheck istioPrimary) {
        super(Check.INJECTION_WEBHOOK, cluster);
        this.context = context;
        this.istioPrimary = istioPrimary;
    }

    @Override
    public CheckResult run() {
        if (context.expect().istioByRun()) {
            return skip("this run installs Istio; its injector takes the run's namespaces, labelled "
                    + IstiodRevision.installedByRun().injectionLabel());
        }
        Optional<IstiodRevision> found = istioPrimary.controlPlane();
        if (found.isEmpty()) {
            return skip("not checked: no control plane was found in the primary (see 'istio-primary')");
        }
        IstiodRevision controlPlane = found.get();
        String namespace = context.run().map(BookinfoDeployer::namespace).orElse(context.expect().appNamespace());
        Map<String, String> labels = new TreeMap<>(controlPlane.injectionLabel().labels());
        labels.put(NAME_LABEL, namespace);
        List<MutatingWebhookConfiguration> configurations = cluster().client().admissionRegistration().v1()
                .mutatingWebhookConfigurations().list().getItems();
        List<String> selecting = new ArrayList<>();
        List<String> ofOtherRevisions = new ArrayList<>();
        List<String> injectors = new ArrayList<>();
        for (MutatingWebhookConfiguration configuration : configurations) {
            String name = configuration.getMetadata().getName();
            String revision = Objects.requireNonNullElse(configuration.getMetadata().getLabels(), Map.<String, String>of())
                    .getOrDefault(IstiodRevision.REV_LABEL, "?");
            for (MutatingWebhook webhook : Objects.requireNonNullElse(configuration.getWebhooks(),
                    List.<MutatingWebhook>of())) {
                if (webhook.getName() == null || !webhook.getName().endsWith(INJECTOR_SUFFIX)) {
                    continue;
                }
                String described = name + " (" + IstiodRevision.REV_LABEL + "=" + revision + ") webhook "
                        + webhook.getName();
                injectors.add(name + " (" + IstiodRevision.REV_LABEL + "=" + revision + ")");
                if (SelectorMatch.matches(webhook.getNamespaceSelector(), labels)) {
                    (revision.equals(controlPlane.revLabelValue()) ? selecting : ofOtherRevisions).add(described);
                }
            }
        }
        String label = controlPlane.injectionLabel().toString();
        if (!selecting.isEmpty()) {
            return pass("a namespace labelled " + label + " is selected by " + String.join(", ", selecting));
        }
        if (!ofOtherRevisions.isEmpty()) {
            return warn("a namespace labelled " + label + " is selected only by " + String.join(", ",
                    ofOtherRevisions) + ", not by an injector of the run's " + controlPlane.describe(),
                    "the run's pods would get sidecars of another revision than the istiod the run reads; set "
                            + Keys.ISTIO_REVISION + " to that revision, or point the tag at "
                            + controlPlane.revLabelValue() + " (istioctl tag set <tag> --revision "
                            + controlPlane.revLabelValue() + " --overwrite)");
        }
        String seen = injectors.isEmpty() ? "no sidecar injector (no webhook named *" + INJECTOR_SUFFIX + ") in '"
                + cluster().name() + "'" : "no sidecar injector webhook in '" + cluster().name() + "' selects a"
                + " namespace labelled " + label + "; the injectors there: " + injectors.stream().distinct()
                .collect(Collectors.joining(", "));
        return fail(seen, "the run's pods would start without sidecars: set " + Keys.ISTIO_REVISION + " to a revision"
                + " or tag whose injector is installed here (istioctl tag list), or make "
                + controlPlane.revLabelValue() + " the default: istioctl tag set default --revision "
                + controlPlane.revLabelValue() + (cluster().spec().isPrimary() ? ""
                : "; a remote needs the remote profile installed with the primary's revision"));
    }
}
