package io.meshconformance.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.ServiceLoader;

import io.qameta.allure.listener.TestLifecycleListener;
import io.qameta.allure.model.StatusDetails;
import io.qameta.allure.model.StepResult;
import io.qameta.allure.model.TestResult;
import org.junit.jupiter.api.Test;

/** Failure messages keep their angle-bracketed words in the report, where Allure 2 renders a message as HTML. */
class ReportMessagesTest {

    @Test
    void theRedactionMarkerAndPlaceholdersStayVisible() {
        assertEquals("token \u2039redacted\u203A refused: recreate it with --name=\u2039remote\u203A",
                ReportMessages.visible("token <redacted> refused: recreate it with --name=<remote>"));
        assertEquals("https://\u2039redacted\u203A@10.0.0.3:6443",
                ReportMessages.visible("https://<redacted>@10.0.0.3:6443"));
        assertEquals("Stage 'Attach: x -> y' failed", ReportMessages.visible("Stage 'Attach: x -> y' failed"),
                "an arrow is left alone");
        assertEquals("a \u2039 b", ReportMessages.visible("a < b"));
        assertEquals(null, ReportMessages.visible(null));
    }

    @Test
    void everyMessageOfAResultIsRewrittenBeforeItIsWritten() {
        StepResult inner = new StepResult().setStatusDetails(new StatusDetails().setMessage("inner <redacted>"));
        StepResult stage = new StepResult().setStatusDetails(new StatusDetails().setMessage("stage <redacted>"))
                .setSteps(List.of(inner));
        TestResult result = new TestResult().setStatusDetails(new StatusDetails().setMessage("test <redacted>"))
                .setSteps(List.of(stage, new StepResult()));

        new ReportMessages().beforeTestWrite(result);

        assertEquals("test \u2039redacted\u203A", result.getStatusDetails().getMessage());
        assertEquals("stage \u2039redacted\u203A", stage.getStatusDetails().getMessage());
        assertEquals("inner \u2039redacted\u203A", inner.getStatusDetails().getMessage());
    }

    @Test
    void allureLoadsIt() {
        assertTrue(ServiceLoader.load(TestLifecycleListener.class).stream()
                .anyMatch(p -> p.type() == ReportMessages.class), "registered in META-INF/services");
    }
}
