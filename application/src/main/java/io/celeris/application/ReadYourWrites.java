package io.celeris.application;

import java.util.Optional;

/**
 * One request's consistency with a lagging copy of the store (a read replica): the commit position its reads must
 * reflect (a client's earlier write, from its consistency token), and the highest position its own writes committed
 * at (the client's next token). The HTTP adapter opens it around a request's work, on the request's thread; the store
 * reads {@link #required()} to choose a copy and reports {@link #committed} after each commit; the use cases read
 * {@link #required()} to keep caches, which do not know how old their entries are, out of such a read.
 *
 * <p>Per thread, because the position has to travel from the store's connection to the response header through
 * use cases whose signatures have nothing to do with it; a request's work runs on its own (virtual) thread.
 */
public final class ReadYourWrites implements AutoCloseable {

    private static final ThreadLocal<ReadYourWrites> CURRENT = new ThreadLocal<>();
    /** The scope of a read naming no position where none was open: never current, its close does nothing. */
    private static final ReadYourWrites NONE = new ReadYourWrites(Optional.empty(), null);

    private final Optional<CommitPosition> required;
    private final ReadYourWrites outer;
    private CommitPosition committed;
    private boolean closed;

    private ReadYourWrites(Optional<CommitPosition> required, ReadYourWrites outer) {
        this.required = required;
        this.outer = outer;
    }

    /**
     * Starts a request's scope on this thread; close it when the request's work is done.
     *
     * @param required the commit position the request's reads must reflect, if the client named one
     * @return the scope
     */
    public static ReadYourWrites open(Optional<CommitPosition> required) {
        var scope = new ReadYourWrites(java.util.Objects.requireNonNull(required, "required"), CURRENT.get());
        CURRENT.set(scope);
        return scope;
    }

    /**
     * Starts the scope of a read that names no position. Where no scope is open on this thread (a request's read),
     * none is opened: a read outside any scope already needs no position and its commits are dropped, so the answer
     * is the same without the thread-local's write and removal; the scope returned does nothing when closed. Inside
     * another scope, one naming no position is opened, as {@link #open} does.
     *
     * @return the scope
     */
    public static ReadYourWrites unconstrained() {
        return CURRENT.get() == null ? NONE : open(Optional.empty());
    }

    /**
     * @return the commit position the current request's reads must reflect; empty when it named none (or when no
     *         request scope is open on this thread: a read may then lag)
     */
    public static Optional<CommitPosition> required() {
        ReadYourWrites scope = CURRENT.get();
        return scope == null ? Optional.empty() : scope.required;
    }

    /**
     * Reports a commit of the current request (the store calls it after each commit); without a scope it is dropped.
     *
     * @param position at or past the end of the commit
     */
    public static void committed(CommitPosition position) {
        ReadYourWrites scope = CURRENT.get();
        if (scope != null && (scope.committed == null || position.reached(scope.committed))) {
            scope.committed = position;
        }
    }

    /**
     * @return the highest position the request's writes committed at; empty when none was reported (nothing was
     *         written, or the store keeps no copy to be consistent with)
     */
    public Optional<CommitPosition> lastCommit() {
        return Optional.ofNullable(committed);
    }

    @Override
    public void close() {
        if (closed || this == NONE) {
            return;
        }
        closed = true;
        if (outer == null) {
            CURRENT.remove();
        } else {
            CURRENT.set(outer);
        }
    }
}
