package io.meshconformance.junit;

import io.meshconformance.cluster.DockerAvailability;
import io.meshconformance.config.InvalidSettingsException;
import io.meshconformance.config.MeshSettings;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/** See {@link RequiresDockerForK3s}. */
public final class DockerCondition implements ExecutionCondition {

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        MeshSettings settings;
        MeshEnvironment environment;
        try {
            environment = MeshEnvironment.named(context::getConfigurationParameter);
            settings = MeshSettings.from(environment.settings());
        } catch (InvalidSettingsException | IllegalArgumentException e) {
            // Let the suite run and fail on the bad settings, naming them; never skip over them.
            return ConditionEvaluationResult.enabled("settings are invalid; the suite will report them");
        }
        if (!environment.needsDocker(settings)) {
            return ConditionEvaluationResult.enabled("mesh.mode=" + settings.mode().name().toLowerCase()
                    + " in this environment needs no Docker");
        }
        return DockerAvailability.available()
                ? ConditionEvaluationResult.enabled("Docker answers")
                : ConditionEvaluationResult.disabled("Conformance suite skipped: " + DockerAvailability.NO_DOCKER);
    }
}
