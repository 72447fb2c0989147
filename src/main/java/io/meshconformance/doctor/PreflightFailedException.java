package io.meshconformance.doctor;

import java.util.stream.Collectors;

import io.meshconformance.diagnostics.Layer;

/** The doctor found at least one FAIL: the run stops before it changes anything, naming each check and its fix. */
public final class PreflightFailedException extends RuntimeException {

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

    private static String message(DoctorReport report) {
        return "Preflight doctor: " + report.failures().size() + " of " + report.results().size() + " checks failed: "
                + report.failures().stream().map(r -> r.check() + " [" + r.scope() + "]: " + r.evidence() + "; fix: "
                + r.fix()).collect(Collectors.joining(" | "));
    }
}
