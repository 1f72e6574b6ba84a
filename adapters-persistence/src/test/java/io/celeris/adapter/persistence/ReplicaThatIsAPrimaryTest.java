package io.celeris.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * A read URL that names a primary (no streaming replica behind it) takes no reads, and the start says why: the
 * replica's first state was never told, since it starts down and only changes were logged.
 */
class ReplicaThatIsAPrimaryTest {

    @Test
    void aReadUrlOnAPrimaryIsAWarningAtStart() {
        var pg = PostgresTestDatabase.get();
        List<LogRecord> records = new CopyOnWriteArrayList<>();
        var capture = new LogCollector(records);
        Logger logger = Logger.getLogger(ReadReplica.class.getName());
        logger.addHandler(capture);
        try (var persistence = Persistence.start(pg.settings(),
                Optional.of(new ReplicaSettings(pg.url(), pg.user(), pg.password(), Duration.ofSeconds(2))))) {
            assertThat(records).filteredOn(r -> r.getLevel() == Level.WARNING).extracting(LogRecord::getMessage)
                    .singleElement().asString().contains("read replica down", "not in recovery", "DATABASE_READ_URL");
            assertThat(persistence.replicaStats()).hasValueSatisfying(s -> assertThat(s.state()).isEqualTo("down"));
        } finally {
            logger.removeHandler(capture);
        }
    }
}
