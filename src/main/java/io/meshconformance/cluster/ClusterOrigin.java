package io.meshconformance.cluster;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Where a run's clusters came from: started for this run (cold), a kept mesh reused (warm, mesh.reuse), started
 * afresh in place of kept meshes that could not serve (rebuilt, with the reasons), or the user's own (existing).
 * stages.json and the report name it; the suite reports Istio and the attachment of a warm run as reused.
 *
 * @param kept    the kept mesh's record, on a warm run
 * @param reasons why kept meshes were removed before this run started (a different fingerprint, a stopped node),
 *                one sentence each; empty for a cold run that found nothing kept
 */
public record ClusterOrigin(Kind kind, Optional<KeptMesh> kept, List<String> reasons) {

    /** The run's kind as stages.json and the report write it. */
    public enum Kind {
        COLD, WARM, REBUILT, EXISTING;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public ClusterOrigin {
        reasons = List.copyOf(reasons);
        if ((kind == Kind.WARM) != kept.isPresent()) {
            throw new IllegalArgumentException("a warm run, and only a warm run, has a kept mesh");
        }
        if (kind == Kind.REBUILT && reasons.isEmpty()) {
            throw new IllegalArgumentException("a rebuilt run says why");
        }
    }

    public static ClusterOrigin cold() {
        return new ClusterOrigin(Kind.COLD, Optional.empty(), List.of());
    }

    /** Started afresh; {@code reasons} says why kept meshes were removed first, if any were. */
    public static ClusterOrigin started(List<String> reasons) {
        return reasons.isEmpty() ? cold() : new ClusterOrigin(Kind.REBUILT, Optional.empty(), reasons);
    }

    public static ClusterOrigin warm(KeptMesh kept) {
        return new ClusterOrigin(Kind.WARM, Optional.of(kept), List.of());
    }

    public static ClusterOrigin existing() {
        return new ClusterOrigin(Kind.EXISTING, Optional.empty(), List.of());
    }

    public boolean warm() {
        return kind == Kind.WARM;
    }

    /** One line for the log and the report: "warm: the mesh made by run X 12 min ago ...", "rebuilt: ...". */
    public String describe(Instant now) {
        return switch (kind) {
            case COLD -> "cold: clusters started for this run";
            case WARM -> "warm: reusing the kept mesh " + kept.orElseThrow().fingerprint() + ", "
                    + kept.orElseThrow().describe(now);
            case REBUILT -> "rebuilt: clusters started afresh, as " + String.join("; ", reasons);
            case EXISTING -> "existing: the user's clusters";
        };
    }
}
