package io.meshconformance.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.meshconformance.cluster.MockClusters;
import io.meshconformance.doctor.CheckResult.Status;
import io.meshconformance.lifecycle.Layer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Component tier: the doctor as a whole against two mock API servers holding a healthy mesh ({@link HealthyMesh}):
 * every check in its order, checks kept out when a cluster does not answer, an unexpected API error confined to the
 * check that met it, and a table that never shows a secret. What each check says is tested in its own class.
 */
@Tag("component")
class PreflightDoctorTest extends AgainstHealthyMesh {

    @Test
    void aHealthyMeshPassesEveryCheck() {
        DoctorReport report = run();
        assertFalse(report.failed(), report.table());
        String[][] expected = {{"api", "primary"}, {"api", "remote"},
                {"topology-ranges", "primary"}, {"topology-ranges", "remote"}, {"ranges-disjoint", "mesh"},
                {"istio-primary", "primary"}, {"istio-remote", "remote"}, {"network-label", "primary"},
                {"network-label", "remote"}, {"network-gateway", "network 'network1'"},
                {"injection-webhook", "primary"}, {"injection-webhook", "remote"},
                {"ingress-gateway", "primary"}, {"remote-secret", "remote"},
                {"istiod-sync", "remote"}, {"root-cert", "mesh"}, {"details-dns", "primary"}};
        assertEquals(17, report.results().size(), report.table());
        for (int i = 0; i < expected.length; i++) {
            CheckResult r = report.results().get(i);
            assertEquals(expected[i][0] + " [" + expected[i][1] + "]", r.check().id() + " [" + r.scope() + "]",
                    "row " + (i + 1) + " of\n" + report.table());
            assertEquals(Status.PASS, r.status(), report.table());
        }
        String api = result(report, "api", "remote").evidence();
        assertTrue(api.startsWith("Kubernetes v1.35.4+k3s1 at http://"), api);
        assertTrue(result(report, "istio-primary", "primary").evidence().contains("istio-system/istiod 1/1 ready,"
                + " image docker.io/istio/pilot:1.30.3, CLUSTER_ID=primary"));
        assertEquals("a namespace labelled istio-injection=enabled is selected by istio-sidecar-injector"
                + " (istio.io/rev=default) webhook namespace.sidecar-injector.istio.io", result(report,
                "injection-webhook", "remote").evidence());
        assertTrue(result(report, "remote-secret", "remote").evidence().contains("server https://192.168.255.3:6443,"
                + " credentials embedded (not shown)"));
        assertTrue(report.table().contains("17 checks: 17 passed, 0 failed"), report.table());
    }

    @Test
    void theTableNeverShowsTheTokenOrTheCertificates() {
        String table = run().table();
        assertFalse(table.contains(HealthyMesh.FAKE_TOKEN), table);
        assertFalse(table.contains("BEGIN"), table);
        assertFalse(table.contains("cm9vdC1jZXJ0aWZpY2F0ZS1vZi10aGUtbWVzaA"), "the root certificate, not its"
                + " fingerprint: " + table);
        assertTrue(table.contains("sha256 "), table);
    }

    @Test
    void anApiServerThatDoesNotAnswerFailsAndItsChecksAreSkipped() {
        DoctorReport report = run(clusters.primary(), notAnswering(clusters.remote()), VERIFY);
        assertFails(report, "api", "remote", "Connection refused", "no usable answer from https://127.0.0.1:1");
        assertTrue(result(report, "api", "remote").fix().contains("mesh.remote.context"));
        assertFalse(result(report, "api", "remote").evidence().startsWith("HTTP"), "no HTTP answer came");
        assertEquals(Status.PASS, result(report, "api", "primary").status());
        for (String check : List.of("topology-ranges", "istio-remote", "network-label")) {
            assertSkipped(report, check, "remote", "not checked: the API server of 'remote' did not answer (see"
                    + " check 'api')");
        }
        assertSkipped(report, "ranges-disjoint", "mesh", "the ranges of every cluster are needed");
        assertSkipped(report, "root-cert", "mesh", "every cluster must answer");
        assertEquals(1, report.failures().size(), "only 'api' fails:\n" + report.table());
    }

    @Test
    void aPrimaryThatDoesNotAnswerKeepsOutEveryCheckThatReadsIt() {
        DoctorReport report = run(notAnswering(clusters.primary()), clusters.remote(), VERIFY);
        assertFails(report, "api", "primary", "Connection refused", "mesh.primary.context");
        for (String check : List.of("topology-ranges", "istio-primary", "network-label", "ingress-gateway",
                "details-dns")) {
            assertSkipped(report, check, "primary", "not checked: the API server of 'primary' did not answer");
        }
        assertSkipped(report, "remote-secret", "remote", "not checked: the API server of 'primary', which holds the"
                + " secret, did not answer (see check 'api')");
        assertSkipped(report, "istiod-sync", "remote", "needs a ready istiod and a usable remote secret");
        assertEquals(Status.PASS, result(report, "istio-remote", "remote").status(), report.table());
        assertEquals(17, report.results().size(), report.table());
        assertEquals(1, report.failures().size(), "only 'api' fails:\n" + report.table());
    }

    @Test
    void aForbiddenReadFailsThatCheckOnlyAndNamesTheAccessNeeded() {
        clusters.server("primary").expect().get().withPath("/api/v1/namespaces/istio-system/secrets?labelSelector="
                + "istio%2FmultiCluster%3Dtrue").andReturn(403, new StatusBuilder().withCode(403)
                .withReason("Forbidden").withMessage("secrets is forbidden").build()).always();
        DoctorReport report = run();
        assertFails(report, "remote-secret", "remote", "the API answered 403: ", "the credentials lack read access"
                + " this check needs; use an identity that may read namespaces, nodes, services, secrets and"
                + " configmaps");
        assertSkipped(report, "istiod-sync", "remote", "a usable remote secret");
        assertEquals(1, report.failures().size(), report.table());
    }

    @Test
    void aServerErrorFailsThatCheckOnlyWithTheAdviceToTryAgain() {
        clusters.server("remote").expect().get().withPath("/api/v1/nodes").andReturn(500, new StatusBuilder()
                .withCode(500).withReason("InternalError").withMessage("etcd timed out").build()).always();
        DoctorReport report = run(clusters.primary(), withoutRetries(clusters.remote()), VERIFY);
        assertFails(report, "topology-ranges", "remote", "the API answered 500: ", "run the doctor again; if it"
                + " fails the same way, check the server's health (kubectl get --raw /readyz)");
        assertSkipped(report, "ranges-disjoint", "mesh", "the ranges of every cluster are needed");
        assertEquals(Status.PASS, result(report, "topology-ranges", "primary").status(), report.table());
        assertEquals(1, report.failures().size(), report.table());
    }

    @Test
    void anObjectThatCannotBeReadFailsThatCheckOnly() {
        clusters.primary().client().secrets().inNamespace("istio-system").withName("istio-remote-secret-remote")
                .delete();
        clusters.primary().client().secrets().inNamespace("istio-system").resource(new SecretBuilder()
                .withNewMetadata().withName("istio-remote-secret-remote").withNamespace("istio-system")
                .addToLabels("istio/multiCluster", "true").endMetadata().addToData("remote", "%not-base64%")
                .build()).create();
        DoctorReport report = run();
        assertFails(report, "remote-secret", "remote", "could not be checked: Illegal base64 character",
                "the message names what could not be read or understood; fix that object or the access to it");
        assertEquals(1, report.failures().size(), report.table());
    }

    @Test
    void installingOverAnIstioTheRunDidNotMakeIsRefused() {
        DoctorReport report = run(new PreflightDoctor.Expectations(true, true, "bookinfo"));
        assertFails(report, "istio-primary", "primary", "namespace istio-system exists and was not created by this"
                + " run", "set mesh.existing.install=false to verify the Istio this cluster has");
        assertFails(report, "istio-remote", "remote", "exists and was not created by this run",
                "set mesh.existing.install=false");
        assertFails(report, "remote-secret", "remote", "already attaches 'remote'", "mesh.existing.attach=false");
        for (String[] skipped : new String[][] {{"network-label", "primary"}, {"ingress-gateway", "primary"},
                {"istiod-sync", "remote"}, {"root-cert", "mesh"}}) {
            assertEquals(Status.SKIP, result(report, skipped[0], skipped[1]).status(), report.table());
        }
    }

    @Test
    void clustersWithoutIstioAreFitForARunThatInstallsIt() {
        clusters.close();
        clusters = new MockClusters();
        HealthyMesh.node(clusters.primary().client(), "primary-server", "10.10.0.0/24");
        HealthyMesh.node(clusters.remote().client(), "remote-server", "10.20.0.0/24");
        DoctorReport report = run(new PreflightDoctor.Expectations(true, true, "bookinfo"));
        assertFalse(report.failed(), report.table());
        assertTrue(result(report, "istio-primary", "primary").evidence().contains("this run installs Istio"));
        assertSkipped(report, "network-label", "remote", "this run installs Istio with global.network=network1");
        assertSkipped(report, "ingress-gateway", "primary", "this run installs istio-ingressgateway");
        assertSkipped(report, "remote-secret", "remote", "this run creates the remote secret");
        assertSkipped(report, "istiod-sync", "remote", "this run attaches the remote, then waits for it to be synced"
                + " (stage 'Attach')");
        assertSkipped(report, "root-cert", "mesh", "this run installs Istio; the primary's istiod will issue every"
                + " certificate");
    }

    @Test
    void theFailureNamesEveryFailedCheckAndTheLayerOfTheFirst() {
        clusters.primary().client().secrets().inNamespace("istio-system").withName("istio-remote-secret-remote")
                .delete();
        clusters.primary().client().services().inNamespace("bookinfo").withName("details").delete();
        DoctorReport report = run();
        PreflightFailedException e = new PreflightFailedException(report);
        assertTrue(e.getMessage().startsWith("Preflight doctor: 2 of 17 checks failed: remote-secret [remote]: no"
                + " Secret labelled"), e.getMessage());
        assertTrue(e.getMessage().contains(" | details-dns [primary]: "), e.getMessage());
        assertEquals(Layer.ATTACH_SYNC, e.layer());
        assertEquals(Optional.of(Layer.ATTACH_SYNC), e.brokenLayer(), "what the run's summary blames");
        assertEquals(report, e.report());
    }
}
