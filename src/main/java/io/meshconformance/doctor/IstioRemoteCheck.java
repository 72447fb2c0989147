package io.meshconformance.doctor;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.meshconformance.cluster.MeshCluster;
import io.meshconformance.config.Keys;
import io.meshconformance.istio.ControlPlaneFinder;
import io.meshconformance.istio.IstioPlan;
import io.meshconformance.istio.IstiodRevision;

/**
 * Checks that a remote has Istio's remote profile led by the primary, in the namespace of istiod's name: no istiod of
 * its own, the control-plane annotation naming the primary, and the Service istiod (istiod-&lt;revision&gt;) that
 * leads to the primary's (or, when the run installs Istio, that there is no Istio yet).
 */
final class IstioRemoteCheck extends ClusterCheck {

    private final DoctorContext context;
    private final IstioPrimaryCheck istioPrimary;

    /** @param istioPrimary the primary's check, run before this one: the revision whose Service to look for */
    IstioRemoteCheck(DoctorContext context, MeshCluster remote, IstioPrimaryCheck istioPrimary) {
        super(Check.ISTIO_REMOTE, remote);
        this.context = context;
        this.istioPrimary = istioPrimary;
    }

    @Override
    public CheckResult run() {
        MeshCluster remote = cluster();
        String primary = context.primary().name();
        if (context.expect().istioByRun()) {
            return FreshInstall.verdict(this, remote.client().namespaces().withName(IstioPlan.NAMESPACE).get(),
                    context);
        }
        String istioNamespace = context.istioNamespace();
        Namespace namespace = remote.client().namespaces().withName(istioNamespace).get();
        if (namespace == null) {
            return fail("no namespace " + istioNamespace,
                    "install the remote profile (istio.io primary-remote: annotate " + istioNamespace + " with "
                            + IstioPlan.CONTROL_PLANE_CLUSTERS + "=" + primary + ", then charts base and"
                            + " istiod with profile=remote" + istioPrimary.controlPlane().flatMap(IstiodRevision::revision)
                            .map(r -> " and revision=" + r).orElse("") + "), or set " + Keys.EXISTING_INSTALL
                            + "=true" + (istioNamespace.equals(IstioPlan.NAMESPACE) ? ""
                            : "; " + ControlPlaneFinder.SAME_NAMESPACE));
        }
        List<Deployment> ownIstiod = IstiodDeployments.istiods(remote, istioNamespace).stream()
                .filter(d -> IstiodDeployments.readyReplicas(d) > 0).toList();
        if (!ownIstiod.isEmpty()) {
            return fail("a ready istiod runs in the remote ("
                    + istioNamespace + "/" + ownIstiod.get(0).getMetadata().getName() + ")",
                    "this cluster runs its own control plane (a primary, as in multi-primary), not the remote"
                            + " profile; reinstall it with profile=remote, or point the topology at the right"
                            + " cluster");
        }
        Map<String, String> annotations = Objects.requireNonNullElse(namespace.getMetadata().getAnnotations(),
                Map.of());
        String controlPlane = annotations.get(IstioPlan.CONTROL_PLANE_CLUSTERS);
        // istiod leads when an item, split at commas and compared as written (no trimming), is "*" or its own
        // cluster id (istio/istio 1.30.3 pilot/pkg/serviceregistry/kube/controller/multicluster.go, checkShouldLead).
        List<String> items = controlPlane == null ? List.of() : Arrays.asList(controlPlane.split(",", -1));
        if (items.stream().noneMatch(item -> item.equals("*") || item.equals(primary))) {
            boolean spaced = items.stream().map(String::strip).anyMatch(item -> item.equals("*")
                    || item.equals(primary));
            String wanted = spaced ? String.join(",", items.stream().map(String::strip)
                    .filter(item -> !item.isEmpty()).toList()) : primary;
            return fail("namespace " + istioNamespace + " has "
                    + (controlPlane == null ? "no " + IstioPlan.CONTROL_PLANE_CLUSTERS + " annotation"
                    : IstioPlan.CONTROL_PLANE_CLUSTERS + "=" + controlPlane)
                    + (spaced ? ", whose items istiod compares as written, spaces included" : ""),
                    "without it naming '" + primary + "' (or *) the primary's istiod does not lead the remote (no"
                            + " root certificate, no webhook patching): kubectl --context <remote> annotate namespace "
                            + istioNamespace + " " + IstioPlan.CONTROL_PLANE_CLUSTERS + "=" + wanted
                            + " --overwrite");
        }
        // istiod-<revision> with a revision (istio/istio 1.30.3 istio-discovery templates/remote-istiod-service.yaml).
        String service = istioPrimary.controlPlane().map(IstiodRevision::istiodName).orElse("istiod");
        if (remote.client().services().inNamespace(istioNamespace).withName(service).get() == null) {
            return fail("no Service " + istioNamespace + "/" + service,
                    "the remote profile renders a Service " + service + " that leads to the primary's istiod; install"
                            + " the istiod chart with profile=remote and global.remotePilotAddress"
                            + (service.equals("istiod") ? "" : " and the primary's revision"));
        }
        return pass("remote profile: no local istiod, Service "
                + istioNamespace + "/" + service + " present, " + IstioPlan.CONTROL_PLANE_CLUSTERS + "="
                + controlPlane);
    }
}
