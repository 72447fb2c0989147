/**
 * What every stage shares: the undo stack ({@code CleanupStack}), named bounded waits ({@code Waits}), the run's id
 * and labels ({@code RunId}), the layers of a mesh a failure can point at ({@code Layer}, {@code LayeredFailure}),
 * and the shape of evidence a component offers when a stage fails ({@code Evidence}, {@code EvidenceCollector}).
 * Uses only {@code text}.
 */
package io.meshconformance.lifecycle;
