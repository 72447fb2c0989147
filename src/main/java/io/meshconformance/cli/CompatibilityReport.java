package io.meshconformance.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import io.meshconformance.config.IstioSupport;
import io.meshconformance.config.MatrixCell;
import io.meshconformance.text.Html;

/**
 * The compatibility report of a version matrix: one row per cell with its Istio release, k3s image and Kubernetes
 * version, topology, expected support, outcome (and where it failed: stage and layer, or why it was skipped), stage
 * durations, propagation timings, and a link to the cell's Allure report. Written as {@code compatibility.md} (for a
 * pull request or a wiki) and {@code compatibility.html} (for the published site), from the same rows.
 */
final class CompatibilityReport {

    static final String MARKDOWN = "compatibility.md";
    static final String HTML = "compatibility.html";
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    /**
     * One cell's row.
     *
     * @param report the cell's Allure report, relative to the report's directory, when one was rendered
     */
    record Row(MatrixCell cell, CellResult result, Optional<String> report) {
    }

    private final String matrix;
    private final List<Row> rows;
    private final Instant written;

    CompatibilityReport(String matrix, List<Row> rows, Instant written) {
        this.matrix = matrix;
        this.rows = List.copyOf(rows);
        this.written = written;
    }

    /** Writes both files into {@code dir}; returns them, Markdown first. */
    List<Path> write(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path md = Files.writeString(dir.resolve(MARKDOWN), markdown());
        Path html = Files.writeString(dir.resolve(HTML), html());
        return List.of(md, html);
    }

    /** How many cells ended each way, in the order of {@link CellResult.Outcome}. */
    Map<CellResult.Outcome, Integer> counts() {
        Map<CellResult.Outcome, Integer> counts = new EnumMap<>(CellResult.Outcome.class);
        for (CellResult.Outcome o : CellResult.Outcome.values()) {
            counts.put(o, 0);
        }
        rows.forEach(r -> counts.merge(r.result().outcome(), 1, Integer::sum));
        return counts;
    }

    /** "3 cells: 1 passed, 1 failed, 0 skipped, 1 unsupported (not run), 0 did not run". */
    String summary() {
        Map<CellResult.Outcome, Integer> counts = counts();
        return rows.size() + (rows.size() == 1 ? " cell: " : " cells: ") + counts.get(CellResult.Outcome.PASSED)
                + " passed, " + counts.get(CellResult.Outcome.FAILED) + " failed, "
                + counts.get(CellResult.Outcome.SKIPPED) + " skipped, " + counts.get(CellResult.Outcome.UNSUPPORTED)
                + " unsupported (not run), " + counts.get(CellResult.Outcome.DID_NOT_RUN) + " did not run";
    }

    String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("# Istio multicluster conformance: compatibility\n\n");
        md.append("Matrix `").append(matrix).append("`, written ").append(WHEN.format(written)).append(". ")
                .append(summary()).append(".\n\n");
        md.append("Expected support: Istio's supported-releases table (").append(IstioSupport.SOURCE)
                .append("), as of ").append(IstioSupport.AS_OF).append("; the Kubernetes version is the k3s image's."
                        + " Unsupported cells are not run unless asked (`--include-unsupported`).\n\n");
        md.append("| Cell | Istio | k3s image (Kubernetes) | Topology | Expected support | Outcome | Failed stage (layer)"
                + " | Stage durations | Propagation | Allure report |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|\n");
        for (Row row : rows) {
            MatrixCell c = row.cell();
            CellResult r = row.result();
            List<String> cells = List.of(c.name(), c.istio().toString(),
                    "`" + c.k3s().reference() + "` (" + c.k3s().kubernetesVersion() + ")", "`" + c.topology() + "`",
                    support(c), outcome(r), failedStage(r).orElse(""), String.join("<br>", durations(r)),
                    String.join("<br>", propagation(r)),
                    row.report().map(link -> "[report](" + link + ")").orElse(noReport(r)));
            md.append("| ").append(cells.stream().map(CompatibilityReport::cellText)
                    .collect(Collectors.joining(" | "))).append(" |\n");
        }
        List<Row> explained = rows.stream().filter(r -> r.result().outcome() == CellResult.Outcome.FAILED
                || !r.result().problems().isEmpty()).toList();
        if (!explained.isEmpty()) {
            md.append("\n## Failures\n");
            for (Row row : explained) {
                md.append("\n### ").append(row.cell().name()).append(": ").append(failedStage(row.result())
                        .orElse(row.result().outcome().text())).append("\n\n");
                if (!row.result().reason().isEmpty()) {
                    md.append("```text\n").append(row.result().reason().replace("```", "'''")).append("\n```\n");
                }
                row.result().problems().forEach(p -> md.append("\n- ").append(p));
                if (!row.result().problems().isEmpty()) {
                    md.append('\n');
                }
            }
        }
        return md.toString();
    }

    String html() {
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<title>Istio multicluster conformance: compatibility</title>\n<style>\n")
                .append("body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:2rem;color:#1f2328}\n")
                .append("table{border-collapse:collapse;font-size:14px}\n")
                .append("th,td{border:1px solid #d0d7de;padding:6px 8px;text-align:left;vertical-align:top}\n")
                .append("th{background:#f6f8fa}\ncode{font-size:12px}\ntd.name{white-space:nowrap}\ntd.path code{word-break:break-all}\n")
                .append("td.outcome{min-width:16em;max-width:26em}\ntd.times{min-width:11em;font-size:13px}\n")
                .append("summary{cursor:pointer}\n")
                .append(".passed{background:#dafbe1}.failed{background:#ffebe9}.skipped{background:#fff8c5}\n")
                .append(".unsupported{background:#eaeef2;color:#57606a}.did-not-run{background:#ffebe9}\n")
                .append(".support-unknown{color:#9a6700;font-weight:600}.small{font-size:12px;color:#57606a}\n")
                .append("pre{white-space:pre-wrap;background:#f6f8fa;padding:8px;max-width:110ch}\n")
                .append("</style>\n</head>\n<body>\n<h1>Istio multicluster conformance: compatibility</h1>\n");
        h.append("<p>Matrix <code>").append(Html.escape(matrix)).append("</code>, written ").append(WHEN.format(written))
                .append(". ").append(Html.escape(summary())).append(".</p>\n");
        h.append("<p class=\"small\">Expected support: Istio's <a href=\"").append(Html.escape(IstioSupport.SOURCE))
                .append("\">supported-releases table</a>, as of ").append(IstioSupport.AS_OF).append("; the Kubernetes"
                        + " version is the k3s image's. Unsupported cells are not run unless asked.</p>\n");
        h.append("<table>\n<thead><tr><th>Cell</th><th>Istio</th><th>k3s image (Kubernetes)</th><th>Topology</th>"
                + "<th>Expected support</th><th>Outcome</th><th>Failed stage (layer)</th><th>Stage durations</th>"
                + "<th>Propagation</th><th>Allure report</th></tr></thead>\n<tbody>\n");
        for (Row row : rows) {
            MatrixCell c = row.cell();
            CellResult r = row.result();
            String outcomeClass = switch (r.outcome()) {
                case PASSED -> "passed";
                case FAILED -> "failed";
                case SKIPPED -> "skipped";
                case UNSUPPORTED -> "unsupported";
                case DID_NOT_RUN -> "did-not-run";
            };
            h.append("<tr id=\"").append(Html.escape(c.name())).append("\">");
            h.append("<td class=\"name\"><b>").append(Html.escape(c.name())).append("</b></td>");
            td(h, Html.escape(c.istio().toString()));
            td(h, "<code>" + Html.escape(c.k3s().reference()) + "</code><br>Kubernetes " + Html.escape(c.k3s().kubernetesVersion()));
            h.append("<td class=\"path\"><code>").append(Html.escape(c.topology())).append("</code></td>");
            String supportClass = c.expected().status() == IstioSupport.Status.UNKNOWN ? " class=\"support-unknown\""
                    : "";
            h.append("<td").append(supportClass).append(">").append(Html.escape(c.expected().status().text()))
                    .append("<br><span class=\"small\">").append(Html.escape(c.expected().why())).append("</span></td>");
            h.append("<td class=\"outcome ").append(outcomeClass).append("\"><b>").append(Html.escape(r.outcome().text()))
                    .append("</b>");
            if (!r.reason().isEmpty() && r.outcome() != CellResult.Outcome.UNSUPPORTED) {
                h.append("<br><span class=\"small\">").append(Html.escape(r.shortReason())).append("</span>");
            }
            h.append("</td>");
            td(h, failedStage(r).map(Html::escape).orElse(""));
            h.append("<td class=\"times\">").append(durations(r).stream().map(Html::escape)
                    .collect(Collectors.joining("<br>"))).append("</td>");
            h.append("<td class=\"times\">").append(propagationHtml(r)).append("</td>");
            td(h, row.report().map(link -> "<a href=\"" + Html.escape(link) + "\">report</a>").orElse(Html.escape(noReport(r))));
            h.append("</tr>\n");
        }
        h.append("</tbody>\n</table>\n");
        for (Row row : rows) {
            CellResult r = row.result();
            if (r.outcome() == CellResult.Outcome.FAILED || !r.problems().isEmpty()) {
                h.append("<h3>").append(Html.escape(row.cell().name())).append(": ")
                        .append(Html.escape(failedStage(r).orElse(r.outcome().text()))).append("</h3>\n");
                if (!r.reason().isEmpty()) {
                    h.append("<pre>").append(Html.escape(r.reason())).append("</pre>\n");
                }
                for (String problem : r.problems()) {
                    h.append("<p class=\"small\">").append(Html.escape(problem)).append("</p>\n");
                }
            }
        }
        h.append("</body>\n</html>\n");
        return h.toString();
    }

    /** "supported: Istio 1.30 supports Kubernetes 1.32 to 1.36". */
    private static String support(MatrixCell cell) {
        return cell.expected().status().text() + ": " + cell.expected().why();
    }

    /** "failed", "skipped: no Docker engine answers ...", "unsupported, not run". */
    private static String outcome(CellResult r) {
        if (r.outcome() == CellResult.Outcome.PASSED || r.outcome() == CellResult.Outcome.UNSUPPORTED
                || r.reason().isEmpty()) {
            return "**" + r.outcome().text() + "**";
        }
        return "**" + r.outcome().text() + "**: " + r.shortReason();
    }

    /** "stage 1 Clusters (layer cluster)" for a failed cell. */
    static Optional<String> failedStage(CellResult r) {
        return r.failedStage().map(s -> "stage " + r.number(s) + " " + s.shortName() + " (layer " + s.layer() + ")");
    }

    /** "1 Clusters 41.2 s" per stage that ran, and the total. */
    static List<String> durations(CellResult r) {
        List<String> lines = new ArrayList<>();
        double total = 0;
        for (CellResult.Stage s : r.stages()) {
            if ("not reached".equals(s.outcome())) {
                continue;
            }
            total += s.seconds();
            lines.add(r.number(s) + " " + s.shortName() + " " + seconds(s.seconds()) + (s.failed() ? " (failed)" : ""));
        }
        if (lines.size() > 1) {
            lines.add("total " + seconds(total));
        }
        return lines;
    }

    /** Per chain, each mark with its seconds since the chain's first: "details: details in registryz +2.1 s". */
    static List<String> propagation(CellResult r) {
        Map<String, List<CellResult.Mark>> chains = new LinkedHashMap<>();
        r.marks().forEach(m -> chains.computeIfAbsent(m.chain(), k -> new ArrayList<>()).add(m));
        List<String> lines = new ArrayList<>();
        chains.forEach((chain, marks) -> marks.forEach(m -> lines.add(chain + ": +" + seconds(m.seconds()) + " "
                + m.mark())));
        return lines;
    }

    /** Per chain its last mark's seconds, the marks themselves folded away. */
    private static String propagationHtml(CellResult r) {
        if (r.marks().isEmpty()) {
            return "";
        }
        Map<String, CellResult.Mark> last = new LinkedHashMap<>();
        r.marks().forEach(m -> last.put(m.chain(), m));
        String summary = last.values().stream().map(m -> Html.escape(m.chain()) + " " + seconds(m.seconds()))
                .collect(Collectors.joining(", "));
        return "<details><summary>" + summary + "</summary>" + propagation(r).stream().map(Html::escape)
                .collect(Collectors.joining("<br>")) + "</details>";
    }

    private static String noReport(CellResult r) {
        return switch (r.outcome()) {
            case UNSUPPORTED, DID_NOT_RUN -> "";
            default -> "not rendered";
        };
    }

    static String seconds(double value) {
        return String.format(Locale.ROOT, "%.1f s", value);
    }

    /** A table cell of Markdown: no line break, no unescaped '|'. */
    private static String cellText(String text) {
        return text.replace("\r", "").replace("\n", " ").replace("|", "\\|");
    }

    private static void td(StringBuilder h, String html) {
        h.append("<td>").append(html).append("</td>");
    }
}
