package io.mrcpj.client.bench;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * Renders a {@link BenchReport} as a single HTML page that can be viewed offline: tables for the
 * settings, totals, latencies and errors, followed by line charts over time drawn as inline SVG.
 * The page has no scripts and refers to nothing outside itself.
 */
public final class HtmlReport {

  private static final int WIDTH = 760;
  private static final int HEIGHT = 260;
  private static final int LEFT = 60;
  private static final int RIGHT = 20;
  private static final int TOP = 48;
  private static final int BOTTOM = 36;

  /** Above this many points in a series, hover dots are left out to keep the page small. */
  private static final int MAX_DOTS = 400;

  private static final String BLUE = "#1f77b4";
  private static final String GREEN = "#2ca02c";
  private static final String RED = "#d62728";
  private static final String ORANGE = "#ff7f0e";
  private static final String PURPLE = "#9467bd";

  private static final String CSS =
      """
      body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#222;max-width:1000px}
      h1{font-size:22px;margin:0 0 4px}
      h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #ddd}
      .meta,.note{color:#666}
      table{border-collapse:collapse;margin:4px 0}
      th,td{padding:3px 10px;border-bottom:1px solid #eee;text-align:left;word-break:break-word}
      th{background:#f4f4f4}
      table.num td+td,table.num th+th{text-align:right;font-variant-numeric:tabular-nums}
      svg.chart{display:block;margin:14px 0;max-width:100%;height:auto;font:12px sans-serif}
      svg .g{stroke:#e8e8e8}
      svg .a{stroke:#444;stroke-width:1.2}
      svg .lab{fill:#555}
      svg .ttl{font-weight:600;font-size:14px;fill:#222}
      """;

  /** One line of a chart. A point whose x or y is not finite is a gap that breaks the line. */
  private record Series(String name, double[] xs, double[] ys, String colour) {}

  private HtmlReport() {}

  /** Writes {@link #render(BenchReport)} to {@code file} as UTF-8, replacing any existing file. */
  public static void write(BenchReport r, Path file) throws IOException {
    Files.writeString(file, render(r), StandardCharsets.UTF_8);
  }

  /** Returns the whole page for {@code r}. */
  public static String render(BenchReport r) {
    BenchReport.Summary s = r.summary();
    StringBuilder h = new StringBuilder(32_768);
    h.append(
        fmt(
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                + "<title>%1$s &ndash; %2$s</title>\n<style>\n%3$s</style>\n</head>\n<body>\n"
                + "<h1>%1$s &rarr; %2$s</h1>\n<p class=\"meta\">Started %4$s</p>\n",
            esc(r.tool()), esc(r.target()), CSS, esc(r.startedAt())));

    h.append("<h2>Settings</h2>\n");
    List<String[]> settings = new ArrayList<>();
    orEmpty(r.settings()).forEach((k, v) -> settings.add(new String[] {k, v}));
    table(h, "", new String[] {"Setting", "Value"}, settings);

    h.append("<h2>Summary</h2>\n");
    table(
        h,
        "num",
        new String[] {"Total", "Value"},
        List.of(
            new String[] {"Duration (s)", num(s.seconds(), 1)},
            new String[] {"Sessions started", Long.toString(s.sessionsStarted())},
            new String[] {"Sessions ok", Long.toString(s.sessionsOk())},
            new String[] {"Sessions failed", Long.toString(s.sessionsFailed())},
            new String[] {"Recognitions", Long.toString(s.recognitions())},
            new String[] {"Recognitions ok", Long.toString(s.recognitionsOk())},
            new String[] {"Peak active sessions", Integer.toString(s.peakActive())},
            new String[] {"Sessions/s", num(s.sessionsPerSecond(), 2)},
            new String[] {"Recognitions/s", num(s.recognitionsPerSecond(), 2)},
            new String[] {"RTP packets sent", Long.toString(s.rtpPacketsSent())},
            new String[] {"Client CPU (%)", num(s.clientCpuPercent(), 1)},
            new String[] {"Stop reason", s.stopReason()}));

    // Metrics shown in the latency table and charted below, in the order METRICS gives.
    Map<String, BenchReport.Latency> lat = orEmpty(s.latencies());
    List<String> metrics = BenchReport.METRICS.stream().filter(lat::containsKey).toList();
    h.append("<h2>Latency (ms)</h2>\n");
    List<String[]> latRows = new ArrayList<>();
    for (String m : metrics) {
      BenchReport.Latency l = lat.get(m);
      latRows.add(
          new String[] {
            m,
            Long.toString(l.count()),
            num(l.mean(), 1),
            num(l.p50(), 1),
            num(l.p90(), 1),
            num(l.p99(), 1),
            num(l.p999(), 1),
            num(l.max(), 1)
          });
    }
    String[] latHead = {"Metric", "Count", "Mean", "p50", "p90", "p99", "p99.9", "Max"};
    table(h, "num", latHead, latRows);

    h.append("<h2>Errors</h2>\n");
    Map<String, Long> errors = orEmpty(s.errors());
    if (errors.isEmpty()) {
      h.append("<p class=\"note\">none</p>\n");
    } else {
      List<String[]> errRows = new ArrayList<>();
      Map<String, String> examples = s.errorExamples() == null ? Map.of() : s.errorExamples();
      errors.entrySet().stream()
          .sorted(
              Comparator.comparing((Map.Entry<String, Long> e) -> -e.getValue())
                  .thenComparing(Map.Entry::getKey))
          .forEach(
              e ->
                  errRows.add(
                      new String[] {
                        e.getKey(),
                        String.valueOf(e.getValue()),
                        examples.getOrDefault(e.getKey(), "")
                      }));
      table(h, "num", new String[] {"Kind", "Count", "First one said"}, errRows);
    }

    h.append("<h2>Over time</h2>\n");
    List<BenchReport.Sample> tl = r.timeline() == null ? List.of() : r.timeline();
    if (tl.isEmpty()) {
      h.append("<p class=\"note\">no samples</p>\n");
    } else {
      double[] t = values(tl, BenchReport.Sample::t);
      chart(
          h,
          "active",
          "Active sessions",
          List.of(new Series("active", t, values(tl, BenchReport.Sample::active), BLUE)));
      chart(
          h,
          "throughput",
          "Throughput (per second)",
          List.of(
              new Series("sessions ended/s", t, values(tl, BenchReport.Sample::ended), BLUE),
              new Series("recognitions/s", t, values(tl, BenchReport.Sample::recognitions), GREEN),
              new Series("failed/s", t, values(tl, BenchReport.Sample::failed), RED)));
      for (String m : metrics) {
        chart(
            h,
            "latency-" + m,
            "Latency: " + m + " (ms)",
            List.of(
                new Series("p50", t, latency(tl, m, BenchReport.Sample::p50), BLUE),
                new Series("p99", t, latency(tl, m, BenchReport.Sample::p99), ORANGE)));
      }
      chart(
          h,
          "cpu",
          "Client CPU (%, 100 = one core)",
          List.of(new Series("cpu %", t, values(tl, BenchReport.Sample::cpuPercent), PURPLE)));
    }
    return h.append("</body>\n</html>\n").toString();
  }

  /** Appends a table; every cell is escaped here. */
  private static void table(StringBuilder h, String cls, String[] head, List<String[]> rows) {
    h.append(cls.isEmpty() ? "<table>\n<tr>" : "<table class=\"" + cls + "\">\n<tr>");
    for (String c : head) {
      h.append("<th>").append(esc(c)).append("</th>");
    }
    h.append("</tr>\n");
    for (String[] row : rows) {
      h.append("<tr>");
      for (String c : row) {
        h.append("<td>").append(esc(c)).append("</td>");
      }
      h.append("</tr>\n");
    }
    h.append("</table>\n");
  }

  /**
   * Appends one SVG line chart: title, legend, grid with round tick steps, axes, then each series
   * as one polyline per unbroken run of points, plus hover dots when there are not too many.
   */
  private static void chart(StringBuilder h, String id, String title, List<Series> series) {
    double xLo = 0;
    double xHi = Double.NEGATIVE_INFINITY;
    double yLo = 0;
    double yHi = Double.NEGATIVE_INFINITY;
    for (Series s : series) {
      for (int i = 0; i < s.xs().length; i++) {
        if (finite(s.xs()[i], s.ys()[i])) {
          xLo = Math.min(xLo, s.xs()[i]);
          xHi = Math.max(xHi, s.xs()[i]);
          yLo = Math.min(yLo, s.ys()[i]);
          yHi = Math.max(yHi, s.ys()[i]);
        }
      }
    }
    boolean noData = xHi == Double.NEGATIVE_INFINITY;
    xHi = xHi > xLo ? xHi : xLo + 1;
    yHi = yHi > yLo ? yHi : yLo + 1;
    double xStep = niceStep((xHi - xLo) / 8);
    double yStep = niceStep((yHi - yLo) / 5);
    yLo = Math.floor(yLo / yStep + 1e-9) * yStep;
    yHi = Math.ceil(yHi / yStep - 1e-9) * yStep;
    int pw = WIDTH - LEFT - RIGHT;
    int ph = HEIGHT - TOP - BOTTOM;
    int bottom = TOP + ph;
    double x0 = xLo;
    double xSpan = xHi - xLo;
    double y0 = yLo;
    double ySpan = yHi - yLo;
    DoubleUnaryOperator px = x -> LEFT + (x - x0) / xSpan * pw;
    DoubleUnaryOperator py = y -> bottom - (y - y0) / ySpan * ph;

    h.append(
        fmt(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" id=\"chart-%s\""
                + " viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" role=\"img\""
                + " aria-label=\"%s\">\n<text class=\"ttl\" x=\"%d\" y=\"18\">%s</text>\n",
            esc(id), WIDTH, HEIGHT, WIDTH, HEIGHT, esc(title), LEFT, esc(title)));
    int lx = LEFT;
    for (Series s : series) {
      h.append(
          fmt(
              "<line x1=\"%d\" y1=\"31\" x2=\"%d\" y2=\"31\" stroke=\"%s\" stroke-width=\"3\"/>"
                  + "<text class=\"lab\" x=\"%d\" y=\"35\">%s</text>\n",
              lx, lx + 18, s.colour(), lx + 22, esc(s.name())));
      lx += 36 + 7 * s.name().length();
    }
    // Horizontal grid lines with y labels, then vertical ones with x labels (at most 100 each).
    for (int k = 0; k <= 100 && yLo + k * yStep <= yHi + yStep * 1e-6; k++) {
      String y = coord(py.applyAsDouble(yLo + k * yStep));
      h.append(
          fmt(
              "<line class=\"g\" x1=\"%d\" x2=\"%d\" y1=\"%s\" y2=\"%s\"/><text class=\"lab\""
                  + " text-anchor=\"end\" x=\"%d\" y=\"%s\" dy=\"4\">%s</text>\n",
              LEFT, LEFT + pw, y, y, LEFT - 6, y, plain(yLo + k * yStep, 6)));
    }
    double xFirst = Math.ceil(xLo / xStep - 1e-9) * xStep;
    for (int k = 0; k <= 100 && xFirst + k * xStep <= xHi + xStep * 1e-6; k++) {
      String x = coord(px.applyAsDouble(xFirst + k * xStep));
      h.append(
          fmt(
              "<line class=\"g\" x1=\"%s\" x2=\"%s\" y1=\"%d\" y2=\"%d\"/><text class=\"lab\""
                  + " text-anchor=\"middle\" x=\"%s\" y=\"%d\">%s</text>\n",
              x, x, TOP, bottom, x, bottom + 16, plain(xFirst + k * xStep, 6)));
    }
    h.append(
        fmt(
            "<path class=\"a\" fill=\"none\" d=\"M%d %dV%dH%d\"/>\n"
                + "<text class=\"lab\" text-anchor=\"end\" x=\"%d\" y=\"%d\">seconds</text>\n",
            LEFT, TOP, bottom, LEFT + pw, LEFT + pw, HEIGHT - 4));
    if (noData) {
      h.append(
          fmt(
              "<text class=\"lab\" text-anchor=\"middle\" x=\"%d\" y=\"%d\">no data</text>\n",
              LEFT + pw / 2, TOP + ph / 2));
    }

    for (Series s : series) {
      int n = s.xs().length;
      List<String> run = new ArrayList<>();
      StringBuilder dots = new StringBuilder();
      for (int i = 0; i <= n; i++) {
        if (i < n && finite(s.xs()[i], s.ys()[i])) {
          String cx = coord(px.applyAsDouble(s.xs()[i]));
          String cy = coord(py.applyAsDouble(s.ys()[i]));
          run.add(cx + "," + cy);
          if (n <= MAX_DOTS) {
            dots.append(
                fmt(
                    "<circle cx=\"%s\" cy=\"%s\" r=\"2\" fill=\"%s\"><title>%s at %s s: %s</title>"
                        + "</circle>\n",
                    cx, cy, s.colour(), esc(s.name()), plain(s.xs()[i], 3), plain(s.ys()[i], 1)));
          }
        } else if (!run.isEmpty()) {
          // A lone point is drawn as a zero-length line, which round caps turn into a dot.
          if (run.size() == 1) {
            run.add(run.get(0));
          }
          h.append(
              fmt(
                  "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"1.8\""
                      + " stroke-linejoin=\"round\" stroke-linecap=\"round\""
                      + " points=\"%s\"><title>%s</title></polyline>\n",
                  s.colour(), String.join(" ", run), esc(s.name())));
          run.clear();
        }
      }
      h.append(dots);
    }
    h.append("</svg>\n");
  }

  private static String fmt(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }

  /** A round step (1, 2, 2.5 or 5 times a power of ten) no smaller than {@code raw}. */
  private static double niceStep(double raw) {
    if (!(raw > 0) || !Double.isFinite(raw)) {
      return 1;
    }
    double mag = Math.pow(10, Math.floor(Math.log10(raw)));
    double norm = raw / mag;
    double f = norm <= 1 ? 1 : norm <= 2 ? 2 : norm <= 2.5 ? 2.5 : norm <= 5 ? 5 : 10;
    return f * mag;
  }

  private static double[] values(
      List<BenchReport.Sample> tl, ToDoubleFunction<BenchReport.Sample> f) {
    return tl.stream().mapToDouble(f).toArray();
  }

  /** One metric's per-second percentile; missing or negative values (no data) become gaps. */
  private static double[] latency(
      List<BenchReport.Sample> tl,
      String metric,
      Function<BenchReport.Sample, Map<String, Double>> f) {
    return tl.stream()
        .mapToDouble(
            s -> {
              Map<String, Double> m = f.apply(s);
              Double v = m == null ? null : m.get(metric);
              return v == null || v < 0 ? Double.NaN : v;
            })
        .toArray();
  }

  private static boolean finite(double x, double y) {
    return Double.isFinite(x) && Double.isFinite(y);
  }

  /** A table number with fixed decimals; "n/a" for NaN or infinity. */
  private static String num(double v, int decimals) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%." + decimals + "f", v) : "n/a";
  }

  /** A label number with at most {@code maxDecimals} decimals and no trailing zeros. */
  private static String plain(double v, int maxDecimals) {
    if (!Double.isFinite(v)) {
      return "n/a";
    }
    return BigDecimal.valueOf(v)
        .setScale(maxDecimals, RoundingMode.HALF_UP)
        .stripTrailingZeros()
        .toPlainString();
  }

  /** An SVG coordinate; never NaN, whatever the input. */
  private static String coord(double v) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%.1f", v) : "0";
  }

  private static <K, V> Map<K, V> orEmpty(Map<K, V> m) {
    return m == null ? Map.of() : m;
  }

  /** Escapes text for use in HTML content and quoted attributes; null becomes "". */
  static String esc(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }
}
