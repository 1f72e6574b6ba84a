package io.celeris.bootstrap.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.ErrorManager;
import org.junit.jupiter.api.Test;

/** Drop and failure accounting on its own: every record counted, the reports rate-limited. */
class AccountingTest {

    private final List<String> reports = new CopyOnWriteArrayList<>();
    private final Accounting accounting = new Accounting((message, cause, code) ->
            reports.add(message + (cause == null ? "" : " / " + cause.getMessage())));

    @Test
    void aBurstOfFailuresIsReportedOnceWithItsCauseThenSummedUp() throws Exception {
        var diskFull = new IOException("No space left on device");
        accounting.failed(1, "flush", diskFull, ErrorManager.FLUSH_FAILURE);
        for (int i = 0; i < 99; i++) {
            accounting.failed(1, "flush", diskFull, ErrorManager.FLUSH_FAILURE);
        }
        assertThat(reports).containsExactly("1 log record could not be written (flush); further failures are "
                + "counted and reported at most once a second / No space left on device");

        accounting.reportFailures(true); // closing
        assertThat(reports).hasSize(2).last().isEqualTo("99 log records could not be written");
        accounting.reportFailures(true);
        assertThat(reports).as("nothing new, nothing said").hasSize(2);

        Thread.sleep(1_100); // quiet for longer than the interval: the next failure starts a new burst
        accounting.failed(3, "publish", diskFull, ErrorManager.WRITE_FAILURE);
        assertThat(reports).hasSize(3).last().asString().startsWith("3 log records could not be written (publish)")
                .endsWith("No space left on device");
        assertThat(accounting.stats(0, 1).writeErrors()).isEqualTo(103);
    }

    @Test
    void dropsAreAnnouncedAtMostOnceASecondAndAllAtClose() {
        accounting.dropped.add(5);
        assertThat(accounting.dropsToAnnounce(false)).isEqualTo(5);
        accounting.dropped.add(3);
        assertThat(accounting.dropsPending()).isTrue();
        assertThat(accounting.dropsToAnnounce(false)).as("within the second").isZero();
        assertThat(accounting.dropsToAnnounce(true)).as("closing").isEqualTo(3);
        assertThat(accounting.dropsPending()).isFalse();
        assertThat(accounting.stats(0, 1).dropped()).isEqualTo(8);
    }
}
