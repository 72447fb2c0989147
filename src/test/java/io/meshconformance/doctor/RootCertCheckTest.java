package io.meshconformance.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.meshconformance.doctor.CheckResult.Status;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Component tier: check 'root-cert', one root of trust in every cluster, compared by fingerprint. */
@Tag("component")
class RootCertCheckTest extends AgainstHealthyMesh {

    @Test
    void oneRootIsShownByItsFingerprintInEveryCluster() {
        CheckResult r = result(run(), "root-cert", "mesh");
        assertEquals(Status.PASS, r.status(), r.evidence());
        assertEquals("one root in every cluster: primary sha256 D5:52:E0:91:46:5E:BA:A8:..., remote sha256"
                + " D5:52:E0:91:46:5E:BA:A8:...", r.evidence());
    }

    @Test
    void aRemoteWithoutTheRootCertificate() {
        deleteRoot(clusters.remote().client());
        assertFails(run(), "root-cert", "mesh", "no istio-system/istio-ca-root-cert (root-cert.pem) in [remote]",
                "annotate the remote's istio-system with topology.istio.io/controlPlaneClusters=primary");
    }

    @Test
    void aPrimaryWithoutTheRootCertificateFailsEvenWhenTheRunAttaches() {
        deleteRoot(clusters.primary().client());
        DoctorReport report = run(new PreflightDoctor.Expectations(false, true, "bookinfo"));
        assertFails(report, "root-cert", "mesh", "no istio-system/istio-ca-root-cert (root-cert.pem) in [primary];"
                + " remote sha256 D5:52:E0:91:46:5E:BA:A8:...", "check that istiod runs in the primary and read its"
                + " log");
    }

    @Test
    void rootCertificatesThatDiffer() {
        deleteRoot(clusters.remote().client());
        HealthyMesh.rootCert(clusters.remote().client(), HealthyMesh.OTHER_ROOT_PEM);
        DoctorReport report = run();
        assertFails(report, "root-cert", "mesh", "the root certificates differ: primary sha256 ",
                "plug in CA certificates");
        assertFalse(report.table().contains("YW5vdGhlci1yb290"), "fingerprints only");
    }

    @Test
    void aRemoteNotYetAttachedHasNoRootYetWhichIsFineWhenTheRunAttachesIt() {
        clusters.primary().client().secrets().inNamespace("istio-system").withName("istio-remote-secret-remote")
                .delete();
        deleteRoot(clusters.remote().client());
        DoctorReport report = run(new PreflightDoctor.Expectations(false, true, "bookinfo"));
        CheckResult r = result(report, "root-cert", "mesh");
        assertEquals(Status.SKIP, r.status(), report.table());
        assertEquals("no root certificate in [remote] yet: the primary's istiod publishes it there once the run has"
                + " attached the remote; primary sha256 D5:52:E0:91:46:5E:BA:A8:...", r.evidence());
        assertFalse(report.failed(), report.table());
    }

    @Test
    void bundlesThatShareARootAreAWarning() {
        deleteRoot(clusters.remote().client());
        HealthyMesh.rootCert(clusters.remote().client(), HealthyMesh.ROOT_PEM + HealthyMesh.OTHER_ROOT_PEM);
        DoctorReport report = run();
        CheckResult r = result(report, "root-cert", "mesh");
        assertEquals(Status.WARN, r.status(), report.table());
        assertTrue(r.evidence().contains("remote sha256 D5:52:E0:91:46:5E:BA:A8:... + "), r.evidence());
        assertFalse(report.failed());
    }

    private static void deleteRoot(KubernetesClient client) {
        client.configMaps().inNamespace("istio-system").withName("istio-ca-root-cert").delete();
    }
}
