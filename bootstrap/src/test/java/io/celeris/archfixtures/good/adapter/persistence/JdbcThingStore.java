package io.celeris.archfixtures.good.adapter.persistence;

import io.celeris.archfixtures.good.application.port.out.ThingStore;
import io.celeris.archfixtures.good.domain.Thing;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Optional;

/** The persistence adapter may use JDBC; bootstrap only sees the port. */
public final class JdbcThingStore implements ThingStore {

    private final String url;

    private JdbcThingStore(String url) {
        this.url = url;
    }

    /** The one public factory: bootstrap passes a setting and gets a port back. */
    public static ThingStore at(String url) {
        return new JdbcThingStore(url);
    }

    @Override
    public Optional<Thing> find(String name) {
        try (var connection = DriverManager.getConnection(url);
                var statement = connection.prepareStatement("select name from thing where name = ?")) {
            statement.setString(1, name);
            try (var rows = statement.executeQuery()) {
                return rows.next() ? Optional.of(new Thing(rows.getString(1))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
