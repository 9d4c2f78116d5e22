package org.ebpftest.runtime.coverage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.ebpftest.runtime.coverage.CoverageReport.BranchCoverage;
import org.ebpftest.runtime.coverage.CoverageReport.FileCoverage;
import org.ebpftest.runtime.coverage.CoverageReport.LineCoverage;
import org.ebpftest.runtime.coverage.CoverageReport.ObjectCoverage;
import org.ebpftest.runtime.coverage.CoverageReport.Totals;

/**
 * Writes a report as one HTML page with its style inline: a summary table by object and C file,
 * then each file's source with every line marked hit, partly covered or missed, its count and the
 * outcomes of its branches. A file whose source was not found is listed by line number.
 */
final class HtmlReport {
    private static final String STYLE = """
            body{font-family:sans-serif;margin:1.5em;color:#222}
            table{border-collapse:collapse}
            th,td{padding:2px 8px;text-align:left}
            table.summary td,table.summary th{border-bottom:1px solid #ddd}
            table.summary td.n{text-align:right;font-variant-numeric:tabular-nums}
            tr.object td{font-weight:bold;background:#f3f3f3}
            table.source{font-family:monospace;font-size:13px;width:100%}
            table.source td{white-space:pre;vertical-align:top}
            td.no,td.count{text-align:right;color:#666}
            tr.hit td.count,tr.hit td.code{background:#dff5df}
            tr.partly td.count,tr.partly td.code{background:#fff3c4}
            tr.missed td.count,tr.missed td.code{background:#fbdcdc}
            span.never{color:#b00;font-weight:bold}
            td.branches{font-family:sans-serif;font-size:12px;white-space:normal}
            p.missing{color:#b00}
            """;

    private HtmlReport() {
    }

    static String write(CoverageReport report) {
        StringBuilder out = new StringBuilder();
        out.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>eBPF C coverage</title>\n<style>\n")
                .append(STYLE).append("</style>\n</head>\n<body>\n<h1>eBPF C coverage</h1>\n");
        out.append("<p>").append(escape(report.totals().toString())).append(". A line counts how often its most executed instruction ran;"
                + " a branch is a conditional jump of the compiled code, with two outcomes: the jump taken and the fall through.</p>\n");
        summary(out, report);
        int index = 0;
        for (ObjectCoverage object : report.objects()) {
            for (FileCoverage file : object.files()) {
                file(out, object, file, index++);
            }
        }
        out.append("</body>\n</html>\n");
        return out.toString();
    }

    private static void summary(StringBuilder out, CoverageReport report) {
        out.append("<table class=\"summary\">\n<tr><th>Object / C file</th><th>Lines</th><th>Branches</th><th>Functions</th></tr>\n");
        int index = 0;
        for (ObjectCoverage object : report.objects()) {
            row(out, "object", escape(object.name()) + " <small>(" + escape(String.join(", ", object.programs())) + ")</small>", object.totals());
            for (FileCoverage file : object.files()) {
                row(out, "file", "&nbsp;&nbsp;<a href=\"#f" + index++ + "\">" + escape(file.name()) + "</a>", file.totals());
            }
        }
        row(out, "object", "Total", report.totals());
        out.append("</table>\n");
    }

    private static void row(StringBuilder out, String cls, String label, Totals t) {
        out.append("<tr class=\"").append(cls).append("\"><td>").append(label).append("</td><td class=\"n\">")
                .append(Totals.ratio(t.linesHit(), t.lines())).append("</td><td class=\"n\">").append(Totals.ratio(t.branchesHit(), t.branches()))
                .append("</td><td class=\"n\">").append(Totals.ratio(t.functionsHit(), t.functions())).append("</td></tr>\n");
    }

    private static void file(StringBuilder out, ObjectCoverage object, FileCoverage file, int index) {
        out.append("<h2 id=\"f").append(index).append("\">").append(escape(file.name())).append(" <small>in ").append(escape(object.name()))
                .append("</small></h2>\n<p>").append(escape(file.totals().toString())).append("</p>\n");
        List<String> text = file.source().map(HtmlReport::read).orElse(null);
        if (text == null) {
            out.append("<p class=\"missing\">Source not found: ").append(escape(file.name()))
                    .append(" (looked beside the object and in the directories of ebpftest.coverage.sourcePath); lines are listed by number.</p>\n");
        }
        Map<Integer, LineCoverage> byLine = new TreeMap<>();
        file.lines().forEach(l -> byLine.put(l.line(), l));
        out.append("<table class=\"source\">\n<tr><th>Line</th><th>Count</th><th>Branches</th><th>Source</th></tr>\n");
        int lastCode = file.lines().isEmpty() ? 0 : file.lines().get(file.lines().size() - 1).line();
        int last = text != null ? Math.max(text.size(), lastCode) : lastCode;
        for (int n = 1; n <= last; n++) {
            LineCoverage line = byLine.get(n);
            if (text == null && line == null) {
                continue;
            }
            String code = text != null && n <= text.size() ? escape(text.get(n - 1)) : "";
            if (line == null) {
                out.append("<tr><td class=\"no\">").append(n).append("</td><td class=\"count\"></td><td></td><td class=\"code\">").append(code)
                        .append("</td></tr>\n");
                continue;
            }
            out.append("<tr class=\"").append(line.status().name().toLowerCase(java.util.Locale.ROOT)).append("\"><td class=\"no\">").append(n)
                    .append("</td><td class=\"count\">").append(line.hits()).append("</td><td class=\"branches\">");
            branches(out, line.branches());
            out.append("</td><td class=\"code\">").append(code).append("</td></tr>\n");
        }
        out.append("</table>\n");
    }

    private static void branches(StringBuilder out, List<BranchCoverage> branches) {
        for (int i = 0; i < branches.size(); i++) {
            BranchCoverage b = branches.get(i);
            out.append(i == 0 ? "" : "<br>").append("<span title=\"").append(escape(b.program() + " pc " + b.pc() + ": " + b.instruction()))
                    .append("\">").append(outcome("taken", b.taken())).append(" / ").append(outcome("fell through", b.fallThrough()))
                    .append("</span>");
        }
    }

    private static String outcome(String what, long count) {
        String text = what + " " + count + "\u00d7";
        return count == 0 ? "<span class=\"never\">" + text + "</span>" : text;
    }

    private static List<String> read(Path source) {
        try {
            return Files.readAllLines(source, StandardCharsets.UTF_8);
        } catch (IOException | java.io.UncheckedIOException e) {
            // A source that cannot be read is reported as not found; the counts stay.
            return null;
        }
    }

    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
