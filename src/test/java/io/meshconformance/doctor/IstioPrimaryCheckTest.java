package io.meshconformance.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.meshconformance.doctor.CheckResult.Status;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Component tier: check 'istio-primary', a ready istiod in the primary that calls its cluster by its name. */
@Tag("component")
class IstioPrimaryCheckTest extends AgainstHealthyMesh {

    @Test
    void noIstioNamespaceInThePrimary() {
        clusters.primary().client().namespaces().withName("istio-system").delete();
        assertFails(run(), "istio-primary", "primary", "no namespace istio-system", "charts base and istiod with"
                + " global.multiCluster.clusterName=primary), or set mesh.existing.install=true");
    }

    @Test
    void noIstiodInThePrimary() {
        deleteIstiod();
        DoctorReport report = run();
        assertFails(report, "istio-primary", "primary", "no Deployment labelled app=istiod in istio-system",
                "mesh.existing.install=true");
        assertEquals(Status.SKIP, result(report, "istiod-sync", "remote").status(), "no istiod to ask");
    }

    @Test
    void istiodNotReady() {
        deleteIstiod();
        HealthyMesh.istiod(clusters.primary().client(), "primary", 0);
        assertFails(run(), "istio-primary", "primary", "istio-system/istiod 0/1 ready", "describe deployment istiod");
    }

    @Test
    void istiodCallsItsClusterOtherwiseThanTheTopology() {
        deleteIstiod();
        HealthyMesh.istiod(clusters.primary().client(), "Kubernetes", 1);
        assertFails(run(), "istio-primary", "primary", "its CLUSTER_ID is 'Kubernetes'",
                "global.multiCluster.clusterName");
    }

    @Test
    void istiodWithoutClusterIdCallsItsClusterKubernetes() {
        deleteIstiod();
        clusters.primary().client().apps().deployments().inNamespace("istio-system").resource(new DeploymentBuilder()
                .withNewMetadata().withName("istiod").withNamespace("istio-system").addToLabels("app", "istiod")
                .endMetadata().withNewSpec().withNewTemplate().withNewSpec().addNewContainer().withName("discovery")
                .withImage("pilot").endContainer().endSpec().endTemplate().endSpec().withNewStatus()
                .withReadyReplicas(1).endStatus().build()).create();
        assertFails(run(), "istio-primary", "primary", "its CLUSTER_ID is 'Kubernetes'", "rename the cluster");
    }

    @Test
    void theDefaultRevisionIsPreferredAmongSeveralIstiods() {
        revision(clusters.primary().client(), "istiod-canary", 0);
        CheckResult r = result(run(), "istio-primary", "primary");
        assertEquals(Status.PASS, r.status(), r.evidence());
        assertTrue(r.evidence().startsWith("istio-system/istiod 1/1 ready"), r.evidence());
    }

    @Test
    void aReadyCanaryDoesNotStandInForTheDefaultRevision() {
        // Namespaces labelled istio-injection=enabled use the default revision, so that is the one that must run.
        deleteIstiod();
        HealthyMesh.istiod(clusters.primary().client(), "primary", 0);
        revision(clusters.primary().client(), "istiod-canary", 1);
        assertFails(run(), "istio-primary", "primary", "istio-system/istiod 0/1 ready", "describe deployment istiod");
    }

    @Test
    void withoutTheDefaultRevisionAReadyOneIsChosen() {
        deleteIstiod();
        revision(clusters.primary().client(), "istiod-1-29", 0);
        revision(clusters.primary().client(), "istiod-1-30", 1);
        CheckResult r = result(run(), "istio-primary", "primary");
        // A revision without CLUSTER_ID calls its cluster "Kubernetes": what matters here is which one was read.
        assertTrue(r.evidence().startsWith("istio-system/istiod-1-30 1/1 ready, image ?"), r.evidence());
    }

    @Test
    void withoutAReadyRevisionTheFirstIsShownNotReady() {
        deleteIstiod();
        revision(clusters.primary().client(), "istiod-1-29", 0);
        assertFails(run(), "istio-primary", "primary", "istio-system/istiod-1-29 0/1 ready",
                "describe deployment istiod-1-29");
    }

    private void deleteIstiod() {
        clusters.primary().client().apps().deployments().inNamespace("istio-system").withName("istiod").delete();
    }

    /** An istiod of a revision (istiod-&lt;revision&gt;), without a pod template: only its readiness counts. */
    private static void revision(KubernetesClient client, String name, int ready) {
        client.apps().deployments().inNamespace("istio-system").resource(new DeploymentBuilder().withNewMetadata()
                .withName(name).withNamespace("istio-system").addToLabels("app", "istiod").endMetadata()
                .withNewSpec().withReplicas(1).endSpec().withNewStatus().withReadyReplicas(ready).endStatus()
                .build()).create();
    }
}
