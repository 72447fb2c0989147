package io.meshconformance.junit;

import java.util.UUID;

import io.meshconformance.text.Redaction;
import io.meshconformance.doctor.CheckResult;
import io.meshconformance.doctor.DoctorReport;
import io.qameta.allure.Allure;
import io.qameta.allure.AllureLifecycle;
import io.qameta.allure.model.Status;
import io.qameta.allure.model.StepResult;

/** The doctor's results in the Allure report: one step per check, with its status, evidence and fix, and the table. */
final class DoctorSteps {

    private DoctorSteps() {
    }

    static void report(DoctorReport report) {
        AllureLifecycle lifecycle = Allure.getLifecycle();
        for (CheckResult result : report.results()) {
            String uuid = UUID.randomUUID().toString();
            lifecycle.startStep(uuid, new StepResult()
                    .setName(result.status() + " " + result.check() + " [" + result.scope() + "]: "
                            + Redaction.text(result.evidence()))
                    .setStatus(status(result.status())));
            if (!result.fix().isEmpty()) {
                Allure.addAttachment("fix", "text/plain", Redaction.text(result.fix()));
            }
            lifecycle.stopStep(uuid);
        }
        Allure.addAttachment("preflight doctor", "text/plain", report.table());
    }

    private static Status status(CheckResult.Status status) {
        return switch (status) {
            case PASS, WARN -> Status.PASSED;
            case FAIL -> Status.FAILED;
            case SKIP -> Status.SKIPPED;
        };
    }
}
