package io.meshconformance.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.meshconformance.cluster.KeptMesh;
import org.junit.jupiter.api.Test;

/** Unit tier: the line a warm run logs and writes into stages.json against the cold run of its mesh. */
class RunComparisonTest {

    static final Instant MADE = Instant.parse("2026-12-02T10:00:00Z");

    static KeptMesh cold(double... seconds) {
        Map<String, Double> stages = new LinkedHashMap<>();
        for (int i = 0; i < seconds.length; i++) {
            stages.put((i + 1) + ". stage " + (i + 1), seconds[i]);
        }
        return new KeptMesh("0123456789abcdef", Map.of("k3s.image", "x"), "0.1.0", "20261202-1000-ab12", MADE,
                List.of(), stages, "20261202-1000-ab12", MADE, 1);
    }

    static Map<String, Double> run(double... seconds) {
        return cold(seconds).coldStages();
    }

    @Test
    void itGivesBothTotalsTheirRatioAndEveryStage() {
        assertEquals("warm run: 20.0 s over 3 stages; the last cold run of mesh 0123456789abcdef (run"
                + " 20261202-1000-ab12, 2 h 0 min ago) took 300.0 s over 3 (15.0x this run's time); by stage, this"
                + " run/cold (s): 1 5.0/200.0, 2 5.0/60.0, 3 10.0/40.0",
                RunComparison.line("warm", run(5, 5, 10), cold(200, 60, 40), MADE.plusSeconds(7200)));
    }

    @Test
    void stagesOnlyOneRunHasAreShownAsMissing() {
        assertEquals("warm run: 5.0 s over 1 stages; the last cold run of mesh 0123456789abcdef (run"
                + " 20261202-1000-ab12, 0 s ago) took 260.0 s over 2 (52.0x this run's time); by stage, this run/cold"
                + " (s): 1 5.0/200.0, 2 -/60.0", RunComparison.line("warm", run(5), cold(200, 60), MADE));
    }

    @Test
    void noRatioWhenEitherTotalIsZero() {
        assertFalse(RunComparison.line("warm", run(0), cold(200), MADE).contains("x this run's time"));
        assertFalse(RunComparison.line("warm", run(5), cold(0), MADE).contains("x this run's time"));
    }

    @Test
    void noRatioWithoutTimes() {
        assertEquals("warm run: 0.0 s over 0 stages; the last cold run of mesh 0123456789abcdef (run"
                + " 20261202-1000-ab12, 0 s ago) took 0.0 s over 0", RunComparison.line("warm", run(), cold(), MADE));
    }
}
