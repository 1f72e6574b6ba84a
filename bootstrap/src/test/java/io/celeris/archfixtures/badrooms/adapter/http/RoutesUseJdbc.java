package io.celeris.archfixtures.badrooms.adapter.http;

import java.sql.Connection;
import java.sql.SQLException;

/** WRONG: JDBC in the HTTP adapter; a handler calls a use case, never the database. */
public final class RoutesUseJdbc {

    public boolean alive(Connection connection) throws SQLException {
        return connection.isValid(1);
    }
}
