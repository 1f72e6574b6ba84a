package io.celeris.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The summary {@code bench interleave} prints (bench/interleave-summary.awk), on slices written here: the phases'
 * geometric mean is the figure to read; a pair where the host stalled for both jars is named and left out of it; a
 * pair where only one jar ran slow is a measurement like any other and stays.
 */
class InterleaveSummaryTest {

    private static final Path SUMMARY = Path.of("..", "bench", "interleave-summary.awk").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    @Test
    void withoutAStallThePhasesGeometricMeanIsTheFigureToRead() throws Exception {
        // Four phases of three pairs; the current jar 10% faster in phases 1-2, 2% faster in 3-4.
        List<String> out = summary(IntStream.rangeClosed(1, 12)
                .mapToObj(i -> pair(i, 30_000, 30_000 * (i <= 6 ? 1.10 : 1.02))).toList());
        assertThat(out).contains("bench interleave: median of the pairs per phase: phase 1 1.100x (CPU 1.000x), "
                + "phase 2 1.100x (CPU 1.000x), phase 3 1.020x (CPU 1.000x), phase 4 1.020x (CPU 1.000x)");
        // (1.1 * 1.1 * 1.02 * 1.02)^(1/4) = 1.0592
        assertThat(out).contains("bench interleave: geometric mean of the phases: 1.059x req/s, CPU per request 1.000x"
                + " (read this one)");
        assertThat(out).noneMatch(l -> l.contains("stall"));
    }

    @Test
    void aPairWhereBothJarsStalledIsNamedAndLeftOutOfTheFigureToRead() throws Exception {
        // Every pair 1.0x but the last of phase 4, where the host stalled: both jars under half their median, the
        // current jar more (0.31x), as on 2026-12-02.
        List<String> slices = IntStream.rangeClosed(1, 12)
                .mapToObj(i -> i == 12 ? pair(i, 9_447, 2_954) : pair(i, 32_000, 32_000)).toList();
        List<String> out = summary(slices);
        assertThat(out).anyMatch(l -> l.startsWith("bench interleave: median of the pairs per phase:")
                && l.contains("phase 4 1.000x"));
        assertThat(out).contains("bench interleave: pair 12: both jars under half their median (a stall of the host,"
                + " not of either jar)");
        assertThat(out).contains("bench interleave: geometric mean of the phases without the stalled pairs (4 phases):"
                + " 1.000x req/s, CPU per request 1.000x (read this one)");
        // The mean over every pair is still printed, but not as the figure to read.
        assertThat(out).anyMatch(l -> l.startsWith("bench interleave: geometric mean of the phases: ")
                && !l.contains("read this one"));
    }

    @Test
    void aPairWhereOnlyOneJarRanSlowIsKept() throws Exception {
        List<String> slices = IntStream.rangeClosed(1, 12)
                .mapToObj(i -> i == 12 ? pair(i, 32_000, 2_954) : pair(i, 32_000, 32_000)).toList();
        List<String> out = summary(slices);
        assertThat(out).noneMatch(l -> l.contains("stall"));
        // Phase 4's pairs: 1.0, 1.0 and 0.092: its median stays 1.0, but pair 12 counts among the 12.
        assertThat(out).contains("bench interleave: current/baseline 1.000x req/s, CPU per request 1.000x; current "
                + "faster in 0 of 12 pairs");
        assertThat(out).contains("bench interleave: geometric mean of the phases: 1.000x req/s, CPU per request 1.000x"
                + " (read this one)");
    }

    /** Pair {@code i} of four phases of three pairs: its two slices, each at 30 µs of CPU a request. */
    private static String pair(int i, double baseline, double current) {
        int phase = (i - 1) / 3 + 1;
        return String.format(Locale.ROOT, "%d\tbase\t%.2f\t30.0\t%d%n%d\tnew\t%.2f\t30.0\t%d", i, baseline, phase, i,
                current, phase);
    }

    private List<String> summary(List<String> pairs) throws Exception {
        Path tsv = dir.resolve("interleave.tsv");
        Files.writeString(tsv, String.join("\n", pairs) + "\n");
        Process awk = new ProcessBuilder("awk", "-F\t", "-f", SUMMARY.toString(), tsv.toString())
                .redirectErrorStream(true).start();
        String output = new String(awk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(awk.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(awk.exitValue()).as(output).isZero();
        return output.lines().toList();
    }
}
