import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.text.Normalizer;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.PGCopyOutputStream;

/**
 * Loads N realistic users into the {@code users} table of a PostgreSQL database with one streamed
 * {@code COPY … FROM STDIN}, in one transaction, then vacuums and analyzes the table.
 *
 * <pre>
 * ./celeris seed --users 1000000 [--database-url jdbc:postgresql://127.0.0.1:5432/celeris_bench]
 *                [--user postgres] [--password …] [--seed 42] [--now 2026-01-01T00:00:00Z]
 *                [--truncate] [--keep-indexes] [--migrate]
 * </pre>
 *
 * The data is deterministic for a given {@code --seed} and {@code --now}: creation times over the
 * three years before {@code --now}, denser towards the end (the service grew), about 2% of rows sharing
 * their creation time with the row before (ties); UUIDv7 ids carrying the creation millisecond; 2,500
 * first/last name pairs, so every name is repeated hundreds of times; unique lower-case emails over
 * eight domains of unequal weight; versions 1 to 3 with {@code updated_at} not before
 * {@code created_at}; {@code last_login_at} NULL for about 30% of rows, else between creation and
 * {@code --now}. Rows go in creation order, as a live service would have inserted them.
 *
 * <p>Maintaining the secondary indexes row by row costs more than building them once: unless
 * {@code --keep-indexes}, the indexes that back no constraint are dropped before the COPY and
 * re-created afterwards from the exact definitions read from {@code pg_indexes}, in the same
 * transaction. Needs only the PostgreSQL JDBC driver ({@code --migrate} also needs the service's jars).
 */
public final class Seed {

    private static final String[] FIRST = {"Ada", "Alan", "Grace", "Edsger", "Barbara", "Donald", "Frances",
        "Ken", "Margaret", "Dennis", "Radia", "Tim", "Hedy", "Linus", "Katherine", "John", "Sophie", "Niklaus",
        "Anita", "Guido", "Ivan", "Jean", "Leslie", "Mary", "Maria", "Noor", "Olga", "Peter", "Priya", "Rosa",
        "Sanjay", "Tomás", "Ursula", "Wei", "Yuki", "Zoë", "Åsa", "Chloé", "Łukasz", "José", "Fatima", "Kwame",
        "Amara", "Hiroshi", "Ingrid", "Matteo", "Nadia", "Omar", "Lena", "Björn"};
    private static final String[] LAST = {"Lovelace", "Turing", "Hopper", "Dijkstra", "Liskov", "Knuth", "Allen",
        "Thompson", "Hamilton", "Ritchie", "Perlman", "Berners-Lee", "Lamarr", "Torvalds", "Johnson", "McCarthy",
        "Wilson", "Wirth", "Borg", "van Rossum", "Sutherland", "Kay", "Lamport", "Backus", "Naur", "Hoare",
        "Milner", "Church", "Gödel", "Noether", "O'Brien", "Müller", "García", "Nowak", "Kowalski", "Nguyen",
        "Tanaka", "Okafor", "Singh", "Ivanova", "Rossi", "Dubois", "Jensen", "Andersson", "Silva", "Kim", "Chen",
        "Haddad", "Mensah", "Øberg"};
    /** Domains with their weights (out of 100): a few big providers and a long tail. */
    private static final String[] DOMAINS = {"example.com", "example.org", "example.net", "mail.example",
        "corp.example", "web.example", "post.example", "inbox.example"};
    private static final int[] DOMAIN_WEIGHTS = {35, 15, 15, 10, 10, 8, 4, 3};
    private static final long YEAR_MILLIS = 365L * 24 * 3600 * 1000;
    /** Held so that the level set on it stays (JUL keeps loggers weakly). */
    private static final java.util.logging.Logger FLYWAY_LOG = java.util.logging.Logger.getLogger("org.flywaydb");
    private static final String COLUMNS =
            "id, email, name, created_at, updated_at, version, last_login_at, email_domain";

    public static void main(String[] args) throws Exception {
        Options o;
        try {
            o = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("seed: " + e.getMessage());
            System.err.println("usage: seed --users N [--database-url URL] [--user U] [--password P] [--seed S]"
                    + " [--now ISO-INSTANT] [--truncate] [--keep-indexes] [--migrate]");
            System.exit(2);
            return;
        }
        try {
            System.exit(run(o));
        } catch (SQLException | IllegalStateException e) {
            System.err.println("seed: " + e.getMessage());
            System.exit(1);
        }
    }

    private static int run(Options o) throws Exception {
        long t0 = System.nanoTime();
        if (o.migrate) {
            migrate(o);
        }
        try (Connection c = DriverManager.getConnection(o.url, o.user, o.password)) {
            try (Statement st = c.createStatement()) {
                if (!tableExists(st)) {
                    System.err.println("seed: table users does not exist in " + o.url + ". Start the service once on"
                            + " this database (DATABASE_URL=" + o.url + " ./celeris run) so that Flyway creates it,"
                            + " or pass --migrate.");
                    return 1;
                }
                List<String> missing = missingColumns(st);
                if (!missing.isEmpty()) {
                    System.err.println("seed: table users lacks " + missing + ": its schema is older than this"
                            + " seeder; start a current build of the service once so that Flyway migrates it,"
                            + " or pass --migrate.");
                    return 1;
                }
            }
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.execute("SET LOCAL maintenance_work_mem = '256MB'");
                long existing = scalar(st, "SELECT count(*) FROM users");
                if (existing > 0 && !o.truncate) {
                    System.err.println("seed: users already holds " + existing + " rows; pass --truncate to replace them.");
                    c.rollback();
                    return 1;
                }
                // TRUNCATE in this transaction (also of an empty table) lets COPY FREEZE write the rows frozen
                // and all-visible: no later vacuum has to rewrite every page.
                st.execute("TRUNCATE users");
                if (existing > 0) {
                    System.out.printf(Locale.ROOT, "seed: truncated %d rows%n", existing);
                }
                Map<String, String> dropped = o.keepIndexes ? Map.of() : dropSecondaryIndexes(st);
                long t1 = System.nanoTime();
                long rows = copy(c, o);
                long t2 = System.nanoTime();
                System.out.printf(Locale.ROOT, "seed: copied %d rows in %.1f s%n", rows, secs(t1, t2));
                // The service keeps the number of users in user_count (V4__user_count.sql) with every write; a
                // COPY bypasses it, so it is set here, in the same transaction, on a schema that has it.
                if (scalar(st, "SELECT count(*) FROM pg_class WHERE oid = to_regclass('user_count')") > 0) {
                    st.execute("UPDATE user_count SET n = CASE WHEN stripe = 0 THEN " + rows + " ELSE 0 END");
                }
                if (!dropped.isEmpty()) {
                    for (String def : dropped.values()) {
                        st.execute(def);
                    }
                    System.out.printf(Locale.ROOT, "seed: re-created %d secondary indexes (dropped for the load) in %.1f s: %s%n",
                            dropped.size(), secs(t2, System.nanoTime()), String.join(", ", dropped.keySet()));
                }
                c.commit();
            } catch (SQLException | IOException | RuntimeException e) {
                c.rollback();
                throw e;
            }
            c.setAutoCommit(true);
            long t3 = System.nanoTime();
            try (Statement st = c.createStatement()) {
                // Plain VACUUM too: it settles the visibility map now, so autovacuum does not start on the
                // fresh rows in the middle of a benchmark.
                st.execute("VACUUM (ANALYZE) users");
            }
            System.out.printf(Locale.ROOT, "seed: vacuumed and analyzed in %.1f s%n", secs(t3, System.nanoTime()));
            try (Statement st = c.createStatement()) {
                long n = scalar(st, "SELECT count(*) FROM users");
                System.out.printf(Locale.ROOT, "seed: %d rows loaded into users in %.1f s%n", n, secs(t0, System.nanoTime()));
            }
        }
        return 0;
    }

    /** Indexes of users that back no constraint, name to definition, in creation order. */
    private static Map<String, String> dropSecondaryIndexes(Statement st) throws SQLException {
        var defs = new LinkedHashMap<String, String>();
        try (ResultSet rs = st.executeQuery("""
                SELECT i.indexname, i.indexdef
                FROM pg_indexes i
                JOIN pg_class ic ON ic.relname = i.indexname
                JOIN pg_namespace n ON n.oid = ic.relnamespace AND n.nspname = i.schemaname
                WHERE i.tablename = 'users' AND i.schemaname = current_schema()
                  AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = ic.oid)
                ORDER BY ic.oid""")) {
            while (rs.next()) {
                defs.put(rs.getString(1), rs.getString(2));
            }
        }
        for (String name : defs.keySet()) {
            st.execute("DROP INDEX " + quoteIdent(name));
        }
        return defs;
    }

    private static long copy(Connection c, Options o) throws SQLException, IOException {
        CopyIn copy = c.unwrap(PGConnection.class).getCopyAPI()
                .copyIn("COPY users (" + COLUMNS + ") FROM STDIN WITH (FREEZE)");
        try (OutputStream out = new BufferedOutputStream(new PGCopyOutputStream(copy), 1 << 16)) {
            new Generator(o).write(out);
        } catch (IOException | RuntimeException e) {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
            throw e;
        }
        return copy.getHandledRowCount();
    }

    /** Writes the rows in COPY text format. */
    static final class Generator {

        private final Options o;
        private final SplittableRandom random;
        private final String[][] localParts = new String[FIRST.length * LAST.length][];
        private final Map<String, int[]> taken = new HashMap<>();
        private final byte[] domainOf = new byte[100];

        Generator(Options o) {
            this.o = o;
            this.random = new SplittableRandom(o.seed);
            for (int f = 0; f < FIRST.length; f++) {
                for (int l = 0; l < LAST.length; l++) {
                    String first = ascii(FIRST[f]);
                    String last = ascii(LAST[l]);
                    localParts[f * LAST.length + l] = new String[] {first + "." + last, first + last,
                        first.charAt(0) + last, first + "_" + last, first + "." + last.charAt(0), first};
                }
            }
            int k = 0;
            for (int d = 0; d < DOMAINS.length; d++) {
                for (int w = 0; w < DOMAIN_WEIGHTS[d]; w++) {
                    domainOf[k++] = (byte) d;
                }
            }
        }

        void write(OutputStream out) throws IOException {
            long endMicros = o.now.getEpochSecond() * 1_000_000 + o.now.getNano() / 1_000;
            long spanMicros = 3 * YEAR_MILLIS * 1_000;
            long startMicros = endMicros - spanMicros;
            long previous = Long.MIN_VALUE;
            var line = new StringBuilder(256);
            for (long i = 0; i < o.users; i++) {
                long created;
                if (previous != Long.MIN_VALUE && random.nextInt(50) == 0) {
                    created = previous; // a tie: same instant as the row before
                } else {
                    // sqrt: the density of sign-ups grows linearly over the three years.
                    double position = Math.sqrt((i + random.nextDouble()) / o.users);
                    created = Math.max(previous, startMicros + (long) (spanMicros * position));
                }
                previous = created;
                long ms = Math.floorDiv(created, 1000);
                long msb = (ms << 16) | 0x7000L | (random.nextLong() & 0x0FFFL);
                long lsb = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
                int f = random.nextInt(FIRST.length);
                int l = random.nextInt(LAST.length);
                String[] parts = localParts[f * LAST.length + l];
                String base = parts[random.nextInt(parts.length)];
                int d = domainOf[random.nextInt(100)];
                String email = unique(base, d);
                int v = random.nextInt(100);
                int version = v < 60 ? 1 : v < 88 ? 2 : 3;
                long age = endMicros - created;
                long updated = version == 1 ? created : created + (long) (age * random.nextDouble());
                boolean neverLoggedIn = random.nextInt(10) < 3;
                double u = random.nextDouble();
                long lastLogin = created + (long) (age * (1 - u * u * u)); // mostly recent

                line.setLength(0);
                line.append(new UUID(msb, lsb)).append('\t')
                        .append(email).append('\t')
                        .append(FIRST[f]).append(' ').append(LAST[l]).append('\t');
                timestamp(line, created).append('\t');
                timestamp(line, updated).append('\t');
                line.append(version).append('\t');
                if (neverLoggedIn) {
                    line.append("\\N");
                } else {
                    timestamp(line, lastLogin);
                }
                line.append('\t').append(DOMAINS[d]).append('\n');
                // Names may hold non-ASCII letters: encode as UTF-8 (the text has no tabs, newlines or backslashes).
                out.write(line.toString().getBytes(StandardCharsets.UTF_8));
            }
        }

        /** The first holder of a local part at a domain gets it bare; later ones get 2, 3, … appended. */
        private String unique(String base, int domain) {
            String key = base + '@' + domain;
            int[] n = taken.computeIfAbsent(key, k -> new int[1]);
            n[0]++;
            // Local parts never end in a digit, so base + counter cannot collide with another base.
            return (n[0] == 1 ? base : base + n[0]) + '@' + DOMAINS[domain];
        }

        private static String ascii(String name) {
            String s = name.toLowerCase(Locale.ROOT).replace("ł", "l").replace("ø", "o").replace("æ", "ae");
            s = Normalizer.normalize(s, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
            return s.replaceAll("[^a-z]", "");
        }

        /** {@code 2025-03-04 05:06:07.123456+00}: UTC, to the microsecond. */
        private static StringBuilder timestamp(StringBuilder sb, long epochMicros) {
            long secs = Math.floorDiv(epochMicros, 1_000_000);
            int micros = (int) Math.floorMod(epochMicros, 1_000_000);
            long days = Math.floorDiv(secs, 86_400);
            int sod = (int) Math.floorMod(secs, 86_400);
            LocalDate date = LocalDate.ofEpochDay(days);
            sb.append(date.getYear()).append('-');
            pad(sb, date.getMonthValue(), 2).append('-');
            pad(sb, date.getDayOfMonth(), 2).append(' ');
            pad(sb, sod / 3600, 2).append(':');
            pad(sb, sod / 60 % 60, 2).append(':');
            pad(sb, sod % 60, 2).append('.');
            return pad(sb, micros, 6).append("+00");
        }

        private static StringBuilder pad(StringBuilder sb, int value, int width) {
            String s = Integer.toString(value);
            for (int i = s.length(); i < width; i++) {
                sb.append('0');
            }
            return sb.append(s);
        }
    }

    /** Runs the service's Flyway migrations (found on the class path, in the adapters-persistence jar). */
    private static void migrate(Options o) throws Exception {
        Class<?> flyway;
        try {
            flyway = Class.forName("org.flywaydb.core.Flyway");
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("--migrate needs Flyway and the migrations on the class path:"
                    + " run through ./celeris seed (java -cp 'bootstrap/target/libs/*' bench/Seed.java)");
        }
        FLYWAY_LOG.setLevel(java.util.logging.Level.WARNING); // its INFO lines drown the seeder's own
        // Reflection keeps the driver the only compile-time dependency; the calls mirror the service's
        // Persistence: dataSource, classpath:db/migration, fail on missing locations.
        Object config = flyway.getMethod("configure").invoke(null);
        Class<?> cfg = config.getClass();
        config = cfg.getMethod("dataSource", String.class, String.class, String.class)
                .invoke(config, o.url, o.user, o.password);
        config = cfg.getMethod("locations", String[].class).invoke(config, (Object) new String[] {"classpath:db/migration"});
        config = cfg.getMethod("failOnMissingLocations", boolean.class).invoke(config, true);
        Object fw = cfg.getMethod("load").invoke(config);
        Object result;
        try {
            result = flyway.getMethod("migrate").invoke(fw);
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw new IllegalStateException("Flyway could not migrate " + o.url + ": " + e.getCause().getMessage());
        }
        Object executed = result.getClass().getField("migrationsExecuted").get(result);
        System.out.println("seed: Flyway applied " + executed + " migration(s)");
    }

    private static boolean tableExists(Statement st) throws SQLException {
        try (ResultSet rs = st.executeQuery("SELECT to_regclass('users') IS NOT NULL")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    private static List<String> missingColumns(Statement st) throws SQLException {
        var missing = new ArrayList<String>();
        for (String col : COLUMNS.split(", ")) {
            try (ResultSet rs = st.executeQuery("SELECT 1 FROM information_schema.columns WHERE table_schema ="
                    + " current_schema() AND table_name = 'users' AND column_name = '" + col + "'")) {
                if (!rs.next()) {
                    missing.add(col);
                }
            }
        }
        return missing;
    }

    private static long scalar(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String quoteIdent(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    private static double secs(long from, long to) {
        return (to - from) / 1e9;
    }

    record Options(long users, String url, String user, String password, long seed, Instant now,
                   boolean truncate, boolean keepIndexes, boolean migrate) {

        static Options parse(String[] args) {
            long users = -1;
            String env = System.getenv("DATABASE_URL");
            String url = env != null && env.startsWith("jdbc:postgresql:") ? env : "jdbc:postgresql://127.0.0.1:5432/celeris_bench";
            String user = System.getenv().getOrDefault("DATABASE_USER", "postgres");
            String password = System.getenv().getOrDefault("DATABASE_PASSWORD", "");
            long seed = 20260101L;
            Instant now = Instant.parse("2026-01-01T00:00:00Z");
            boolean truncate = false;
            boolean keep = false;
            boolean migrate = false;
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--truncate" -> truncate = true;
                    case "--keep-indexes" -> keep = true;
                    case "--migrate" -> migrate = true;
                    case "--users", "--database-url", "--user", "--password", "--seed", "--now" -> {
                        if (i + 1 >= args.length) {
                            throw new IllegalArgumentException(a + " needs a value");
                        }
                        String v = args[++i];
                        try {
                            switch (a) {
                                case "--users" -> users = Long.parseLong(v.replace("_", "").replace(",", ""));
                                case "--database-url" -> url = v;
                                case "--user" -> user = v;
                                case "--password" -> password = v;
                                case "--seed" -> seed = Long.parseLong(v);
                                default -> now = Instant.parse(v);
                            }
                        } catch (RuntimeException e) {
                            throw new IllegalArgumentException(a + ": cannot read " + v);
                        }
                    }
                    default -> throw new IllegalArgumentException("unknown option " + a);
                }
            }
            if (users < 1) {
                throw new IllegalArgumentException("--users N (at least 1) is required");
            }
            if (!url.startsWith("jdbc:postgresql:")) {
                throw new IllegalArgumentException("--database-url must be a jdbc:postgresql: URL (COPY is PostgreSQL's)");
            }
            return new Options(users, url, user, password, seed, now, truncate, keep, migrate);
        }
    }
}
