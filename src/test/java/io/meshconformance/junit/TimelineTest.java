package io.meshconformance.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.meshconformance.junit.StageRecorder.Mark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Propagation marks as stages.json and the report's timeline carry them. */
class TimelineTest {

    static final Instant T0 = Instant.parse("2026-12-02T05:00:00Z");

    @Test
    void aMarkCountsOnceAndItsSecondsRunFromItsChainsFirstMark(@TempDir Path dir) throws Exception {
        StageRecorder recorder = new StageRecorder();
        recorder.mark("attach", "remote secret created", T0);
        recorder.mark("details", "details-v1 ready", T0.plusSeconds(30));
        recorder.mark("attach", "istiod reports 'remote' synced", T0.plusMillis(2500));
        recorder.mark("attach", "istiod reports 'remote' synced", T0.plusSeconds(9));
        recorder.mark("details", "details in registryz", T0.plusSeconds(31));

        assertEquals(List.of(new Mark("attach", "remote secret created", T0, 0.0),
                new Mark("details", "details-v1 ready", T0.plusSeconds(30), 0.0),
                new Mark("attach", "istiod reports 'remote' synced", T0.plusMillis(2500), 2.5),
                new Mark("details", "details in registryz", T0.plusSeconds(31), 1.0)), recorder.marks());

        JsonNode written = JsonMapper.builder().build().readTree(Files.readString(recorder.write(dir)));
        assertEquals(4, written.get("marks").size());
        assertEquals("attach", written.get("marks").get(2).get("chain").asString());
        assertEquals("istiod reports 'remote' synced", written.get("marks").get(2).get("mark").asString());
        assertEquals("2026-12-02T05:00:02.500Z", written.get("marks").get(2).get("at").asString());
        assertEquals(2.5, written.get("marks").get(2).get("seconds").asDouble());
    }

    @Test
    void theTimelineDrawsStagesAndMarksWithTheirFiguresAndEscapesText() {
        StageRecorder recorder = new StageRecorder();
        recorder.record("Clusters -> <ready>", "cluster", "passed", T0, Duration.ofSeconds(40), null);
        recorder.record("Verdict 2 -> details", "data plane", "failed", T0.plusSeconds(40), Duration.ofSeconds(20),
                "Broken layer: data plane");
        recorder.record("Later", "page", "not reached", T0.plusSeconds(60), Duration.ZERO, null);
        recorder.mark("details", "the first page showing the details", T0.plusSeconds(50));

        String svg = Timeline.svg(recorder.stages(), recorder.marks());
        assertTrue(svg.startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\""), svg);
        assertTrue(svg.contains("Clusters -&gt; &lt;ready&gt;"), "stage names escaped: " + svg);
        assertTrue(svg.contains("fill=\"#4caf50\"") && svg.contains("fill=\"#e53935\""), "passed green, failed red");
        assertTrue(svg.contains("40.0 s") && svg.contains("20.0 s"), "each stage's seconds");
        assertTrue(svg.contains("Propagation: details") && svg.contains("the first page showing the details"),
                svg);
        assertTrue(svg.contains("60.0 s in all"), svg);
        assertFalse(svg.contains("Later"), "a stage not reached has no bar");
    }
}
