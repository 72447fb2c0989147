package io.meshconformance.config;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Which Kubernetes minors each Istio minor is supported on, from Istio's own table: the one place in this harness
 * that knows it. A cell of the version matrix (Istio x k3s image) is expected to pass when its Kubernetes minor lies
 * in its Istio minor's range; outside it the cell is unsupported and is not run unless asked; an Istio minor not in
 * the table is of unknown support (run, and flagged).
 *
 * <p>Source: istio.io, "Supported Releases", section "Support status of Istio releases" ({@link #SOURCE}), for 1.26
 * to 1.30; 1.24 and 1.25 have left that table, so their ranges are the ones their announcements state ("Istio 1.24.0
 * is officially supported on Kubernetes versions 1.28 to 1.31"; 1.25.0: 1.29 to 1.32). As of {@link #AS_OF}; a newer
 * Istio minor is added here when istio.io lists it. istioctl only warns below its minimum, so "unsupported" means
 * "not promised", not "known broken".
 */
public final class IstioSupport {

    public static final String SOURCE =
            "https://istio.io/latest/docs/releases/supported-releases/#support-status-of-istio-releases";
    /** When the table below was last compared with {@link #SOURCE}. */
    public static final String AS_OF = "2026-12-02";

    /** The Kubernetes minors (of Kubernetes 1.x) an Istio 1.x minor supports, both ends included. */
    public record Range(int lowest, int highest) {
        public boolean contains(int kubernetesMinor) {
            return kubernetesMinor >= lowest && kubernetesMinor <= highest;
        }

        @Override
        public String toString() {
            return "1." + lowest + " to 1." + highest;
        }
    }

    /** Istio 1.x minor -> Kubernetes range. */
    private static final Map<Integer, Range> TABLE = new TreeMap<>(Map.of(
            24, new Range(28, 31), // announcing-1.24
            25, new Range(29, 32), // announcing-1.25
            26, new Range(29, 33),
            27, new Range(29, 33),
            28, new Range(30, 34),
            29, new Range(31, 35),
            30, new Range(32, 36)));

    /** What a cell is expected to show. */
    public enum Status {
        SUPPORTED("supported"), UNSUPPORTED("unsupported"), UNKNOWN("unknown support");

        private final String text;

        Status(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }
    }

    /** A cell's expected support and why, e.g. "Istio 1.30 supports Kubernetes 1.32 to 1.36". */
    public record Expected(Status status, String why) {
        /** Whether a cell with this support runs without being asked to run unsupported cells. */
        public boolean runsByDefault() {
            return status != Status.UNSUPPORTED;
        }
    }

    private IstioSupport() {
    }

    /** The range of {@code istio}'s minor, if the table has it. */
    public static Optional<Range> range(IstioVersion istio) {
        return istio.major() == 1 ? Optional.ofNullable(TABLE.get(istio.minor())) : Optional.empty();
    }

    /** Whether Istio {@code istio} is supported on Kubernetes {@code major}.{@code minor}. */
    public static Expected expected(IstioVersion istio, int kubernetesMajor, int kubernetesMinor) {
        String istioMinor = istio.major() + "." + istio.minor();
        String kubernetes = kubernetesMajor + "." + kubernetesMinor;
        Optional<Range> range = range(istio);
        if (range.isEmpty()) {
            return new Expected(Status.UNKNOWN, "Istio " + istioMinor + " is not in the support table (as of " + AS_OF
                    + ": Istio " + first() + " to " + last() + "); compare " + SOURCE + " and add it to IstioSupport");
        }
        boolean inside = kubernetesMajor == 1 && range.get().contains(kubernetesMinor);
        return new Expected(inside ? Status.SUPPORTED : Status.UNSUPPORTED, "Istio " + istioMinor + " supports"
                + " Kubernetes " + range.get() + (inside ? "" : ", not " + kubernetes));
    }

    private static String first() {
        return "1." + ((TreeMap<Integer, Range>) TABLE).firstKey();
    }

    private static String last() {
        return "1." + ((TreeMap<Integer, Range>) TABLE).lastKey();
    }
}
