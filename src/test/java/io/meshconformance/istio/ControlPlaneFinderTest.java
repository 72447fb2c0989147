package io.meshconformance.istio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfigurationBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.meshconformance.cluster.MeshCluster;
import io.meshconformance.cluster.MockClusters;
import org.junit.jupiter.api.Test;

/** Which control plane a run that verifies the user's mesh uses, and what it says when it cannot tell. */
class ControlPlaneFinderTest {

    /** An istiod Deployment as the istiod chart names and labels it (templates/deployment.yaml, 1.30.3). */
    static Deployment istiod(String namespace, String revision) {
        return new DeploymentBuilder().withNewMetadata().withNamespace(namespace)
                .withName(revision.equals("default") ? "istiod" : "istiod-" + revision)
                .addToLabels(Map.of("app", "istiod", "istio.io/rev", revision)).endMetadata().build();
    }

    /** A revision tag's webhook configuration as revision-tags-mwc.yaml (1.30.3) labels it. */
    static MutatingWebhookConfiguration tag(String tag, String revision) {
        return new MutatingWebhookConfigurationBuilder().withNewMetadata().withName("istio-revision-tag-" + tag)
                .addToLabels(Map.of("istio.io/tag", tag, "istio.io/rev", revision)).endMetadata().build();
    }

    static IstiodRevision choose(Optional<String> given, List<Deployment> istiods,
            List<MutatingWebhookConfiguration> tags) {
        return ControlPlaneFinder.choose("primary", "istio-system", given, istiods, tags);
    }

    static ControlPlaneFinder.NotFound refused(Optional<String> given, List<Deployment> istiods,
            List<MutatingWebhookConfiguration> tags) {
        return assertThrows(ControlPlaneFinder.NotFound.class, () -> choose(given, istiods, tags));
    }

    @Test
    void theOnlyIstiodIsTaken() {
        IstiodRevision only = choose(Optional.empty(), List.of(istiod("istio-system", "1-30-3")), List.of());
        assertEquals(new IstiodRevision("istio-system", Optional.of("1-30-3"), Optional.empty(),
                IstiodRevision.Found.ONLY_ONE), only);
        IstiodRevision plain = choose(Optional.empty(), List.of(istiod("istio-system", "default")), List.of());
        assertEquals(Optional.empty(), plain.revision());
        assertEquals("istio-injection=enabled", plain.injectionLabel().toString());
    }

    @Test
    void anIstiodWithoutTheRevisionLabelIsTheDefaultOne() {
        Deployment old = new DeploymentBuilder().withNewMetadata().withName("istiod").withNamespace("istio-system")
                .addToLabels("app", "istiod").endMetadata().build();
        assertEquals(Optional.empty(), choose(Optional.empty(), List.of(old), List.of()).revision());
        assertEquals(Optional.empty(), choose(Optional.of("default"), List.of(old), List.of()).revision());
    }

    @Test
    void amongSeveralTheDefaultTagDecides() {
        List<Deployment> two = List.of(istiod("istio-system", "1-29-0"), istiod("istio-system", "1-30-3"));
        IstiodRevision chosen = choose(Optional.empty(), two, List.of(tag("default", "1-30-3"), tag("old", "1-29-0")));
        assertEquals(new IstiodRevision("istio-system", Optional.of("1-30-3"), Optional.empty(),
                IstiodRevision.Found.DEFAULT_TAG), chosen);
        assertEquals("istio.io/rev=1-30-3", chosen.injectionLabel().toString());
    }

    @Test
    void amongSeveralWithoutADefaultTagTheDefaultRevisionIsTheMeshsDefault() {
        // A canary next to istiod installed without a revision: istio-injection=enabled still means the latter.
        List<Deployment> two = List.of(istiod("istio-system", "canary"), istiod("istio-system", "default"));
        IstiodRevision chosen = choose(Optional.empty(), two, List.of(tag("prod", "canary")));
        assertEquals(new IstiodRevision("istio-system", Optional.empty(), Optional.empty(),
                IstiodRevision.Found.DEFAULT_REVISION), chosen);
        assertEquals("istio-injection=enabled", chosen.injectionLabel().toString());
        // The default tag, when there is one, says otherwise.
        assertEquals(Optional.of("canary"), choose(Optional.empty(), two, List.of(tag("default", "canary")))
                .revision());
    }

    @Test
    void amongSeveralWithoutADefaultTagTheUserIsAsked() {
        List<Deployment> two = List.of(istiod("istio-system", "1-30-3"), istiod("istio-system", "1-29-0"));
        ControlPlaneFinder.NotFound e = refused(Optional.empty(), two, List.of(tag("canary", "1-30-3")));
        assertEquals("istio-system of cluster 'primary' has istiods of several revisions and no default tag (a"
                + " MutatingWebhookConfiguration labelled istio.io/tag=default): revisions 1-29-0, 1-30-3; tags"
                + " canary -> 1-30-3", e.seen());
        assertEquals("set mesh.istio.revision to the revision (or tag) the run should use, or make one the default:"
                + " istioctl tag set default --revision <revision>", e.fix());
        assertEquals(e.seen() + ": " + e.fix(), e.getMessage());
    }

    @Test
    void aGivenRevisionIsTakenAsItIs() {
        List<Deployment> two = List.of(istiod("istio-system", "1-29-0"), istiod("istio-system", "1-30-3"));
        IstiodRevision given = choose(Optional.of("1-29-0"), two, List.of(tag("default", "1-30-3")));
        assertEquals(new IstiodRevision("istio-system", Optional.of("1-29-0"), Optional.empty(),
                IstiodRevision.Found.GIVEN_REVISION), given);
    }

    @Test
    void aGivenTagNamesItsRevisionAndLabelsTheNamespacesWithTheTag() {
        List<Deployment> two = List.of(istiod("istio-system", "1-29-0"), istiod("istio-system", "1-30-3"));
        IstiodRevision given = choose(Optional.of("prod"), two, List.of(tag("prod", "1-29-0")));
        assertEquals(new IstiodRevision("istio-system", Optional.of("1-29-0"), Optional.of("prod"),
                IstiodRevision.Found.GIVEN_TAG), given);
        assertEquals("istio.io/rev=prod", given.injectionLabel().toString());
        assertEquals("app=istiod,istio.io/rev=1-29-0", given.podSelector().toString());
    }

    @Test
    void aGivenValueThatNamesNothingThereIsRefusedNamingWhatIsThere() {
        List<Deployment> one = List.of(istiod("istio-system", "1-30-3"));
        ControlPlaneFinder.NotFound e = refused(Optional.of("1-31-0"), one, List.of(tag("prod", "1-30-3")));
        assertEquals("mesh.istio.revision=1-31-0 names neither a revision of istiod nor a revision tag in"
                + " istio-system of cluster 'primary': revisions 1-30-3; tags prod -> 1-30-3", e.seen());
        assertTrue(e.fix().startsWith("set mesh.istio.revision to one of those"), e.fix());
        assertTrue(refused(Optional.of("x"), one, List.of()).seen().endsWith("revisions 1-30-3; no revision tags"));
    }

    @Test
    void tagsOfOtherControlPlanesDoNotCount() {
        List<Deployment> two = List.of(istiod("istio-system", "1-29-0"), istiod("istio-system", "1-30-3"));
        // The default tag of a control plane in another namespace points at a revision this one lacks.
        refused(Optional.empty(), two, List.of(tag("default", "1-28-0")));
        refused(Optional.of("prod"), two, List.of(tag("prod", "1-28-0")));
        MutatingWebhookConfiguration unlabelled = new MutatingWebhookConfigurationBuilder().withNewMetadata()
                .withName("istio-revision-tag-x").addToLabels("istio.io/rev", "1-30-3").endMetadata().build();
        refused(Optional.of("x"), two, List.of(unlabelled));
    }

    @Test
    void onMockApiServersItReadsDeploymentsAndTagWebhooks() {
        try (MockClusters mocks = new MockClusters()) {
            var client = mocks.primary().client();
            client.apps().deployments().inNamespace("istio-cp").resource(istiod("istio-cp", "1-30-3")).create();
            client.apps().deployments().inNamespace("istio-cp").resource(istiod("istio-cp", "1-29-0")).create();
            client.admissionRegistration().v1().mutatingWebhookConfigurations()
                    .resource(tag("default", "1-30-3")).create();
            // Not a tag: the revision's own injector.
            client.admissionRegistration().v1().mutatingWebhookConfigurations().resource(
                    new MutatingWebhookConfigurationBuilder().withNewMetadata().withName("istio-sidecar-injector-1-29-0")
                            .addToLabels("istio.io/rev", "1-29-0").endMetadata().build()).create();
            IstiodRevision found = ControlPlaneFinder.find(mocks.primary(), "istio-cp", Optional.empty());
            assertEquals(new IstiodRevision("istio-cp", Optional.of("1-30-3"), Optional.empty(),
                    IstiodRevision.Found.DEFAULT_TAG), found);

            ControlPlaneFinder.NotFound none = assertThrows(ControlPlaneFinder.NotFound.class,
                    () -> ControlPlaneFinder.find(mocks.primary(), "istio-system", Optional.empty()));
            assertEquals("no Deployment labelled app=istiod in istio-system of cluster 'primary'; there are istiod"
                    + " Deployments in istio-cp/istiod-1-29-0, istio-cp/istiod-1-30-3", none.seen());
            assertTrue(none.fix().startsWith("set mesh.istio.namespace=istio-cp to verify the control plane there"
                    + " (the remotes' Istio must be in a namespace of that same name"), none.fix());
        }
    }

    @Test
    void withNoIstiodAnywhereTheFixIsToInstallOne() {
        try (MockClusters mocks = new MockClusters()) {
            ControlPlaneFinder.NotFound none = assertThrows(ControlPlaneFinder.NotFound.class,
                    () -> ControlPlaneFinder.find(mocks.primary(), "istio-system", Optional.of("1-30-3")));
            assertEquals("no Deployment labelled app=istiod in istio-system of cluster 'primary'", none.seen());
            assertEquals("install istiod in the primary (chart istiod), or set mesh.existing.install=true to let the"
                    + " run install it", none.fix());
            assertEquals(Optional.empty(), ControlPlaneFinder.elsewhere(mocks.primary(), "istio-system"));
        }
    }

    @Test
    void theChoiceDoesNotDependOnTheOrderOfWhatIsListed() {
        List<Deployment> istiods = new ArrayList<>(List.of(istiod("istio-system", "b"), istiod("istio-system", "a")));
        List<MutatingWebhookConfiguration> tags = new ArrayList<>(List.of(tag("default", "b"), tag("default", "a")));
        IstiodRevision first = choose(Optional.empty(), istiods, tags);
        Collections.reverse(istiods);
        Collections.reverse(tags);
        assertEquals(first, choose(Optional.empty(), istiods, tags));
    }

    @Test
    void credentialsThatMayNotListAcrossNamespacesGetNoSuggestionInsteadOfAnError() {
        // Component tier: an API server that forbids the cluster-wide list, as RBAC limited to namespaces would.
        KubernetesMockServer server = new KubernetesMockServer(false);
        server.init();
        try (KubernetesClient client = server.createClient().adapt(KubernetesClient.class)) {
            server.expect().get().withPath("/apis/apps/v1/deployments?labelSelector=app%3Distiod")
                    .andReturn(403, new StatusBuilder().withCode(403).withReason("Forbidden").build()).always();
            MeshCluster primary = new MeshCluster(MockClusters.TOPOLOGY.primary(), client, "", "");
            assertEquals(Optional.empty(), ControlPlaneFinder.elsewhere(primary, "istio-system"));
            assertTrue(ControlPlaneFinder.fix(primary, "istio-system").startsWith("install istiod in the primary"));
        } finally {
            server.destroy();
        }
    }
}
