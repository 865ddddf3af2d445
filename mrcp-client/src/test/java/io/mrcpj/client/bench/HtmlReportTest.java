package io.mrcpj.client.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HtmlReportTest {

  private static final String SVG_NS = "http://www.w3.org/2000/svg";

  /** Five seconds, two latency metrics, one error kind, a hostile setting and odd numbers. */
  private static BenchReport report(List<BenchReport.Sample> timeline) {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("sessions", "10");
    settings.put("label", "<script>alert(1)</script>");
    Map<String, BenchReport.Latency> latencies = new LinkedHashMap<>();
    latencies.put("session", new BenchReport.Latency(40, 120.04, 110, 150, 180.26, 199, 201.5));
    latencies.put("sip-setup", new BenchReport.Latency(40, 5.5, 5, 8, 12.34, 15, 16));
    BenchReport.Summary summary =
        new BenchReport.Summary(
            5.0,
            42,
            40,
            2,
            40,
            39,
            7,
            8.0,
            7.8,
            latencies,
            Map.of("sip-503", 2L),
            Map.of("sip-503", "abc@host: Service Unavailable <full>"),
            12_000,
            Double.NaN,
            "duration reached & <done>");
    return new BenchReport(
        "mrcpj-bench 1.0", "2024-05-01T10:00:00Z", "host:8060", settings, summary, timeline);
  }

  private static BenchReport.Sample sample(double t, double sessionP99, double cpu) {
    return new BenchReport.Sample(
        t,
        (int) t,
        8,
        8,
        t == 3 ? 2 : 0,
        8,
        Map.of("session", 100.0 + t, "sip-setup", 5.0),
        Map.of("session", sessionP99, "sip-setup", 12.0),
        cpu,
        400);
  }

  private static List<BenchReport.Sample> fiveSeconds() {
    List<BenchReport.Sample> l = new ArrayList<>();
    double[] sessionP99 = {150, 170, -1, 160, 180};
    for (int i = 0; i < 5; i++) {
      l.add(sample(i + 1, sessionP99[i], i == 1 ? Double.POSITIVE_INFINITY : 12.5));
    }
    return l;
  }

  private static int count(String haystack, String needle) {
    int n = 0;
    for (int i = haystack.indexOf(needle); i >= 0; i = haystack.indexOf(needle, i + 1)) {
      n++;
    }
    return n;
  }

  /** The SVG element of one chart, from its opening tag to its closing tag. */
  private static String chart(String html, String id) {
    int start = html.indexOf("id=\"chart-" + id + "\"");
    assertThat(start).as("chart %s", id).isNotNegative();
    return html.substring(start, html.indexOf("</svg>", start));
  }

  @Test
  void drawsOneBalancedSvgPerChart() {
    String html = HtmlReport.render(report(fiveSeconds()));
    // active, throughput, two latency metrics, cpu
    assertThat(count(html, "<svg")).isEqualTo(5).isEqualTo(count(html, "</svg>"));
    assertThat(html.indexOf("id=\"chart-latency-sip-setup\""))
        .as("METRICS order")
        .isLessThan(html.indexOf("id=\"chart-latency-session\""));
    assertThat(chart(html, "throughput"))
        .contains(">sessions ended/s<", ">recognitions/s<", ">failed/s<");
    assertThat(html).startsWith("<!DOCTYPE html>").endsWith("</html>\n");
  }

  @Test
  void escapesReportStrings() {
    String html = HtmlReport.render(report(fiveSeconds()));
    assertThat(html)
        .contains("&lt;script&gt;alert(1)&lt;/script&gt;")
        .contains("duration reached &amp; &lt;done&gt;")
        .doesNotContain("<script")
        .doesNotContain("<done>");
  }

  @Test
  void neverEmitsNanOrInfinity() {
    String html = HtmlReport.render(report(fiveSeconds()));
    assertThat(html).doesNotContain("NaN").doesNotContain("Infinity");
    assertThat(html).contains("<td>Client CPU (%)</td><td>n/a</td>");
  }

  @Test
  void refersToNothingOutsideThePage() {
    String html = HtmlReport.render(report(fiveSeconds())).replace(SVG_NS, "");
    assertThat(html)
        .doesNotContain("http://")
        .doesNotContain("https://")
        .doesNotContain("url(")
        .doesNotContain("<link")
        .doesNotContain("src=");
  }

  @Test
  void showsTablesWithOneDecimal() {
    String html = HtmlReport.render(report(fiveSeconds()));
    assertThat(html)
        .contains(
            "<tr><td>sip-setup</td><td>40</td><td>5.5</td><td>5.0</td><td>8.0</td><td>12.3</td>"
                + "<td>15.0</td><td>16.0</td></tr>")
        .contains("<td>session</td><td>40</td><td>120.0</td><td>110.0</td><td>150.0</td>")
        .contains("<td>180.3</td>")
        .contains(
            "<tr><td>sip-503</td><td>2</td><td>abc@host: Service Unavailable &lt;full&gt;</td></tr>")
        .contains("<td>Sessions/s</td><td>8.00</td>");
    assertThat(html.indexOf("<td>sip-setup</td>")).isLessThan(html.indexOf("<td>session</td>"));
  }

  @Test
  void missingLatencyBreaksTheLine() {
    String html = HtmlReport.render(report(fiveSeconds()));
    String session = chart(html, "latency-session");
    assertThat(count(session, "<title>p99</title></polyline>")).isEqualTo(2);
    assertThat(count(session, "<title>p50</title></polyline>")).isEqualTo(1);
    assertThat(count(chart(html, "latency-sip-setup"), "<title>p99</title></polyline>"))
        .isEqualTo(1);
  }

  @Test
  void emptyTimelineGivesANoteInsteadOfCharts() {
    String html = HtmlReport.render(report(List.of()));
    assertThat(html).contains("no samples").doesNotContain("<svg");
  }

  @Test
  void handlesOneSampleAndAllZeros() {
    BenchReport.Sample zero =
        new BenchReport.Sample(1, 0, 0, 0, 0, 0, Map.of(), Map.of("session", -1.0), 0, 0);
    String html = HtmlReport.render(report(List.of(zero)));
    assertThat(count(html, "<svg")).isEqualTo(5).isEqualTo(count(html, "</svg>"));
    assertThat(html).doesNotContain("NaN").doesNotContain("Infinity");
    assertThat(chart(html, "active")).contains("<polyline").contains(">1<");
    assertThat(chart(html, "latency-session")).contains("no data").doesNotContain("<polyline");
  }

  @Test
  void writeStoresTheRenderedPage(@TempDir Path dir) throws Exception {
    BenchReport r = report(fiveSeconds());
    Path file = dir.resolve("report.html");
    HtmlReport.write(r, file);
    assertThat(Files.readString(file, StandardCharsets.UTF_8)).isEqualTo(HtmlReport.render(r));
  }
}
