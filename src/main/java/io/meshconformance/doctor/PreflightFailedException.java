package io.meshconformance.doctor;

import java.util.Map;
import java.util.stream.Collectors;

import io.meshconformance.diagnostics.Layer;

/** The doctor found at least one FAIL: the run stops before it changes anything, naming each check and its fix. */
public final class PreflightFailedException extends RuntimeException {

    /** The layer each check looks at, so the report names the broken layer of the first failure. */
    private static final Map<String, Layer> LAYERS = Map.ofEntries(
            Map.entry("api", Layer.CLUSTER),
            Map.entry("topology-ranges", Layer.PREFLIGHT),
            Map.entry("ranges-disjoint", Layer.CLUSTER),
            Map.entry("istio-primary", Layer.CONTROL_PLANE),
            Map.entry("ingress-gateway", Layer.CONTROL_PLANE),
            Map.entry("istio-remote", Layer.REMOTE_INSTALL),
            Map.entry("network-label", Layer.REMOTE_INSTALL),
            Map.entry("remote-secret", Layer.ATTACH_SYNC),
            Map.entry("istiod-sync", Layer.ATTACH_SYNC),
            Map.entry("root-cert", Layer.ATTACH_SYNC),
            Map.entry("details-dns", Layer.PAGE));

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
        return report.failures().stream().findFirst().map(r -> LAYERS.getOrDefault(r.check(), Layer.PREFLIGHT))
                .orElse(Layer.PREFLIGHT);
    }

    private static String message(DoctorReport report) {
        return "Preflight doctor: " + report.failures().size() + " of " + report.results().size() + " checks failed: "
                + report.failures().stream().map(r -> r.check() + " [" + r.scope() + "]: " + r.evidence() + "; fix: "
                + r.fix()).collect(Collectors.joining(" | "));
    }
}
