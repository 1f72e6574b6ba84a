package io.celeris.application.service;

import io.celeris.domain.paging.Cursor;
import io.celeris.domain.paging.Sort;
import io.celeris.domain.user.User;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The properties users can be sorted by, and how to read a user's sort-key values. */
public final class UserSortKeys {

    /** Sortable properties, as the API names them. */
    public static final Set<String> SORTABLE = Set.of("created_at", "name", "email", "last_login_at", Sort.ID);

    /** Properties that may be absent (NULL); they sort last in both directions. */
    public static final Set<String> NULLABLE = Set.of("last_login_at");

    /** The default listing order: oldest first. */
    public static final Sort DEFAULT = Sort.parse("created_at", SORTABLE);

    private UserSortKeys() {
    }

    /**
     * @param user     the user
     * @param property a sortable property
     * @return its value: {@code Instant}, {@code String} or {@code UUID}; {@code null} for an absent nullable one
     */
    public static Object valueOf(User user, String property) {
        return switch (property) {
            case "created_at" -> user.createdAt();
            case "name" -> user.name().value();
            case "email" -> user.email().value();
            case "last_login_at" -> user.lastLoginAt();
            case Sort.ID -> user.id().value();
            default -> throw new IllegalArgumentException("not sortable: " + property);
        };
    }

    /**
     * @param user      the edge row
     * @param sort      the order
     * @param direction which side of the row the cursor points to
     * @return a cursor at the row
     */
    public static Cursor cursorAt(User user, Sort sort, Cursor.Towards direction) {
        var keys = new ArrayList<Object>(sort.orders().size());
        for (Sort.Order o : sort.orders()) {
            keys.add(valueOf(user, o.property()));
        }
        return new Cursor(direction, keys);
    }

    /**
     * @param users rows in sort order
     * @param sort  the order
     * @return a cursor after the last row
     */
    static Cursor after(List<User> users, Sort sort) {
        return cursorAt(users.getLast(), sort, Cursor.Towards.AFTER);
    }

    /**
     * @param users rows in sort order
     * @param sort  the order
     * @return a cursor before the first row
     */
    static Cursor before(List<User> users, Sort sort) {
        return cursorAt(users.getFirst(), sort, Cursor.Towards.BEFORE);
    }
}
