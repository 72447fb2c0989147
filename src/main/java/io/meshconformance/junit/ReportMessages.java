package io.meshconformance.junit;

import java.util.List;
import java.util.regex.Pattern;

import io.qameta.allure.listener.TestLifecycleListener;
import io.qameta.allure.model.StatusDetails;
import io.qameta.allure.model.StepResult;
import io.qameta.allure.model.TestResult;

/**
 * Failure messages as the report shows them. Allure 2's report renders a result's and a step's message as HTML, so
 * angle-bracketed words vanish there: the redaction marker {@code <redacted>}, and placeholders such as
 * {@code --name=<remote>}. Before a result is written, its messages (and its steps') get look-alike brackets
 * (U+2039, U+203A), which read the same in the report and in any other renderer; the log, the console and
 * {@code stages.json} keep the text as it was. Registered through META-INF/services (allure-java's
 * {@code AllureLifecycle} loads its listeners with the ServiceLoader).
 */
public final class ReportMessages implements TestLifecycleListener {

    private static final Pattern BRACKETED = Pattern.compile("<([^<>\\n]{0,200})>");

    @Override
    public void beforeTestWrite(TestResult result) {
        visible(result.getStatusDetails());
        steps(result.getSteps());
    }

    /**
     * {@code text} with each {@code <word>} as {@code \u2039word\u203A}, and any other {@code <} as {@code \u2039}: what
     * no HTML renderer takes for a tag. A {@code >} alone (the stages' "action -> expected") is shown as it is.
     */
    static String visible(String text) {
        return text == null ? null : BRACKETED.matcher(text).replaceAll("\u2039$1\u203A").replace('<', '\u2039');
    }

    private static void visible(StatusDetails details) {
        if (details != null) {
            details.setMessage(visible(details.getMessage()));
        }
    }

    private static void steps(List<StepResult> steps) {
        if (steps == null) {
            return;
        }
        for (StepResult step : steps) {
            visible(step.getStatusDetails());
            steps(step.getSteps());
        }
    }
}
