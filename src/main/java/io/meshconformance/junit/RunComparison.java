package io.meshconformance.junit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.meshconformance.cluster.KeptMesh;

/**
 * One line comparing a run's stage times with the last cold run of its fingerprint (mesh.reuse): the totals, their
 * ratio, and stage by stage (matched by position, as the suite's stages run in one order). Figures only; nothing
 * passes or fails on them.
 */
final class RunComparison {

    private RunComparison() {
    }

    /**
     * @param kind  this run's kind ("warm", "cold", "rebuilt")
     * @param stages this run's stage seconds, keyed "N. name" ({@link StageRunner#stageSeconds})
     * @param cold  the record of the mesh, holding its cold run's stage seconds keyed the same way
     */
    static String line(String kind, Map<String, Double> stages, KeptMesh cold, Instant now) {
        double mine = total(stages);
        double theirs = cold.coldSeconds();
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%s run: %.1f s over %d stages; the last"
                + " cold run of mesh %s (run %s, %s ago) took %.1f s over %d", kind, mine, stages.size(),
                cold.fingerprint(), cold.madeBy(), cold.age(now), theirs, cold.coldStages().size()));
        if (mine > 0 && theirs > 0) {
            line.append(String.format(Locale.ROOT, " (%.1fx this run's time)", theirs / mine));
        }
        List<String> pairs = new ArrayList<>();
        List<Double> coldSeconds = new ArrayList<>(cold.coldStages().values());
        List<Double> mineSeconds = new ArrayList<>(stages.values());
        for (int i = 0; i < Math.max(coldSeconds.size(), mineSeconds.size()); i++) {
            pairs.add((i + 1) + " " + seconds(mineSeconds, i) + "/" + seconds(coldSeconds, i));
        }
        if (!pairs.isEmpty()) {
            line.append("; by stage, this run/cold (s): ").append(String.join(", ", pairs));
        }
        return line.toString();
    }

    private static double total(Map<String, Double> stages) {
        return stages.values().stream().mapToDouble(Double::doubleValue).sum();
    }

    private static String seconds(List<Double> list, int i) {
        return i < list.size() ? String.format(Locale.ROOT, "%.1f", list.get(i)) : "-";
    }
}
