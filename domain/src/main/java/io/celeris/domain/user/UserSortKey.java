package io.celeris.domain.user;

import io.celeris.domain.paging.Cursor;
import io.celeris.domain.paging.Sort;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The properties users can be sorted by: for each, the name the API uses, the type of its value, whether
 * it can be absent, and how to read it from a {@link User}. The one place this is known: the store maps
 * these keys to its columns, and a cursor's key values are checked against them before any query.
 */
public enum UserSortKey {

    /** When the user was created. */
    CREATED_AT("created_at", Instant.class, false, User::createdAt),
    /** The display name. */
    NAME("name", String.class, false, u -> u.name().value()),
    /** The email address. */
    EMAIL("email", String.class, false, u -> u.email().value()),
    /** When the user last signed in; absent (null) if never. Nulls sort last in both directions. */
    LAST_LOGIN_AT("last_login_at", Instant.class, true, User::lastLoginAt),
    /** The id: unique, so it ends every sort. */
    ID(Sort.ID, UUID.class, false, u -> u.id().value());

    /**
     * The earliest and latest instants a timestamp key may hold: years 1 to 9999, which every clock gives
     * and both databases store (PostgreSQL refuses what lies far outside).
     */
    public static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    /** See {@link #EARLIEST}. */
    public static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999Z");

    private static final Map<String, UserSortKey> BY_PROPERTY =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(UserSortKey::property, k -> k));

    /** Sortable properties, as the API names them. */
    public static final Set<String> SORTABLE = BY_PROPERTY.keySet();

    /** The default listing order: oldest first. */
    public static final Sort DEFAULT = Sort.parse("created_at", SORTABLE);

    private final String property;
    private final Class<?> type;
    private final boolean nullable;
    private final Function<User, Object> accessor;

    UserSortKey(String property, Class<?> type, boolean nullable, Function<User, Object> accessor) {
        this.property = property;
        this.type = type;
        this.nullable = nullable;
        this.accessor = accessor;
    }

    /**
     * @param property a property name, as the API names it
     * @return its key
     * @throws IllegalArgumentException when it is not sortable
     */
    public static UserSortKey of(String property) {
        UserSortKey key = BY_PROPERTY.get(property);
        if (key == null) {
            throw new IllegalArgumentException("not sortable: " + property);
        }
        return key;
    }

    /**
     * @return the name the API uses
     */
    public String property() {
        return property;
    }

    /**
     * @return the type of its values: {@code Instant}, {@code String} or {@code UUID}
     */
    public Class<?> type() {
        return type;
    }

    /**
     * @return whether a user may have no value (null) for it
     */
    public boolean nullable() {
        return nullable;
    }

    /**
     * @param user a user
     * @return its value for this key, of {@link #type()}; null only when {@link #nullable()}
     */
    public Object valueOf(User user) {
        return accessor.apply(user);
    }

    /**
     * @param value a value from outside (a cursor)
     * @return whether a user could have it for this key: the right type (timestamps within
     *         {@link #EARLIEST}..{@link #LATEST}; a name or an email as {@link UserName} and {@link Email} hold
     *         them, so no control character, NUL included, ever reaches a store), or null when the key is nullable
     */
    public boolean accepts(Object value) {
        if (value == null) {
            return nullable;
        }
        if (value instanceof Instant i) {
            return type == Instant.class && !i.isBefore(EARLIEST) && !i.isAfter(LATEST);
        }
        if (value instanceof String s) {
            return (this == NAME || this == EMAIL) && isValue(s);
        }
        return type.isInstance(value);
    }

    private boolean isValue(String s) {
        try {
            return (this == NAME ? new UserName(s).value() : new Email(s).value()).equals(s);
        } catch (InvalidValueException e) {
            return false;
        }
    }

    /**
     * @param user a user
     * @param sort an order over user properties
     * @return the user's values for the sort's keys, in order
     */
    public static List<Object> valuesOf(User user, Sort sort) {
        var values = new ArrayList<Object>(sort.orders().size());
        for (Sort.Order o : sort.orders()) {
            values.add(of(o.property()).valueOf(user));
        }
        return values;
    }

    /**
     * @param user      the edge row
     * @param sort      the order
     * @param direction which side of the row the cursor points to
     * @return a cursor at the row
     */
    public static Cursor cursorAt(User user, Sort sort, Cursor.Towards direction) {
        return new Cursor(direction, valuesOf(user, sort));
    }

    /**
     * Checks that key values fit a sort: one per key, each one its key {@link #accepts}.
     *
     * @param sort   an order over user properties
     * @param values key values, from a cursor
     * @throws IllegalArgumentException naming the first misfit
     */
    public static void requireFit(Sort sort, List<Object> values) {
        Objects.requireNonNull(values, "values");
        if (values.size() != sort.orders().size()) {
            throw new IllegalArgumentException("the sort " + sort.text() + " has " + sort.orders().size()
                    + " keys, not " + values.size());
        }
        for (int i = 0; i < values.size(); i++) {
            UserSortKey key = of(sort.orders().get(i).property());
            if (!key.accepts(values.get(i))) {
                throw new IllegalArgumentException("not a value of " + key.property() + ": "
                        + (values.get(i) == null ? "null" : values.get(i).getClass().getSimpleName()));
            }
        }
    }
}
