package io.celeris.archfixtures.badcore.application;

import javax.sql.DataSource;

/** WRONG: javax is not java; the application has no business with a DataSource. */
public final class UsesDataSource {

    private final DataSource dataSource;

    public UsesDataSource(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public DataSource dataSource() {
        return dataSource;
    }
}
