package io.meshconformance.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meshconformance.doctor.CheckResult.Status;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Component tier: check 'details-dns', a Service details in the primary for the calls to the remote's details. */
@Tag("component")
class DetailsDnsCheckTest extends AgainstHealthyMesh {

    @Test
    void detailsServiceMissingInTheCallingCluster() {
        clusters.primary().client().services().inNamespace("bookinfo").withName("details").delete();
        assertFails(run(), "details-dns", "primary", "Service bookinfo/details exists in 'remote' but not in"
                + " 'primary'", "create the Service details (port 9080, name http, selector app=details) without a"
                + " Deployment in namespace bookinfo of 'primary'");
    }

    @Test
    void detailsCheckIsSkippedWhenTheRemoteServesNoDetails() {
        CheckResult r = result(run(new PreflightDoctor.Expectations(false, false, "shop")), "details-dns", "primary");
        assertEquals(Status.SKIP, r.status());
        assertTrue(r.evidence().contains("set mesh.doctor.namespace"), r.evidence());
    }

    @Test
    void aRemoteThatDoesNotAnswerIsNamedAsTheReasonForTheSkip() {
        DoctorReport report = run(clusters.primary(), notAnswering(clusters.remote()), VERIFY);
        assertSkipped(report, "details-dns", "remote", "not checked: the API server of 'remote' did not answer");
    }
}
