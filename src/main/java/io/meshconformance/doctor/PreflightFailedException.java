package io.meshconformance.doctor;

import java.util.Optional;
import java.util.stream.Collectors;

import io.meshconformance.lifecycle.Layer;
import io.meshconformance.lifecycle.LayeredFailure;

/** The doctor found at least one FAIL: the run stops before it changes anything, naming each check and its fix. */
public final class PreflightFailedException extends RuntimeException implements LayeredFailure {

    private final transient DoctorReport report;

    public PreflightFailedException(DoctorReport report) {
        super(message(report));
        this.report = report;
    }

    public DoctorReport report() {
        return report;
    }

    /** The layer of the first failed check. */
    public Layer layer() {
        return report.failures().stream().findFirst().map(r -> r.check().layer())
                .orElse(Layer.PREFLIGHT);
    }

    @Override
    public Optional<Layer> brokenLayer() {
        return Optional.of(layer());
    }

    private static String message(DoctorReport report) {
        return "Preflight doctor: " + report.failures().size() + " of " + report.results().size() + " checks failed: "
                + report.failures().stream().map(r -> r.check() + " [" + r.scope() + "]: " + r.evidence() + "; fix: "
                + r.fix()).collect(Collectors.joining(" | "));
    }
}
