package io.celeris.adapter.persistence;

/** The database failed in a way the caller cannot fix (connection lost, SQL error). */
public final class PersistenceException extends RuntimeException {

    PersistenceException(String message, Throwable cause) {
        super(message, cause);
    }
}
