/**
 * What a failed run tells: the evidence collectors registered by the components, called in order and guarded
 * ({@code Diagnostics}); the broken layer named from the failure itself ({@code FailureClassifier}); the report's
 * environment and failure categories ({@code ReportEnvironment}) and who ran it ({@code ReportExecutor}).
 */
package io.meshconformance.diagnostics;
