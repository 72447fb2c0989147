package io.meshconformance.doctor;

import java.util.List;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.meshconformance.cluster.MeshCluster;
import io.meshconformance.config.Keys;
import io.meshconformance.istio.IstioPlan;

/**
 * Checks that a ready istiod runs in the primary and calls its cluster by the topology's name (or, when the run
 * installs Istio, that there is none yet); whether istiod is ready is kept for {@link IstiodSyncCheck}.
 */
final class IstioPrimaryCheck extends ClusterCheck {

    /** The env var the istiod chart sets from global.multiCluster.clusterName (default "Kubernetes"). */
    static final String CLUSTER_ID_ENV = "CLUSTER_ID";
    static final String DEFAULT_CLUSTER_ID = "Kubernetes";

    private final DoctorContext context;
    private boolean istiodReady;

    IstioPrimaryCheck(DoctorContext context) {
        super(Check.ISTIO_PRIMARY, context.primary());
        this.context = context;
    }

    /** Whether this check found a ready istiod that calls its cluster as the topology does. */
    boolean istiodReady() {
        return istiodReady;
    }

    @Override
    public CheckResult run() {
        MeshCluster primary = cluster();
        Namespace namespace = primary.client().namespaces().withName(IstioPlan.NAMESPACE).get();
        if (context.expect().istioByRun()) {
            return FreshInstall.verdict(this, namespace, context);
        }
        if (namespace == null) {
            return fail("no namespace " + IstioPlan.NAMESPACE,
                    "install the Istio control plane in the primary (istio.io primary-remote: charts base and"
                            + " istiod with global.multiCluster.clusterName=" + primary.name() + "), or set "
                            + Keys.EXISTING_INSTALL + "=true to let the run install it");
        }
        List<Deployment> istiods = IstiodDeployments.istiods(primary);
        if (istiods.isEmpty()) {
            return fail("no Deployment labelled " + IstioPlan.ISTIOD_POD_LABEL
                    + " in " + IstioPlan.NAMESPACE, "install istiod in the primary (chart"
                    + " istiod), or set " + Keys.EXISTING_INSTALL + "=true to let the run install it");
        }
        Deployment istiod = chosen(istiods);
        int readyReplicas = IstiodDeployments.readyReplicas(istiod);
        String evidence = IstioPlan.NAMESPACE + "/" + istiod.getMetadata().getName() + " " + readyReplicas + "/"
                + IstiodDeployments.desired(istiod) + " ready, image " + IstiodDeployments.image(istiod);
        if (readyReplicas < 1) {
            return fail(evidence, "istiod is not ready: kubectl -n "
                    + IstioPlan.NAMESPACE + " describe deployment " + istiod.getMetadata().getName()
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
        return pass(evidence + ", " + CLUSTER_ID_ENV + "=" + clusterId);
    }

    /** With revisions there are several: the default one ("istiod") first, else one that is ready. */
    private static Deployment chosen(List<Deployment> istiods) {
        return istiods.stream().filter(d -> "istiod".equals(d.getMetadata().getName())).findFirst()
                .orElseGet(() -> istiods.stream().filter(d -> IstiodDeployments.readyReplicas(d) > 0).findFirst()
                        .orElse(istiods.get(0)));
    }
}
