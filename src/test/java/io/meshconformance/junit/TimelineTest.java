package io.meshconformance.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import javax.xml.parsers.DocumentBuilderFactory;

import io.meshconformance.junit.StageRecorder.Mark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;
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

    @Test
    void barsAndMarksSitOnOneTimeAxisInProportionToTheirSeconds() throws Exception {
        StageRecorder recorder = new StageRecorder();
        String longName = "Istio primary: base, istiod, east-west and ingress gateways -> istiod exposed to the remote";
        recorder.record("Clusters", "cluster", "passed", T0, Duration.ofSeconds(40), null);
        recorder.record(longName, "control plane", "passed", T0.plusSeconds(40), Duration.ofSeconds(20), null);
        recorder.mark("attach", "remote secret created", T0.plusSeconds(45));
        recorder.mark("attach", "istiod reports 'remote' synced", T0.plusSeconds(50));

        Document svg = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new InputSource(new StringReader(Timeline.svg(recorder.stages(), recorder.marks()))));
        List<Element> bars = elements(svg, "rect").stream().filter(r -> r.hasAttribute("x")).toList();
        List<Element> dots = elements(svg, "circle");
        double axis = Timeline.WIDTH - Timeline.LABEL - 80;
        double perSecond = axis / 60; // the run spans 60 s: the last bar ends at the axis' end

        assertEquals(Timeline.LABEL, number(bars.get(0), "x"), 0.1, "the first stage starts the axis");
        assertEquals(40 * perSecond, number(bars.get(0), "width"), 0.1);
        assertEquals(Timeline.LABEL + 40 * perSecond, number(bars.get(1), "x"), 0.1, "the second starts at 40 s");
        assertEquals(20 * perSecond, number(bars.get(1), "width"), 0.1);
        assertEquals(Timeline.LABEL + 45 * perSecond, number(dots.get(0), "cx"), 0.1, "a mark sits at its moment");
        assertEquals(Timeline.LABEL + 50 * perSecond, number(dots.get(1), "cx"), 0.1);
        assertTrue(number(bars.get(0), "y") < number(bars.get(1), "y")
                && number(bars.get(1), "y") < number(dots.get(0), "cy")
                && number(dots.get(0), "cy") < number(dots.get(1), "cy"), "one row each, top to bottom");
        assertTrue(number(svg.getDocumentElement(), "height") > number(dots.get(1), "cy"), "nothing drawn below");

        List<String> texts = elements(svg, "text").stream().map(Element::getTextContent).toList();
        assertTrue(texts.contains(longName.substring(0, 61) + "\u2026"), "a long stage name is cut: " + texts);
        assertEquals(longName + ": passed, 20.0 s", bars.get(1).getTextContent(), "and whole in the bar's title");
        assertTrue(texts.contains("+5.0 s"), "the second mark's seconds since its chain began: " + texts);
    }

    @Test
    void shortStagesStayVisibleAndAnEmptyRunStillDraws() {
        StageRecorder recorder = new StageRecorder();
        recorder.record("Quick", "cluster", "passed", T0, Duration.ZERO, null);
        assertTrue(Timeline.svg(recorder.stages(), recorder.marks()).contains("width=\"2.0\""),
                "a stage of no measurable length is still a visible sliver");
        String empty = Timeline.svg(List.of(), List.of());
        assertTrue(empty.startsWith("<svg") && empty.contains("; 0.0 s in all)"), empty);
    }

    private static List<Element> elements(Document document, String tag) {
        NodeList nodes = document.getElementsByTagName(tag);
        List<Element> found = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            found.add((Element) nodes.item(i));
        }
        return found;
    }

    private static double number(Element element, String attribute) {
        return Double.parseDouble(element.getAttribute(attribute));
    }
}
