package io.meshconformance.doctor;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.meshconformance.cluster.MeshCluster;
import io.meshconformance.config.Keys;
import io.meshconformance.istio.IstioPlan;

/**
 * Checks that a remote has Istio's remote profile led by the primary: no istiod of its own, the control-plane
 * annotation naming the primary, and the Service istiod that leads to the primary's (or, when the run installs
 * Istio, that there is no Istio yet).
 */
final class IstioRemoteCheck extends ClusterCheck {

    private final DoctorContext context;

    IstioRemoteCheck(DoctorContext context, MeshCluster remote) {
        super(Check.ISTIO_REMOTE, remote);
        this.context = context;
    }

    @Override
    public CheckResult run() {
        MeshCluster remote = cluster();
        String primary = context.primary().name();
        Namespace namespace = remote.client().namespaces().withName(IstioPlan.NAMESPACE).get();
        if (context.expect().istioByRun()) {
            return FreshInstall.verdict(this, namespace, context);
        }
        if (namespace == null) {
            return fail("no namespace " + IstioPlan.NAMESPACE,
                    "install the remote profile (istio.io primary-remote: annotate istio-system with "
                            + IstioPlan.CONTROL_PLANE_CLUSTERS + "=" + primary + ", then charts base and"
                            + " istiod with profile=remote), or set " + Keys.EXISTING_INSTALL + "=true");
        }
        List<Deployment> ownIstiod = IstiodDeployments.istiods(remote).stream()
                .filter(d -> IstiodDeployments.readyReplicas(d) > 0).toList();
        if (!ownIstiod.isEmpty()) {
            return fail("a ready istiod runs in the remote ("
                    + IstioPlan.NAMESPACE + "/" + ownIstiod.get(0).getMetadata().getName() + ")",
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
            return fail("namespace " + IstioPlan.NAMESPACE + " has "
                    + (controlPlane == null ? "no " + IstioPlan.CONTROL_PLANE_CLUSTERS + " annotation"
                    : IstioPlan.CONTROL_PLANE_CLUSTERS + "=" + controlPlane)
                    + (spaced ? ", whose items istiod compares as written, spaces included" : ""),
                    "without it naming '" + primary + "' (or *) the primary's istiod does not lead the remote (no"
                            + " root certificate, no webhook patching): kubectl --context <remote> annotate namespace "
                            + IstioPlan.NAMESPACE + " " + IstioPlan.CONTROL_PLANE_CLUSTERS + "=" + wanted
                            + " --overwrite");
        }
        if (remote.client().services().inNamespace(IstioPlan.NAMESPACE).withName("istiod").get() == null) {
            return fail("no Service " + IstioPlan.NAMESPACE + "/istiod",
                    "the remote profile renders a Service istiod that leads to the primary's istiod; install"
                            + " the istiod chart with profile=remote and global.remotePilotAddress");
        }
        return pass("remote profile: no local istiod, Service "
                + IstioPlan.NAMESPACE + "/istiod present, " + IstioPlan.CONTROL_PLANE_CLUSTERS + "="
                + controlPlane);
    }
}
