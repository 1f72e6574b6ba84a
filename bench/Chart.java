import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Draws the depth benchmark as an SVG: p50 latency of one page against its depth in the table, one
 * line per way of reading (offset, cursor) and sort, on a logarithmic latency axis. Plain JDK, no
 * libraries.
 *
 * <pre>
 * java bench/Chart.java bench/out/depth.tsv bench/depth-latency.svg
 * </pre>
 *
 * The input is what {@code bench/run.sh depth} writes: {@code # key<TAB>value} lines (users, commit,
 * date, size), a header line, then rows {@code sort mode depth_pct depth_rows p50_ms p99_ms mean_ms …}.
 */
public final class Chart {

    private static final int WIDTH = 860;
    private static final int HEIGHT = 520;
    private static final int LEFT = 84;
    private static final int RIGHT = 250;
    private static final int TOP = 78;
    private static final int BOTTOM = 70;
    private static final Map<String, String> COLOURS = Map.of("offset", "#d1495b", "cursor", "#00798c");

    record Point(double pct, long rows, double p50, double p99) {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: java bench/Chart.java DATA.tsv OUT.svg");
            System.exit(2);
        }
        var meta = new HashMap<String, String>();
        var series = new LinkedHashMap<String, List<Point>>();
        String[] header = null;
        for (String line : Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split("\t");
            if (line.startsWith("#")) {
                meta.put(f[0].substring(1).strip(), f.length > 1 ? f[1] : "");
            } else if (header == null) {
                header = f;
            } else {
                Map<String, String> row = new HashMap<>();
                for (int i = 0; i < header.length && i < f.length; i++) {
                    row.put(header[i], f[i]);
                }
                series.computeIfAbsent(row.get("mode") + " · " + row.get("sort"), k -> new ArrayList<>())
                        .add(new Point(Double.parseDouble(row.get("depth_pct")), Long.parseLong(row.get("depth_rows")),
                                Double.parseDouble(row.get("p50_ms")), Double.parseDouble(row.get("p99_ms"))));
            }
        }
        if (series.isEmpty()) {
            System.err.println("chart: no rows in " + args[0]);
            System.exit(1);
        }
        Files.writeString(Path.of(args[1]), svg(meta, order(series)), StandardCharsets.UTF_8);
    }

    /** Offset lines first (they are the top of the chart), then cursor; created_at before name. */
    private static Map<String, List<Point>> order(Map<String, List<Point>> series) {
        var ordered = new LinkedHashMap<String, List<Point>>();
        for (String mode : List.of("offset", "cursor")) {
            series.forEach((k, v) -> {
                if (k.startsWith(mode + " ")) {
                    ordered.put(k, v);
                }
            });
        }
        series.forEach(ordered::putIfAbsent);
        return ordered;
    }

    private static String svg(Map<String, String> meta, Map<String, List<Point>> series) {
        double min = Double.MAX_VALUE;
        double max = 0;
        for (List<Point> ps : series.values()) {
            for (Point p : ps) {
                min = Math.min(min, p.p50());
                max = Math.max(max, p.p50());
            }
        }
        int lo = (int) Math.floor(Math.log10(min));
        int hi = (int) Math.ceil(Math.log10(max));
        if (hi == lo) {
            hi++;
        }
        final int loExp = lo;
        final int hiExp = hi;
        int plotW = WIDTH - LEFT - RIGHT;
        int plotH = HEIGHT - TOP - BOTTOM;
        java.util.function.DoubleUnaryOperator x = pct -> LEFT + plotW * pct / 100.0;
        java.util.function.DoubleUnaryOperator y = ms -> TOP + plotH * (hiExp - Math.log10(ms)) / (hiExp - loExp);

        var s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\""
                + " font-family=\"Helvetica, Arial, sans-serif\" font-size=\"13\">%n", WIDTH, HEIGHT, WIDTH, HEIGHT));
        s.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"#ffffff\"/>%n", WIDTH, HEIGHT));
        String users = meta.containsKey("users") ? String.format(Locale.ROOT, "%,d", Long.parseLong(meta.get("users"))) : "?";
        text(s, LEFT, 30, "start", 18, "bold", "#222", "GET /users: latency of one page vs its depth — " + users + " users");
        text(s, LEFT, 52, "start", 12, "normal", "#555", "p50 over one connection (wrk -t1 -c1), page of "
                + meta.getOrDefault("size", "20") + ", PostgreSQL, cache off · commit " + meta.getOrDefault("commit", "?")
                + " · " + meta.getOrDefault("date", ""));

        // Horizontal grid: 1, 2, 5 per decade, labelled at each power of ten.
        for (int e = loExp; e <= hiExp; e++) {
            for (int m : new int[] {1, 2, 5}) {
                double v = m * Math.pow(10, e);
                if (e == hiExp && m > 1) {
                    break;
                }
                double yy = y.applyAsDouble(v);
                s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"1\"/>%n",
                        LEFT, yy, LEFT + plotW, yy, m == 1 ? "#cccccc" : "#eeeeee"));
                if (m == 1 || hiExp - loExp <= 2) {
                    text(s, LEFT - 8, yy + 4, "end", 12, "normal", "#444", duration(v));
                }
            }
        }
        // Vertical grid at each quarter of the table.
        long rowsTotal = meta.containsKey("users") ? Long.parseLong(meta.get("users")) : 0;
        for (int pct = 0; pct <= 100; pct += 25) {
            double xx = x.applyAsDouble(pct);
            s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#eeeeee\"/>%n", xx, TOP, xx, TOP + plotH));
            text(s, xx, TOP + plotH + 18, "middle", 12, "normal", "#444", pct + "%");
            if (rowsTotal > 0) {
                text(s, xx, TOP + plotH + 33, "middle", 11, "normal", "#888",
                        String.format(Locale.ROOT, "row %,d", rowsTotal * pct / 100));
            }
        }
        s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#888\"/>%n",
                LEFT, TOP, plotW, plotH));
        text(s, LEFT + plotW / 2.0, HEIGHT - 14, "middle", 13, "normal", "#222", "depth of the page in the table (sorted)");
        s.append(String.format(Locale.ROOT, "<text x=\"20\" y=\"%.1f\" text-anchor=\"middle\" font-size=\"13\" fill=\"#222\""
                + " transform=\"rotate(-90 20 %.1f)\">p50 latency (log scale)</text>%n", TOP + plotH / 2.0, TOP + plotH / 2.0));

        int legendY = TOP + 8;
        int legendX = LEFT + plotW + 24;
        text(s, legendX, legendY, "start", 12, "bold", "#222", "p50 at depth 0 → deepest");
        legendY += 22;
        for (Map.Entry<String, List<Point>> e : series.entrySet()) {
            String mode = e.getKey().substring(0, e.getKey().indexOf(' '));
            boolean byName = e.getKey().endsWith("name");
            String colour = COLOURS.getOrDefault(mode, "#555");
            String dash = byName ? " stroke-dasharray=\"7 4\"" : "";
            var path = new StringBuilder();
            for (Point p : e.getValue()) {
                path.append(path.isEmpty() ? "M" : " L").append(String.format(Locale.ROOT, "%.1f %.1f",
                        x.applyAsDouble(p.pct()), y.applyAsDouble(p.p50())));
            }
            s.append(String.format(Locale.ROOT, "<path d=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2.5\"%s/>%n", path, colour, dash));
            for (Point p : e.getValue()) {
                marker(s, x.applyAsDouble(p.pct()), y.applyAsDouble(p.p50()), byName, colour);
            }
            // Legend: the line, its name, and its first and last p50.
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"2.5\"%s/>%n",
                    legendX, legendY - 4, legendX + 30, legendY - 4, colour, dash));
            marker(s, legendX + 15, legendY - 4, byName, colour);
            text(s, legendX + 38, legendY, "start", 13, "normal", "#222", e.getKey().replace(" · ", ", sort="));
            List<Point> ps = e.getValue();
            text(s, legendX + 38, legendY + 16, "start", 12, "normal", "#555",
                    duration(ps.getFirst().p50()) + " → " + duration(ps.getLast().p50())
                            + ratio(ps.getLast().p50() / ps.getFirst().p50()));
            legendY += 44;
        }
        s.append("</svg>\n");
        return s.toString();
    }

    private static void marker(StringBuilder s, double cx, double cy, boolean square, String colour) {
        if (square) {
            s.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"8\" height=\"8\" fill=\"#fff\" stroke=\"%s\" stroke-width=\"2\"/>%n",
                    cx - 4, cy - 4, colour));
        } else {
            s.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4.5\" fill=\"%s\"/>%n", cx, cy, colour));
        }
    }

    private static void text(StringBuilder s, double x, double y, String anchor, int size, String weight, String colour, String text) {
        s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" font-size=\"%d\" font-weight=\"%s\" fill=\"%s\">%s</text>%n",
                x, y, anchor, size, weight, colour, escape(text)));
    }

    /** Milliseconds in; out in the friendliest unit. */
    private static String duration(double ms) {
        if (ms >= 1000) {
            return trim(ms / 1000) + " s";
        }
        if (ms >= 1) {
            return trim(ms) + " ms";
        }
        return trim(ms * 1000) + " µs";
    }

    private static String ratio(double r) {
        return String.format(Locale.ROOT, r < 10 ? " (%.1fx)" : " (%.0fx)", r);
    }

    private static String trim(double v) {
        String t = v >= 100 ? String.format(Locale.ROOT, "%.0f", v)
                : v >= 10 ? String.format(Locale.ROOT, "%.1f", v) : String.format(Locale.ROOT, "%.2f", v);
        return t.contains(".") ? t.replaceAll("0+$", "").replaceAll("\\.$", "") : t;
    }

    private static String escape(String t) {
        return t.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
