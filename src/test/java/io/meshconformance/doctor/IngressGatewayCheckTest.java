package io.meshconformance.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.PodBuilder;
import io.meshconformance.config.LabelSelector;
import io.meshconformance.doctor.CheckResult.Status;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Component tier: check 'ingress-gateway', a ready gateway pod with the labels the run's Gateway selects. */
@Tag("component")
class IngressGatewayCheckTest extends AgainstHealthyMesh {

    @Test
    void noReadyIngressGateway() {
        clusters.primary().client().pods().inNamespace("istio-system").withName("istio-ingressgateway-5d8f7c9b4-abcde")
                .delete();
        HealthyMesh.ingressGatewayPod(clusters.primary().client(), false);
        assertFails(run(), "ingress-gateway", "primary", "1 pods labelled istio=ingressgateway (any namespace), none"
                + " ready", "install one");
    }

    @Test
    void aGatewayWithOtherLabelsElsewhereIsFoundThroughTheSelectorSetting() {
        clusters.primary().client().pods().inNamespace("istio-system").withName("istio-ingressgateway-5d8f7c9b4-abcde")
                .delete();
        clusters.primary().client().pods().inNamespace("istio-ingress").resource(new PodBuilder().withNewMetadata()
                .withName("istio-ingress-6c7d8").withNamespace("istio-ingress").addToLabels("istio", "ingress")
                .endMetadata().withNewStatus().withPhase("Running").addNewCondition().withType("Ready")
                .withStatus("True").endCondition().endStatus().build()).create();
        assertFails(run(), "ingress-gateway", "primary", "0 pods labelled istio=ingressgateway (any namespace)",
                "give your gateway's labels with mesh.ingress.selector (e.g. istio=ingress");
        CheckResult r = result(run(new PreflightDoctor.Expectations(false, false, "bookinfo",
                LabelSelector.of("istio", "ingress"))), "ingress-gateway", "primary");
        assertEquals(Status.PASS, r.status(), r.evidence());
        assertTrue(r.evidence().contains("istio-ingress/istio-ingress-6c7d8"), r.evidence());
    }
}
