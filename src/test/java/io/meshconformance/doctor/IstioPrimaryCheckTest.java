package io.meshconformance.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.meshconformance.doctor.CheckResult.Status;
import io.meshconformance.istio.IstioPlan;
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
    void withoutTheDefaultRevisionTheDefaultTagChooses() {
        deleteIstiod();
        revision(clusters.primary().client(), "istiod-1-29", 1);
        revision(clusters.primary().client(), "istiod-1-30", 1);
        HealthyMesh.revisionTag(clusters.primary().client(), "default", "1-30");
        CheckResult r = result(run(), "istio-primary", "primary");
        // A revision without CLUSTER_ID calls its cluster "Kubernetes": what matters here is which one was read.
        assertTrue(r.evidence().startsWith("istio-system/istiod-1-30 1/1 ready, image ?"), r.evidence());
    }

    @Test
    void withoutTheDefaultRevisionOrTagTheUserIsAskedWhichRevision() {
        deleteIstiod();
        revision(clusters.primary().client(), "istiod-1-29", 0);
        revision(clusters.primary().client(), "istiod-1-30", 1);
        assertFails(run(), "istio-primary", "primary", "istio-system of cluster 'primary' has istiods of several"
                + " revisions and no default tag (a MutatingWebhookConfiguration labelled istio.io/tag=default):"
                + " revisions 1-29, 1-30; no revision tags", "set mesh.istio.revision to the revision (or tag) the"
                + " run should use, or make one the default: istioctl tag set default --revision <revision>");
    }

    @Test
    void aGivenRevisionIsTheOneChecked() {
        revision(clusters.primary().client(), "istiod-1-30", 0);
        DoctorReport report = run(new PreflightDoctor.Expectations(false, false, HealthyMesh.APP_NAMESPACE,
                IstioPlan.INGRESS_GATEWAY_POD_LABEL, "istio-system", Optional.of("1-30")));
        assertFails(report, "istio-primary", "primary", "istio-system/istiod-1-30 0/1 ready",
                "describe deployment istiod-1-30");
        assertFails(run(new PreflightDoctor.Expectations(false, false, HealthyMesh.APP_NAMESPACE,
                IstioPlan.INGRESS_GATEWAY_POD_LABEL, "istio-system", Optional.of("1-31"))), "istio-primary", "primary",
                "mesh.istio.revision=1-31 names neither a revision of istiod nor a revision tag in istio-system of"
                        + " cluster 'primary': revisions 1-30, default", "set mesh.istio.revision to one of those");
    }

    @Test
    void istiodInAnotherNamespaceIsPointedAt() {
        clusters.primary().client().namespaces().withName("istio-system").delete();
        HealthyMesh.namespace(clusters.primary().client(), "istio-cp", Map.of());
        clusters.primary().client().apps().deployments().inNamespace("istio-cp").resource(new DeploymentBuilder()
                .withNewMetadata().withName("istiod").withNamespace("istio-cp").addToLabels("app", "istiod")
                .endMetadata().build()).create();
        assertFails(run(), "istio-primary", "primary", "no namespace istio-system; there are istiod Deployments in"
                + " istio-cp/istiod", "set mesh.istio.namespace=istio-cp to verify the control plane there (the"
                + " remotes' Istio must be in a namespace of that same name");
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

    /**
     * An istiod of a revision (istiod-&lt;revision&gt;, labelled with it as the chart does), without a pod template:
     * only its readiness counts.
     */
    private static void revision(KubernetesClient client, String name, int ready) {
        client.apps().deployments().inNamespace("istio-system").resource(new DeploymentBuilder().withNewMetadata()
                .withName(name).withNamespace("istio-system").addToLabels("app", "istiod")
                .addToLabels("istio.io/rev", name.substring("istiod-".length())).endMetadata()
                .withNewSpec().withReplicas(1).endSpec().withNewStatus().withReadyReplicas(ready).endStatus()
                .build()).create();
    }
}
