package io.celeris.application;

/**
 * A read asked for a commit position the store has not reached: a consistency token from the future, of another
 * database, or made up. Nothing was read; HTTP answers 400.
 */
public final class UnknownCommitPositionException extends RuntimeException {

    /**
     * @param position the position asked for
     * @param latest   the store's latest position
     */
    public UnknownCommitPositionException(CommitPosition position, CommitPosition latest) {
        super("the consistency token names position " + position + ", which the database has not reached (it is at "
                + latest + "); send a token from one of this service's write responses", null, false, false);
    }
}
