package io.celeris.bootstrap;

/**
 * A primary PostgreSQL of one test's own and a streaming replica of it ({@link OwnPostgres#replicaOf}), both
 * running, with one database made on the primary before the copy, so the replica has it from its start.
 *
 * @param primary  takes the writes
 * @param replica  a hot standby following the primary
 * @param database the database on both
 */
record PrimaryWithReplica(OwnPostgres primary, OwnPostgres replica, String database) implements AutoCloseable {

    /**
     * @param database        a database to create (a plain identifier)
     * @param replicaSettings lines for the replica's {@code postgresql.conf}, empty for none
     * @return both servers, started
     */
    static PrimaryWithReplica start(String database, String replicaSettings) {
        var primary = OwnPostgres.create();
        try {
            primary.start();
            primary.createDatabase(database);
            var replica = OwnPostgres.replicaOf(primary);
            try {
                if (!replicaSettings.isEmpty()) {
                    replica.configure(replicaSettings);
                }
                replica.start();
                return new PrimaryWithReplica(primary, replica, database);
            } catch (RuntimeException e) {
                replica.close();
                throw e;
            }
        } catch (RuntimeException e) {
            primary.close();
            throw e;
        }
    }

    /**
     * @return the database's JDBC URL on the primary
     */
    String primaryUrl() {
        return primary.jdbcUrl(database);
    }

    /**
     * @return the database's JDBC URL on the replica
     */
    String replicaUrl() {
        return replica.jdbcUrl(database);
    }

    /** Stops both servers and deletes their directories: the replica first, so it does not chase a stopped primary. */
    @Override
    public void close() {
        try {
            replica.close();
        } finally {
            primary.close();
        }
    }
}
