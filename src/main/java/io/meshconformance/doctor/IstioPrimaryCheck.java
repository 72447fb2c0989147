package io.meshconformance.doctor;

import java.util.Optional;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.meshconformance.cluster.MeshCluster;
import io.meshconformance.config.Keys;
import io.meshconformance.istio.ControlPlaneFinder;
import io.meshconformance.istio.IstioPlan;
import io.meshconformance.istio.IstiodRevision;

/**
 * Checks that a ready istiod runs in the primary, in istiod's namespace (mesh.istio.namespace), of the revision the
 * run uses ({@link ControlPlaneFinder}), and calls its cluster by the topology's name (or, when the run installs
 * Istio, that there is none yet); the control plane found, and whether its istiod is ready, are kept for the checks
 * that read it after this one.
 */
final class IstioPrimaryCheck extends ClusterCheck {

    /** The env var the istiod chart sets from global.multiCluster.clusterName (default "Kubernetes"). */
    static final String CLUSTER_ID_ENV = "CLUSTER_ID";
    static final String DEFAULT_CLUSTER_ID = "Kubernetes";

    private final DoctorContext context;
    private boolean istiodReady;
    private Optional<IstiodRevision> controlPlane = Optional.empty();

    IstioPrimaryCheck(DoctorContext context) {
        super(Check.ISTIO_PRIMARY, context.primary());
        this.context = context;
    }

    /** Whether this check found a ready istiod that calls its cluster as the topology does. */
    boolean istiodReady() {
        return istiodReady;
    }

    /**
     * The control plane the run uses: what it installs, when it does; else the one this check found in the primary
     * (ready or not), empty when it found none or could not choose.
     */
    Optional<IstiodRevision> controlPlane() {
        return context.expect().istioByRun() ? Optional.of(IstiodRevision.installedByRun()) : controlPlane;
    }

    @Override
    public CheckResult run() {
        MeshCluster primary = cluster();
        if (context.expect().istioByRun()) {
            return FreshInstall.verdict(this, primary.client().namespaces().withName(IstioPlan.NAMESPACE).get(),
                    context);
        }
        String istioNamespace = context.istioNamespace();
        Namespace namespace = primary.client().namespaces().withName(istioNamespace).get();
        if (namespace == null) {
            Optional<String> elsewhere = ControlPlaneFinder.elsewhere(primary, istioNamespace);
            return fail("no namespace " + istioNamespace + elsewhere.map(o -> "; there are istiod Deployments in "
                    + o).orElse(""), elsewhere.isPresent()
                            ? ControlPlaneFinder.fix(primary, istioNamespace)
                            : "install the Istio control plane in the primary (istio.io primary-remote: charts base"
                            + " and istiod with global.multiCluster.clusterName=" + primary.name() + "), or set "
                            + Keys.EXISTING_INSTALL + "=true to let the run install it");
        }
        IstiodRevision found;
        try {
            found = ControlPlaneFinder.find(primary, istioNamespace, context.expect().istioRevision());
        } catch (ControlPlaneFinder.NotFound e) {
            return fail(e.seen(), e.fix());
        }
        controlPlane = Optional.of(found);
        Deployment istiod = IstiodDeployments.istiods(primary, istioNamespace).stream()
                .filter(d -> found.isIstiod(d.getMetadata().getLabels())).findFirst()
                .orElseThrow(() -> new IllegalStateException("the istiod of " + found.describe() + " is gone"));
        int readyReplicas = IstiodDeployments.readyReplicas(istiod);
        String evidence = istioNamespace + "/" + istiod.getMetadata().getName() + " " + readyReplicas + "/"
                + IstiodDeployments.desired(istiod) + " ready, image " + IstiodDeployments.image(istiod);
        if (readyReplicas < 1) {
            return fail(evidence, "istiod is not ready: kubectl -n "
                    + istioNamespace + " describe deployment " + istiod.getMetadata().getName()
                    + " and its pods' events");
        }
        // Unset, istiod calls its cluster "Kubernetes", as the chart's default does.
        String clusterId = IstiodDeployments.env(istiod, CLUSTER_ID_ENV).orElse(DEFAULT_CLUSTER_ID);
        if (!clusterId.equals(primary.name())) {
            return fail(evidence + "; its " + CLUSTER_ID_ENV + " is '"
                    + clusterId + "'", "the topology names the primary '" + primary.name() + "' but istiod"
                    + " calls its cluster '" + clusterId + "' (global.multiCluster.clusterName): rename the"
                    + " cluster in the topology file, or reinstall istiod with that name");
        }
        istiodReady = true;
        return pass(evidence + ", " + CLUSTER_ID_ENV + "=" + clusterId + "; " + found.describe());
    }
}
