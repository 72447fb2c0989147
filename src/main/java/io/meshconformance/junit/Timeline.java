package io.meshconformance.junit;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import io.meshconformance.junit.StageRecorder.Mark;
import io.meshconformance.junit.StageRecorder.StageResult;
import io.meshconformance.text.Html;

/**
 * Draws a run as an SVG timeline for the report: one bar per stage on a common time axis (green passed, red failed),
 * and under them the propagation marks of each chain as dots, each labelled with its seconds since the chain began.
 * Pure: the same stages and marks give the same picture.
 */
final class Timeline {

    static final int WIDTH = 1100;
    static final int LABEL = 430;
    static final int ROW = 22;

    private Timeline() {
    }

    static String svg(List<StageResult> stages, List<Mark> marks) {
        List<StageResult> ran = stages.stream().filter(s -> !"not reached".equals(s.outcome())).toList();
        Instant start = Stream.concat(ran.stream().map(StageResult::started), marks.stream().map(Mark::at))
                .min(Instant::compareTo).orElse(Instant.EPOCH);
        double end = Stream.concat(
                ran.stream().map(s -> seconds(start, s.started()) + s.seconds()),
                marks.stream().map(m -> seconds(start, m.at()))).mapToDouble(Double::doubleValue).max().orElse(0);
        double scale = (WIDTH - LABEL - 80) / Math.max(1, end); // a run of under a second fills part of the axis
        List<String> body = new ArrayList<>();
        int y = 30;
        body.add(text(8, 18, "Stages (seconds from the run's first stage; " + format(end) + " s in all)", "bold"));
        for (StageResult stage : ran) {
            double x = LABEL + seconds(start, stage.started()) * scale;
            double w = Math.max(2, stage.seconds() * scale);
            String colour = "passed".equals(stage.outcome()) ? "#4caf50" : "#e53935";
            body.add(text(8, y + 15, shorten(stage.stage(), 62), "normal"));
            body.add(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"16\" fill=\"%s\">"
                    + "<title>%s</title></rect>", x, y + 3, w, colour,
                    Html.escape(stage.stage() + ": " + stage.outcome() + ", " + format(stage.seconds()) + " s")));
            body.add(text((int) (x + w + 4), y + 15, format(stage.seconds()) + " s", "normal"));
            y += ROW;
        }
        String chain = null;
        for (Mark mark : marks) {
            if (!mark.chain().equals(chain)) {
                chain = mark.chain();
                y += 8;
                body.add(text(8, y + 15, "Propagation: " + chain + " (seconds since its first mark)", "bold"));
                y += ROW;
            }
            double x = LABEL + seconds(start, mark.at()) * scale;
            body.add(text(20, y + 15, shorten(mark.mark(), 60), "normal"));
            body.add(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%d\" r=\"5\" fill=\"#1e88e5\"><title>%s"
                    + "</title></circle>", x, y + 11, Html.escape(mark.mark() + " at " + mark.at())));
            body.add(text((int) x + 9, y + 15, "+" + format(mark.seconds()) + " s", "normal"));
            y += ROW;
        }
        int height = y + 12;
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + WIDTH + "\" height=\"" + height
                + "\" viewBox=\"0 0 " + WIDTH + " " + height + "\" font-family=\"sans-serif\" font-size=\"12\">"
                + "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>"
                + "<line x1=\"" + LABEL + "\" y1=\"24\" x2=\"" + LABEL + "\" y2=\"" + y + "\" stroke=\"#bbb\"/>"
                + String.join("", body) + "</svg>\n";
    }

    private static double seconds(Instant from, Instant to) {
        return Duration.between(from, to).toMillis() / 1000.0;
    }

    private static String format(double seconds) {
        return String.format(Locale.ROOT, "%.1f", seconds);
    }

    private static String text(int x, int y, String text, String weight) {
        return "<text x=\"" + x + "\" y=\"" + y + "\" font-weight=\"" + weight + "\">" + Html.escape(text) + "</text>";
    }

    private static String shorten(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "\u2026";
    }
}
