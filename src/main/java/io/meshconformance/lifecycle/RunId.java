package io.meshconformance.lifecycle;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/**
 * Identifies one run of the harness in names and labels: {@code 20261125-1350-a1b2}. DNS-1123 safe, so it can be
 * part of container, network and namespace names.
 */
public record RunId(String value) {

    /** Label put on every Docker object and Kubernetes namespace the harness creates. */
    public static final String LABEL = "io.meshconformance/run";

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmm").withZone(ZoneOffset.UTC);
    private static final SecureRandom RANDOM = new SecureRandom();

    public RunId {
        if (!value.matches("[a-z0-9]([-a-z0-9]{0,30}[a-z0-9])?")) {
            throw new IllegalArgumentException("run id '" + value + "' must be a short DNS-1123 label");
        }
    }

    public static RunId generate() {
        return generate(Clock.systemUTC());
    }

    static RunId generate(Clock clock) {
        return new RunId(STAMP.format(clock.instant()) + "-" + String.format("%04x", RANDOM.nextInt(0x10000)));
    }

    /** The label that marks an object as this run's, for every object the harness creates. */
    public Map<String, String> labels() {
        return Map.of(LABEL, value);
    }

    /** Whether an object with {@code objectLabels} was made by this run: it carries every label of the run. */
    public boolean owns(Map<String, String> objectLabels) {
        Map<String, String> present = objectLabels == null ? Map.of() : objectLabels;
        return labels().entrySet().stream().allMatch(e -> e.getValue().equals(present.get(e.getKey())));
    }

    /** {@code mesh-<run>-<suffix>}, for Docker object names. */
    public String name(String suffix) {
        return "mesh-" + value + "-" + suffix;
    }

    @Override
    public String toString() {
        return value;
    }
}
