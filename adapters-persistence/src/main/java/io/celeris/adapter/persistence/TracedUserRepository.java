package io.celeris.adapter.persistence;

import io.celeris.application.StoreUnavailableException;
import io.celeris.application.port.out.UserRepository;
import io.celeris.domain.paging.Cursor;
import io.celeris.domain.paging.Sort;
import io.celeris.domain.user.Email;
import io.celeris.domain.user.Precondition;
import io.celeris.domain.user.User;
import io.celeris.domain.user.UserFilter;
import io.celeris.domain.user.UserId;
import io.celeris.domain.user.UserName;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;

/**
 * Each call to the database in a client span ({@code SELECT users}, {@code INSERT users}, ...), a child of
 * whatever span is current (the request's, or a cache's when it loads). The span covers the wait for a database
 * turn as well: that is part of what the request paid. Only the statement kind and the table are recorded, never
 * a value.
 */
final class TracedUserRepository implements UserRepository {

    private static final AttributeKey<String> SYSTEM = AttributeKey.stringKey("db.system.name");
    private static final AttributeKey<String> OPERATION = AttributeKey.stringKey("db.operation.name");
    private static final AttributeKey<String> TABLE = AttributeKey.stringKey("db.collection.name");
    private static final AttributeKey<String> CALL = AttributeKey.stringKey("celeris.db.call");

    private final UserRepository delegate;
    private final Tracer tracer;
    private final String system;

    TracedUserRepository(UserRepository delegate, Tracer tracer, String system) {
        this.delegate = delegate;
        this.tracer = tracer;
        this.system = system;
    }

    @Override
    public UserRepository replica() {
        UserRepository reads = delegate.replica();
        return reads == delegate ? this : new TracedUserRepository(reads, tracer, system);
    }

    @Override
    public void insert(User user) {
        traced("INSERT", "insert", () -> {
            delegate.insert(user);
            return null;
        });
    }

    @Override
    public void insertAll(List<User> users) {
        traced("INSERT", "insertAll", () -> {
            delegate.insertAll(users);
            return null;
        });
    }

    @Override
    public Optional<User> findById(UserId id) {
        return traced("SELECT", "findById", () -> delegate.findById(id));
    }

    @Override
    public Optional<User> update(UserId id, Email email, UserName name, Instant at, Precondition precondition) {
        return traced("UPDATE", "update", () -> delegate.update(id, email, name, at, precondition));
    }

    @Override
    public boolean delete(UserId id, Precondition precondition) {
        return traced("DELETE", "delete", () -> delegate.delete(id, precondition));
    }

    @Override
    public List<User> findPage(UserFilter filter, Sort sort, long offset, int limit) {
        return traced("SELECT", "findPage", () -> delegate.findPage(filter, sort, offset, limit));
    }

    @Override
    public List<User> findNextTo(UserFilter filter, Sort sort, Optional<Cursor> cursor, int limit) {
        return traced("SELECT", "findNextTo", () -> delegate.findNextTo(filter, sort, cursor, limit));
    }

    @Override
    public long count(UserFilter filter) {
        return traced("SELECT", "count", () -> delegate.count(filter));
    }

    @Override
    public OptionalLong estimateCount(UserFilter filter) {
        return traced("SELECT", "estimateCount", () -> delegate.estimateCount(filter));
    }

    private <T> T traced(String operation, String call, Supplier<T> work) {
        Span span = tracer.spanBuilder(operation + " users")
                .setSpanKind(SpanKind.CLIENT)
                .setAttribute(SYSTEM, system)
                .setAttribute(OPERATION, operation)
                .setAttribute(TABLE, "users")
                .setAttribute(CALL, call)
                .startSpan();
        try (Scope ignored = span.makeCurrent()) {
            return work.get();
        } catch (RuntimeException | Error e) {
            // Expected outcomes (a duplicate email, a failed precondition) are exceptions too: the span says
            // which, and only a failure of the store marks it as an error.
            span.recordException(e);
            if (e instanceof PersistenceException || e instanceof Error
                    || e instanceof StoreUnavailableException) {
                span.setStatus(StatusCode.ERROR);
            }
            throw e;
        } finally {
            span.end();
        }
    }
}
