package io.meshconformance.doctor;

import java.util.Map;
import java.util.Objects;

import io.fabric8.kubernetes.api.model.Namespace;
import io.meshconformance.cluster.MeshCluster;
import io.meshconformance.istio.IstioPlan;

/**
 * Checks that a cluster's istiod namespace (mesh.istio.namespace, istio-system by default) carries the network label the topology implies: the topology's
 * network, or none when every cluster is on one network.
 */
final class NetworkLabelCheck extends ClusterCheck {

    /** The namespace label of the network a cluster is on (istio.io multi-network pages). */
    static final String NETWORK_LABEL = IstioPlan.NETWORK_LABEL;

    private final DoctorContext context;

    NetworkLabelCheck(DoctorContext context, MeshCluster cluster) {
        super(Check.NETWORK_LABEL, cluster);
        this.context = context;
    }

    @Override
    public CheckResult run() {
        MeshCluster cluster = cluster();
        if (context.expect().istioByRun()) {
            return skip("this run installs Istio with global.network="
                    + cluster.network());
        }
        String istioNamespace = context.istioNamespace();
        Namespace namespace = cluster.client().namespaces().withName(istioNamespace).get();
        if (namespace == null) {
            return skip("not checked: no namespace " + istioNamespace);
        }
        String label = Objects.requireNonNullElse(namespace.getMetadata().getLabels(), Map.<String, String>of())
                .get(NETWORK_LABEL);
        boolean oneNetwork = context.all().stream().map(MeshCluster::network).distinct().count() == 1;
        if (label == null) {
            return oneNetwork
                    ? pass(istioNamespace + " has no " + NETWORK_LABEL
                    + " label; the topology puts every cluster on network '" + cluster.network() + "', so"
                    + " none is needed")
                    : fail(istioNamespace + " has no " + NETWORK_LABEL
                    + " label, and the topology spans several networks", "kubectl --context <" + cluster.name()
                    + "> label namespace " + istioNamespace + " " + NETWORK_LABEL + "=" + cluster.network());
        }
        if (!label.equals(cluster.network())) {
            return fail(istioNamespace + " is labelled " + NETWORK_LABEL
                    + "=" + label + ", the topology says network '" + cluster.network() + "'",
                    "make them agree: fix the topology's network for '" + cluster.name() + "', or relabel the"
                            + " namespace (and global.network) to '" + cluster.network() + "'");
        }
        return pass(NETWORK_LABEL + "=" + label + " as the topology says");
    }
}
