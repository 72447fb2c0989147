package io.meshconformance.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfigurationBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.meshconformance.cluster.MockClusters;
import io.meshconformance.doctor.CheckResult.Status;
import io.meshconformance.istio.IstioPlan;
import io.meshconformance.lifecycle.Layer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Component tier: check 'injection-webhook', a sidecar injector in each cluster that selects the label the run's
 * namespaces will carry. The injector configurations are written as the istiod chart renders them ({@link
 * HealthyMesh#sidecarInjector}, {@link HealthyMesh#revisionTag}).
 */
@Tag("component")
class InjectionWebhookCheckTest extends AgainstHealthyMesh {

    static PreflightDoctor.Expectations verifying(Optional<String> revision) {
        return new PreflightDoctor.Expectations(false, false, HealthyMesh.APP_NAMESPACE,
                IstioPlan.INGRESS_GATEWAY_POD_LABEL, "istio-system", revision);
    }

    KubernetesClient primary() {
        return clusters.primary().client();
    }

    KubernetesClient remote() {
        return clusters.remote().client();
    }

    void removeInjectors(KubernetesClient client) {
        client.admissionRegistration().v1().mutatingWebhookConfigurations().delete();
    }

    /** The healthy mesh's istiod replaced by istiod-&lt;revision&gt; (istio.io/rev=&lt;revision&gt;), ready. */
    void onlyRevision(String revision) {
        primary().apps().deployments().inNamespace("istio-system").withName("istiod").delete();
        addRevision(revision);
    }

    void addRevision(String revision) {
        primary().apps().deployments().inNamespace("istio-system").resource(new DeploymentBuilder().withNewMetadata()
                .withName("istiod-" + revision).withNamespace("istio-system").addToLabels("app", "istiod")
                .addToLabels("istio.io/rev", revision).endMetadata().withNewSpec().withReplicas(1).withNewTemplate()
                .withNewSpec().addNewContainer().withName("discovery").addNewEnv().withName("CLUSTER_ID")
                .withValue("primary").endEnv().endContainer().endSpec().endTemplate().endSpec().withNewStatus()
                .withReadyReplicas(1).endStatus().build()).create();
    }

    @Test
    void theDefaultRevisionsInjectorSelectsTheLegacyLabelInBothClusters() {
        DoctorReport report = run();
        for (String cluster : List.of("primary", "remote")) {
            CheckResult r = result(report, "injection-webhook", cluster);
            assertEquals(Status.PASS, r.status(), report.table());
            assertEquals("a namespace labelled istio-injection=enabled is selected by istio-sidecar-injector"
                    + " (istio.io/rev=default) webhook namespace.sidecar-injector.istio.io", r.evidence());
        }
    }

    @Test
    void aRevisionedMeshIsSelectedByItsRevisionLabel() {
        clusters.close();
        clusters = new MockClusters();
        HealthyMesh.populate(clusters, "istio-system", "1-30-3");
        DoctorReport report = run();
        assertFalse(report.failed(), report.table());
        assertEquals("a namespace labelled istio.io/rev=1-30-3 is selected by istio-sidecar-injector-1-30-3"
                + " (istio.io/rev=1-30-3) webhook rev.namespace.sidecar-injector.istio.io",
                result(report, "injection-webhook", "remote").evidence());
    }

    @Test
    void aRemoteWithoutTheRevisionsInjectorFailsNamingWhatItHas() {
        onlyRevision("1-30-3");
        removeInjectors(primary());
        HealthyMesh.sidecarInjector(primary(), "istio-system", "1-30-3");
        // The remote still has the default revision's injector only.
        DoctorReport report = run();
        assertEquals(Status.PASS, result(report, "injection-webhook", "primary").status(), report.table());
        assertFails(report, "injection-webhook", "remote", "no sidecar injector webhook in 'remote' selects a"
                + " namespace labelled istio.io/rev=1-30-3; the injectors there: istio-sidecar-injector"
                + " (istio.io/rev=default)", "istioctl tag set default --revision 1-30-3; a remote needs the remote"
                + " profile installed with the primary's revision");
        assertEquals(Layer.CONTROL_PLANE, result(report, "injection-webhook", "remote")
                .check().layer());
    }

    @Test
    void aClusterWithoutAnyInjectorFailsSayingSo() {
        removeInjectors(primary());
        assertFails(run(), "injection-webhook", "primary", "no sidecar injector (no webhook named"
                + " *sidecar-injector.istio.io) in 'primary'", "the run's pods would start without sidecars: set"
                + " mesh.istio.revision to a revision or tag whose injector is installed here (istioctl tag list), or"
                + " make default the default: istioctl tag set default --revision default");
    }

    @Test
    void webhooksThatAreNoSidecarInjectorDoNotCount() {
        removeInjectors(primary());
        primary().admissionRegistration().v1().mutatingWebhookConfigurations().resource(
                new MutatingWebhookConfigurationBuilder().withNewMetadata().withName("other-vendor").endMetadata()
                        .addNewWebhook().withName("mutate.example.com").endWebhook().build()).create();
        assertFails(run(), "injection-webhook", "primary", "no sidecar injector (no webhook named", "istioctl tag");
    }

    @Test
    void theNamespacesOwnNameLabelIsPartOfWhatIsSelected() {
        removeInjectors(primary());
        // A selector that names the run's namespace by the label the API server sets (kubernetes.io/metadata.name).
        String runNamespace = "bookinfo-" + RUN.orElseThrow().value();
        primary().admissionRegistration().v1().mutatingWebhookConfigurations().resource(
                new MutatingWebhookConfigurationBuilder().withNewMetadata().withName("istio-sidecar-injector")
                        .addToLabels("istio.io/rev", "default").endMetadata().addNewWebhook()
                        .withName("namespace.sidecar-injector.istio.io").withNewNamespaceSelector()
                        .addToMatchLabels("kubernetes.io/metadata.name", runNamespace)
                        .addToMatchLabels("istio-injection", "enabled").endNamespaceSelector().endWebhook().build())
                .create();
        assertEquals(Status.PASS, result(run(), "injection-webhook", "primary").status());
        DoctorReport alone = new PreflightDoctor(clusters.primary(), List.of(clusters.remote()),
                controlPlane -> istiod, VERIFY, Optional.empty()).run();
        // The doctor on its own has no run: it judges mesh.doctor.namespace, which this selector leaves out.
        assertEquals(Status.FAIL, result(alone, "injection-webhook", "primary").status(), alone.table());
    }

    @Test
    void aGivenTagIsTheLabelAndItsWebhookMustBeThere() {
        onlyRevision("1-30-3");
        removeInjectors(primary());
        removeInjectors(remote());
        HealthyMesh.sidecarInjector(primary(), "istio-system", "1-30-3");
        HealthyMesh.revisionTag(primary(), "prod", "1-30-3");
        HealthyMesh.sidecarInjector(remote(), "istio-system", "1-30-3");
        DoctorReport report = run(verifying(Optional.of("prod")));
        assertEquals("a namespace labelled istio.io/rev=prod is selected by istio-revision-tag-prod"
                + " (istio.io/rev=1-30-3) webhook rev.namespace.sidecar-injector.istio.io",
                result(report, "injection-webhook", "primary").evidence());
        assertFails(report, "injection-webhook", "remote", "selects a namespace labelled istio.io/rev=prod; the"
                + " injectors there: istio-sidecar-injector-1-30-3 (istio.io/rev=1-30-3)", "istioctl tag list");
    }

    @Test
    void aLabelOnlyAnotherRevisionInjectsIsAWarning() {
        // istiod without a revision, asked for by name; istio-injection=enabled is taken by the default tag, which
        // points at 1-30-3 (istioctl tag set default removes the default revision's own namespace webhooks).
        addRevision("1-30-3");
        removeInjectors(primary());
        primary().admissionRegistration().v1().mutatingWebhookConfigurations().resource(
                new MutatingWebhookConfigurationBuilder().withNewMetadata().withName("istio-revision-tag-default")
                        .addToLabels("istio.io/tag", "default").addToLabels("istio.io/rev", "1-30-3").endMetadata()
                        .withWebhooks(HealthyMesh.webhook("namespace.", HealthyMesh.selector(HealthyMesh.expr(
                                "istio-injection", "In", "enabled")))).build()).create();
        DoctorReport report = run(verifying(Optional.of("default")));
        CheckResult r = result(report, "injection-webhook", "primary");
        assertEquals(Status.WARN, r.status(), report.table());
        assertTrue(r.evidence().startsWith("a namespace labelled istio-injection=enabled is selected only by"
                + " istio-revision-tag-default (istio.io/rev=1-30-3) webhook namespace.sidecar-injector.istio.io, not"
                + " by an injector of the run's istiod without a revision"), r.evidence());
        assertTrue(r.fix().contains("istioctl tag set <tag> --revision default --overwrite"), r.fix());
    }

    @Test
    void skippedWhenTheRunInstallsIstioOrNoControlPlaneWasFound() {
        DoctorReport installing = run(new PreflightDoctor.Expectations(true, true, HealthyMesh.APP_NAMESPACE));
        assertSkipped(installing, "injection-webhook", "remote", "this run installs Istio; its injector takes the"
                + " run's namespaces, labelled istio-injection=enabled");
        primary().apps().deployments().inNamespace("istio-system").withName("istiod").delete();
        assertSkipped(run(), "injection-webhook", "primary", "not checked: no control plane was found in the primary"
                + " (see 'istio-primary')");
    }

}
