package io.celeris.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./celeris run-jar} (what {@code ./celeris run} does once the jar is built) and JDK 25's AOT cache: the first
 * run records a cache next to the jar, the next one loads the jar's classes from it, a rebuilt jar gets a cache of its
 * own (the old one removed), so does each configuration shape (database kind, Redis or not), a damaged cache is
 * refused by the JVM and the jar still runs, and {@code CELERIS_AOT=off} never touches one. The jar is a one-class program compiled here; the JVM logs where it loaded that class from
 * ({@code -Xlog:class+load}, the same options in every run, as the options are part of the cache's key).
 */
class AotCacheScriptTest {

    private static final Path CELERIS = Path.of("..", "celeris").toAbsolutePath().normalize();
    private static final String FROM_CACHE = "shared objects file";

    @TempDir
    Path dir;

    @Test
    void theFirstRunRecordsTheCacheAndTheNextRunLoadsTheJarsClassesFromIt() throws Exception {
        Path jar = probeJar("one");

        Run first = run(jar, Map.of());
        assertThat(first.exit()).isZero();
        assertThat(first.output()).contains("probe says one").contains("this run records one");
        assertThat(first.probeSource()).startsWith("file:");
        List<Path> caches = caches(jar);
        assertThat(caches).hasSize(1);

        Run second = run(jar, Map.of());
        assertThat(second.exit()).isZero();
        assertThat(second.output()).contains("probe says one").doesNotContain("records one");
        assertThat(second.probeSource()).isEqualTo(FROM_CACHE);
        assertThat(caches(jar)).isEqualTo(caches);
    }

    @Test
    void aRebuiltJarRecordsACacheOfItsOwnAndTheOldOneIsRemoved() throws Exception {
        Path jar = probeJar("one");
        assertThat(run(jar, Map.of()).exit()).isZero();
        List<Path> before = caches(jar);

        // The same class with other contents (the JVM alone checks little more than the jar's size).
        probeJar("two");
        Run rebuilt = run(jar, Map.of());
        assertThat(rebuilt.exit()).isZero();
        assertThat(rebuilt.output()).contains("probe says two").contains("this run records one");
        assertThat(rebuilt.probeSource()).startsWith("file:");
        List<Path> after = caches(jar);
        assertThat(after).hasSize(1).doesNotContainAnyElementsOf(before);

        Run next = run(jar, Map.of());
        assertThat(next.output()).contains("probe says two");
        assertThat(next.probeSource()).isEqualTo(FROM_CACHE);
    }

    @Test
    void eachConfigurationShapeRecordsACacheOfItsOwnAndReusesIt() throws Exception {
        Path jar = probeJar("one");
        Map<String, String> h2 = Map.of();
        Map<String, String> postgresWithRedis = Map.of("DATABASE_URL", "jdbc:postgresql://127.0.0.1:5432/x",
                "REDIS_URL", "redis://127.0.0.1:6379");

        assertThat(run(jar, h2).output()).contains("this run records one");
        Run otherShape = run(jar, postgresWithRedis);
        assertThat(otherShape.output()).contains("this run records one");
        assertThat(otherShape.probeSource()).startsWith("file:");
        assertThat(caches(jar)).hasSize(2).anyMatch(c -> c.getFileName().toString().endsWith("-h2.aot"))
                .anyMatch(c -> c.getFileName().toString().endsWith("-postgresql-redis.aot"));

        for (var env : List.of(h2, postgresWithRedis, Map.of("DATABASE_URL", "jdbc:h2:mem:other"))) {
            Run again = run(jar, env);
            assertThat(again.output()).as("%s", env).doesNotContain("records one");
            assertThat(again.probeSource()).as("%s", env).isEqualTo(FROM_CACHE);
        }
        assertThat(caches(jar)).hasSize(2);
    }

    @Test
    void aDamagedCacheIsRefusedWithAMessageAndTheJarStillRuns() throws Exception {
        Path jar = probeJar("one");
        assertThat(run(jar, Map.of()).exit()).isZero();
        Path cache = caches(jar).getFirst();
        Files.writeString(cache, "not an AOT cache");

        Run damaged = run(jar, Map.of());
        assertThat(damaged.exit()).isZero();
        assertThat(damaged.output()).contains("probe says one").contains("error has occurred while processing the AOT cache");
        assertThat(damaged.probeSource()).startsWith("file:");
    }

    @Test
    void offStartsWithoutACacheAndRecordsNone() throws Exception {
        Path jar = probeJar("one");
        Run off = run(jar, Map.of("CELERIS_AOT", "off"));
        assertThat(off.exit()).isZero();
        assertThat(off.output()).contains("probe says one").doesNotContain("records one");
        assertThat(off.probeSource()).startsWith("file:");
        assertThat(dir.resolve("aot")).doesNotExist();
    }

    @Test
    void onEmbeddedDefaultsTheDemoImageGoesBesideTheCacheKeyedByTheBuild() throws Exception {
        Path jar = probeJar("one");
        Path aot = jar.resolveSibling("aot");
        String image = imageOf(run(jar, Map.of()));
        assertThat(image).startsWith(aot + "/").endsWith("-h2-demo");
        assertThat(imageOf(run(jar, Map.of()))).as("with the cache recorded").isEqualTo(image);

        // What the service writes there (celeris.demo.image plus "-<users>-users.mv.db"), and one of an older build.
        Path written = Path.of(image + "-10000-users.mv.db");
        Path older = aot.resolve("1234-h2-demo-10000-users.mv.db");
        Files.writeString(written, "image");
        Files.writeString(older, "image");
        probeJar("two");
        String rebuilt = imageOf(run(jar, Map.of()));
        assertThat(rebuilt).startsWith(aot + "/").endsWith("-h2-demo").isNotEqualTo(image);
        assertThat(written).doesNotExist();
        assertThat(older).doesNotExist();

        // Not for a database of the caller's, nor with the AOT cache off; the caller's own value is kept.
        assertThat(imageOf(run(jar, Map.of("DATABASE_URL", "jdbc:h2:mem:other")))).isEqualTo("null");
        assertThat(imageOf(run(jar, Map.of("CELERIS_AOT", "off")))).isEqualTo("null");
        assertThat(imageOf(run(jar, Map.of("CELERIS_DEMO_IMAGE", "/elsewhere/demo")))).isEqualTo("/elsewhere/demo");
    }

    private static String imageOf(Run run) {
        assertThat(run.exit()).as(run.output()).isZero();
        return run.output().lines().filter(l -> l.startsWith("probe image=")).findFirst()
                .map(l -> l.substring("probe image=".length())).orElseThrow();
    }

    /** (Re)writes dir/probe.jar: one class, AotProbe, whose main prints "probe says WORD"; WORD has 3 letters. */
    private Path probeJar(String word) throws IOException {
        Path src = dir.resolve("src");
        Path classes = dir.resolve("classes");
        Files.createDirectories(src);
        Files.createDirectories(classes);
        Path source = src.resolve("AotProbe.java");
        Files.writeString(source, """
                public class AotProbe {
                    public static void main(String[] args) {
                        System.out.println("probe says %s");
                        System.out.println("probe image=" + System.getenv("CELERIS_DEMO_IMAGE"));
                    }
                }
                """.formatted(word));
        var out = new ByteArrayOutputStream();
        int status = ToolProvider.getSystemJavaCompiler().run(null, out, out, "-d", classes.toString(),
                source.toString());
        assertThat(status).as(out.toString(StandardCharsets.UTF_8)).isZero();
        var manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "AotProbe");
        Path jar = dir.resolve("probe.jar");
        try (OutputStream file = Files.newOutputStream(jar); var jarOut = new JarOutputStream(file, manifest)) {
            jarOut.putNextEntry(new JarEntry("AotProbe.class"));
            jarOut.write(Files.readAllBytes(classes.resolve("AotProbe.class")));
            jarOut.closeEntry();
        }
        return jar;
    }

    private List<Path> caches(Path jar) throws IOException {
        try (Stream<Path> files = Files.list(jar.resolveSibling("aot"))) {
            return files.filter(f -> f.getFileName().toString().endsWith(".aot")).sorted().toList();
        }
    }

    /**
     * @param exit        the exit status
     * @param output      what the script, the program and the JVM printed, but the class-loading log
     * @param probeSource where the program's JVM loaded AotProbe from: {@code shared objects file} (the AOT cache) or
     *                    {@code file:…} (the jar); the JVM that assembles a cache after a recording run loads it too,
     *                    later, so only the first such line counts
     */
    private record Run(int exit, String output, String probeSource) {
    }

    private Run run(Path jar, Map<String, String> env) throws Exception {
        var command = new ArrayList<>(List.of("bash", CELERIS.toString(), "run-jar", jar.toString()));
        var builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().put("CELERIS_JAVA_OPTS", "-Xmx64m -Xlog:class+load=info");
        // The configuration's shape is part of the cache's key: only what the test sets.
        builder.environment().remove("DATABASE_URL");
        builder.environment().remove("REDIS_URL");
        builder.environment().remove("CELERIS_DEMO_IMAGE");
        builder.environment().putAll(env);
        Process process = builder.start();
        byte[] output = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        List<String> lines = new String(output, StandardCharsets.UTF_8).lines().toList();
        String probeSource = lines.stream().filter(l -> l.contains("[class,load] AotProbe source: ")).findFirst()
                .map(l -> l.substring(l.indexOf(" source: ") + " source: ".length())).orElse("(not loaded)");
        String rest = String.join("\n", lines.stream().filter(l -> !l.contains("[class,load]")).toList());
        return new Run(process.exitValue(), rest, probeSource);
    }
}
