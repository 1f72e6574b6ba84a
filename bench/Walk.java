import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds cursors deep in a listing the only way a client can: cursors are signed and bound to their
 * sort, so it walks forward from the first page with big pages and keeps the {@code next_cursor} that
 * points at each asked-for depth. Then it checks that the cursor page and the offset page at that depth
 * hold the same rows, so that the benchmark compares two ways of reading the same thing.
 *
 * <pre>
 * java bench/Walk.java BASE_URL SORT STEP SIZE DEPTH... &gt; cursors.tsv
 *   e.g. java bench/Walk.java http://127.0.0.1:8089 name 1000 20 0 500000 990000
 * </pre>
 *
 * Prints one line per depth: {@code SORT<TAB>DEPTH<TAB>CURSOR} ({@code -} for depth 0, the first page,
 * which has no cursor). Depths must be multiples of SIZE (the offset page must start there). Progress
 * goes to stderr. Exit 1 when the listing ends early or the two pages differ.
 */
public final class Walk {

    private static final Pattern NEXT = Pattern.compile("\"next_cursor\":(null|\"([^\"]*)\")");
    private static final Pattern ID = Pattern.compile("\"id\":\"([0-9a-f-]{36})\"");

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    public static void main(String[] args) throws Exception {
        if (args.length < 5) {
            System.err.println("usage: java bench/Walk.java BASE_URL SORT STEP SIZE DEPTH...");
            System.exit(2);
        }
        String base = args[0];
        String sort = args[1];
        int step = Integer.parseInt(args[2]);
        int size = Integer.parseInt(args[3]);
        long[] depths = Arrays.stream(args, 4, args.length).mapToLong(Long::parseLong).sorted().toArray();
        for (long d : depths) {
            if (d % size != 0) {
                fail("depth " + d + " is not a multiple of the page size " + size);
            }
        }
        var found = new ArrayList<String>();
        long position = 0;
        String cursor = null;
        long started = System.nanoTime();
        long requests = 0;
        long lastReport = 0;
        for (long depth : depths) {
            while (position < depth) {
                int limit = (int) Math.min(step, depth - position);
                String body = get(base + "/users?limit=" + limit + "&sort=" + sort + (cursor == null ? "" : "&cursor=" + cursor));
                requests++;
                int rows = ids(body).size();
                String next = next(body);
                position += rows;
                if (rows < limit || next == null) {
                    fail(sort + ": the listing ended at row " + position + ", before depth " + depth);
                }
                cursor = next;
                if (position - lastReport >= 100_000) {
                    lastReport = position;
                    System.err.printf(Locale.ROOT, "walk %s: row %,d after %d requests, %.1f s%n",
                            sort, position, requests, (System.nanoTime() - started) / 1e9);
                }
            }
            found.add(depth == 0 ? "-" : cursor);
        }
        System.err.printf(Locale.ROOT, "walk %s: %,d rows in %d requests of up to %d, %.1f s%n",
                sort, position, requests, step, (System.nanoTime() - started) / 1e9);

        for (int i = 0; i < depths.length; i++) {
            long depth = depths[i];
            String c = found.get(i);
            List<String> byCursor = ids(get(base + "/users?limit=" + size + "&sort=" + sort + ("-".equals(c) ? "" : "&cursor=" + c)));
            List<String> byOffset = ids(get(base + "/users?page=" + (depth / size + 1) + "&size=" + size + "&sort=" + sort));
            if (byCursor.size() != size || !byCursor.equals(byOffset)) {
                fail(sort + " at depth " + depth + ": the cursor page " + byCursor + " differs from the offset page " + byOffset);
            }
            System.out.println(sort + "\t" + depth + "\t" + c);
        }
        System.err.printf(Locale.ROOT, "walk %s: cursor and offset pages agree at depths %s%n", sort, Arrays.toString(depths));
    }

    private static String get(String url) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            fail("GET " + url + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }

    private static List<String> ids(String body) {
        var ids = new ArrayList<String>();
        Matcher m = ID.matcher(body);
        while (m.find()) {
            ids.add(m.group(1));
        }
        return ids;
    }

    private static String next(String body) {
        Matcher m = NEXT.matcher(body);
        if (!m.find()) {
            fail("no next_cursor in " + body.substring(0, Math.min(300, body.length())));
        }
        return m.group(2);
    }

    private static void fail(String message) {
        System.err.println("walk: " + message);
        System.exit(1);
    }
}
