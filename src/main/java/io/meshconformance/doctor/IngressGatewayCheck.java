package io.meshconformance.doctor;

import java.util.List;

import io.fabric8.kubernetes.api.model.Pod;
import io.meshconformance.cluster.MeshCluster;
import io.meshconformance.cluster.Pods;
import io.meshconformance.config.Keys;
import io.meshconformance.istio.IstioPlan;

/**
 * Checks that the primary has a ready ingress gateway pod with the labels the run's Gateway selects, as the page
 * verdict fetches /productpage through it.
 */
final class IngressGatewayCheck extends ClusterCheck {

    private final DoctorContext context;

    IngressGatewayCheck(DoctorContext context) {
        super(Check.INGRESS_GATEWAY, context.primary());
        this.context = context;
    }

    @Override
    public CheckResult run() {
        MeshCluster primary = cluster();
        if (context.expect().istioByRun()) {
            return skip("this run installs " + IstioPlan.INGRESS_GATEWAY);
        }
        List<Pod> pods = primary.client().pods().inAnyNamespace().withLabels(context.expect().ingressSelector()
                .labels()).list().getItems();
        List<String> ready = pods.stream().filter(Pods::runningAndReady)
                .map(p -> p.getMetadata().getNamespace() + "/" + p.getMetadata().getName()).toList();
        String selector = context.expect().ingressSelector().toString();
        if (ready.isEmpty()) {
            return fail(pods.size() + " pods labelled " + selector + " (any"
                    + " namespace), none ready", "the page verdict fetches /productpage through an ingress"
                    + " gateway whose pods carry " + selector + " (the run's Gateway selects them): give your"
                    + " gateway's labels with " + Keys.INGRESS_SELECTOR + " (e.g. istio=ingress for Helm release"
                    + " istio-ingress), or install one");
        }
        return pass(ready.size() + " ready pod(s) labelled " + selector + ": "
                + String.join(", ", ready.subList(0, Math.min(3, ready.size()))));
    }
}
