package io.meshconformance.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.meshconformance.doctor.CheckResult.Status;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Component tier: check 'istio-remote', the remote profile led by the primary. */
@Tag("component")
class IstioRemoteCheckTest extends AgainstHealthyMesh {

    @Test
    void aRemoteRunningItsOwnIstiodIsNotARemoteProfile() {
        HealthyMesh.istiod(clusters.remote().client(), "remote", 1);
        assertFails(run(), "istio-remote", "remote", "a ready istiod runs in the remote", "profile=remote");
    }

    @Test
    void anIstiodScaledToZeroInTheRemoteIsNoControlPlane() {
        HealthyMesh.istiod(clusters.remote().client(), "remote", 0);
        assertEquals(Status.PASS, result(run(), "istio-remote", "remote").status());
    }

    @Test
    void aRemoteWithoutTheControlPlaneAnnotationIsNotLedByThePrimary() {
        annotate(Map.of());
        assertFails(run(), "istio-remote", "remote", "no topology.istio.io/controlPlaneClusters annotation",
                "annotate namespace istio-system topology.istio.io/controlPlaneClusters=primary");
    }

    @Test
    void aRemoteLedByAnotherControlPlaneIsNamed() {
        annotate(Map.of("topology.istio.io/controlPlaneClusters", "other"));
        assertFails(run(), "istio-remote", "remote", "namespace istio-system has"
                + " topology.istio.io/controlPlaneClusters=other", "controlPlaneClusters=primary --overwrite");
    }

    @Test
    void aRemoteWithoutIstioAtAll() {
        clusters.remote().client().services().inNamespace("istio-system").withName("istiod").delete();
        assertFails(run(), "istio-remote", "remote", "no Service istio-system/istiod", "profile=remote");
    }

    @Test
    void aRemoteWithoutTheIstioNamespace() {
        clusters.remote().client().namespaces().withName("istio-system").delete();
        assertFails(run(), "istio-remote", "remote", "no namespace istio-system", "annotate istio-system with"
                + " topology.istio.io/controlPlaneClusters=primary, then charts base and istiod with profile=remote");
    }

    @Test
    void theControlPlaneAnnotationMayListSeveralClusters() {
        annotate(Map.of("topology.istio.io/controlPlaneClusters", "other,primary"));
        assertEquals(Status.PASS, result(run(), "istio-remote", "remote").status());
    }

    @Test
    void istiodTrimsNothingInTheControlPlaneList() {
        // multicluster.go checkShouldLead compares each comma-separated item as written: " primary" is not "primary".
        annotate(Map.of("topology.istio.io/controlPlaneClusters", "other, primary"));
        assertFails(run(), "istio-remote", "remote", "controlPlaneClusters=other, primary",
                "controlPlaneClusters=other,primary --overwrite");
    }

    @Test
    void anAsteriskLetsEveryControlPlaneLead() {
        annotate(Map.of("topology.istio.io/controlPlaneClusters", "*"));
        CheckResult r = result(run(), "istio-remote", "remote");
        assertEquals(Status.PASS, r.status(), r.toString());
        assertTrue(r.evidence().contains("controlPlaneClusters=*"), r.evidence());
    }

    private void annotate(Map<String, String> annotations) {
        clusters.remote().client().namespaces().withName("istio-system").edit(ns -> new NamespaceBuilder(ns)
                .editMetadata().withAnnotations(annotations).endMetadata().build());
    }
}
