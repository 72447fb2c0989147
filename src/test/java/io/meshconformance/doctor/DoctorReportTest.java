package io.meshconformance.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Unit tier: the table a person reads and the summary line scripts grep. */
class DoctorReportTest {

    @Test
    void theTableAlignsItsColumnsAndPutsTheFixUnderItsRow() {
        DoctorReport report = new DoctorReport(List.of(
                CheckResult.pass(Check.API, "primary", "Kubernetes v1.35.4 at https://10.0.0.1:6443"),
                CheckResult.fail(Check.REMOTE_SECRET, "remote", "no Secret", "attach the remote")));
        assertEquals("""
                      CHECK          SCOPE    EVIDENCE
                PASS  api            primary  Kubernetes v1.35.4 at https://10.0.0.1:6443
                FAIL  remote-secret  remote   no Secret
                                              fix: attach the remote
                2 checks: 1 passed, 1 failed
                """, report.table());
    }

    @Test
    void shortNamesStillGetColumnsAsWideAsTheirHeadings() {
        DoctorReport report = new DoctorReport(List.of(CheckResult.pass(Check.API, "a", "up")));
        assertEquals("""
                      CHECK  SCOPE  EVIDENCE
                PASS  api    a      up
                1 checks: 1 passed, 0 failed
                """, report.table());
    }

    @Test
    void theSummaryCountsWarningsAndSkipsOnlyWhenThereAreAny() {
        CheckResult warn = CheckResult.warn(Check.ROOT_CERT, "mesh", "bundles differ", "make them equal");
        CheckResult skip = CheckResult.skip(Check.ISTIOD_SYNC, "remote", "not checked");
        CheckResult pass = CheckResult.pass(Check.API, "primary", "up");
        assertEquals("1 checks: 1 passed, 0 failed", new DoctorReport(List.of(pass)).summary());
        assertEquals("3 checks: 1 passed, 1 warning, 0 failed, 1 skipped",
                new DoctorReport(List.of(pass, warn, skip)).summary());
        assertEquals("2 checks: 0 passed, 2 warnings, 0 failed", new DoctorReport(List.of(warn, warn)).summary());
        assertFalse(new DoctorReport(List.of(pass, warn, skip)).failed(), "a warning is not a failure");
    }

    @Test
    void aTokenQuotedInEvidenceOrFixIsRedactedInTheTable() {
        DoctorReport report = new DoctorReport(List.of(CheckResult.fail(Check.API, "remote", "HTTP 401: sent "
                + HealthyMesh.FAKE_TOKEN, "replace " + HealthyMesh.FAKE_TOKEN)));
        String table = report.table();
        assertFalse(table.contains(HealthyMesh.FAKE_TOKEN), table);
        assertTrue(table.contains("HTTP 401: sent "), table);
    }

    @Test
    void resultsAreFoundByCheckAndScope() {
        CheckResult primary = CheckResult.pass(Check.API, "primary", "up");
        CheckResult remote = CheckResult.fail(Check.API, "remote", "down", "start it");
        DoctorReport report = new DoctorReport(List.of(primary, remote));
        assertEquals(remote, report.find(Check.API, "remote").orElseThrow());
        assertEquals(primary, report.find("api", "primary").orElseThrow());
        assertTrue(report.find(Check.ROOT_CERT, "mesh").isEmpty());
        assertEquals(List.of(remote), report.failures());
    }
}
