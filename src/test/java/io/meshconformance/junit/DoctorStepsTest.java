package io.meshconformance.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.meshconformance.doctor.Check;
import io.meshconformance.doctor.CheckResult;
import io.meshconformance.doctor.DoctorReport;
import io.qameta.allure.Allure;
import io.qameta.allure.AllureLifecycle;
import io.qameta.allure.AllureResultsWriter;
import io.qameta.allure.model.Status;
import io.qameta.allure.model.StepResult;
import io.qameta.allure.model.TestResult;
import io.qameta.allure.model.TestResultContainer;
import org.junit.jupiter.api.Test;

/** The doctor's results as Allure steps: one per check, its status mapped, the fix and the table attached. */
class DoctorStepsTest {

    /** Keeps what Allure would write, in memory. */
    static final class Captured implements AllureResultsWriter {
        final List<TestResult> results = new ArrayList<>();
        final Map<String, String> attachments = new HashMap<>();

        @Override
        public void write(TestResult result) {
            results.add(result);
        }

        @Override
        public void write(TestResultContainer container) {
        }

        @Override
        public void write(String source, InputStream in) {
            try {
                attachments.put(source, new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Test
    void everyCheckIsAStepWithItsStatusAndFix() {
        DoctorReport report = new DoctorReport(List.of(
                CheckResult.pass(Check.API, "primary", "Kubernetes v1.35.4+k3s1"),
                CheckResult.fail(Check.REMOTE_SECRET, "remote", "no Secret labelled istio/multiCluster=true",
                        "attach the remote"),
                CheckResult.skip(Check.ISTIOD_SYNC, "remote", "not checked: needs a usable remote secret"),
                CheckResult.warn(Check.TOPOLOGY_RANGES, "remote", "no pod address was seen", "confirm podCidr")));
        Captured captured = new Captured();
        AllureLifecycle previous = Allure.getLifecycle();
        AllureLifecycle lifecycle = new AllureLifecycle(captured);
        Allure.setLifecycle(lifecycle);
        try {
            String uuid = UUID.randomUUID().toString();
            lifecycle.scheduleTestCase(new TestResult().setUuid(uuid).setName("stage 1"));
            lifecycle.startTestCase(uuid);
            DoctorSteps.report(report);
            lifecycle.stopTestCase(uuid);
            lifecycle.writeTestCase(uuid);
        } finally {
            Allure.setLifecycle(previous);
        }
        List<StepResult> steps = captured.results.get(0).getSteps();
        assertEquals(List.of("PASS api [primary]: Kubernetes v1.35.4+k3s1",
                "FAIL remote-secret [remote]: no Secret labelled istio/multiCluster=true",
                "SKIP istiod-sync [remote]: not checked: needs a usable remote secret",
                "WARN topology-ranges [remote]: no pod address was seen"), steps.stream().map(StepResult::getName)
                .toList());
        assertEquals(List.of(Status.PASSED, Status.FAILED, Status.SKIPPED, Status.PASSED),
                steps.stream().map(StepResult::getStatus).toList());
        assertEquals("fix", steps.get(1).getAttachments().get(0).getName());
        assertTrue(steps.get(0).getAttachments().isEmpty(), "a pass has no fix");
        String fix = captured.attachments.get(steps.get(1).getAttachments().get(0).getSource());
        assertEquals("attach the remote", fix);
        assertEquals("preflight doctor", captured.results.get(0).getAttachments().get(0).getName());
        assertTrue(captured.attachments.values().stream().anyMatch(a -> a.contains("4 checks: 1 passed, 1 warning,"
                + " 1 failed, 1 skipped")), "the table is attached");
    }
}
