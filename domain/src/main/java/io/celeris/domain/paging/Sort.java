package io.celeris.domain.paging;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.StringJoiner;

/**
 * A total order over a resource: the requested keys, always ending in the unique id, so that two rows
 * never compare equal and a page boundary is never ambiguous. The appended id runs in the direction of
 * the last requested key, so that a single-key sort is one index read forwards or backwards.
 *
 * @param orders the keys, the last of which is {@link #ID}
 */
public record Sort(List<Order> orders) {

    /** Name of the unique tiebreaker key. */
    public static final String ID = "id";

    public Sort {
        orders = List.copyOf(orders);
        if (orders.isEmpty() || !orders.getLast().property().equals(ID)) {
            throw new IllegalArgumentException("a sort must end with the unique key '" + ID + "'");
        }
        var seen = new java.util.HashSet<String>();
        for (Order o : orders) {
            if (!seen.add(o.property())) {
                throw new IllegalArgumentException("sort key '" + o.property() + "' given twice");
            }
        }
    }

    /**
     * Builds a sort from the given keys, appending {@code id} (in the direction of the last key, ascending
     * when there is none) unless already last.
     *
     * @param orders requested keys, most significant first
     * @return the total order
     */
    public static Sort by(List<Order> orders) {
        var all = new ArrayList<>(orders);
        if (all.isEmpty() || !all.getLast().property().equals(ID)) {
            if (all.stream().anyMatch(o -> o.property().equals(ID))) {
                throw new IllegalArgumentException("'" + ID + "' may only be the last sort key");
            }
            all.add(new Order(ID, all.isEmpty() ? Direction.ASC : all.getLast().direction()));
        }
        return new Sort(all);
    }

    /**
     * Parses a comma-separated list such as {@code name,-created_at}: a leading {@code -} means
     * descending. Only names in {@code allowed} are accepted.
     *
     * @param text    the list
     * @param allowed the sortable properties
     * @return the total order
     * @throws UnsupportedSortException when a name is not allowed, repeated, or the text is malformed
     */
    public static Sort parse(String text, Set<String> allowed) {
        if (text == null || text.isBlank() || text.length() > 200) {
            throw new UnsupportedSortException(String.valueOf(text), allowed);
        }
        var orders = new ArrayList<Order>();
        for (String part : text.split(",", -1)) {
            String p = part.strip();
            Direction d = Direction.ASC;
            if (p.startsWith("-")) {
                d = Direction.DESC;
                p = p.substring(1);
            } else if (p.startsWith("+")) {
                p = p.substring(1);
            }
            if (!allowed.contains(p)) {
                throw new UnsupportedSortException(part, allowed);
            }
            orders.add(new Order(p, d));
        }
        try {
            return by(orders);
        } catch (IllegalArgumentException e) {
            throw new UnsupportedSortException(text, allowed);
        }
    }

    /**
     * @return the canonical text of this sort, e.g. {@code -created_at,id}; parsing it gives it back
     */
    public String text() {
        var j = new StringJoiner(",");
        for (Order o : orders) {
            j.add((o.direction() == Direction.DESC ? "-" : "") + o.property());
        }
        return j.toString();
    }

    // Written out instead of the record's generated method: that one is linked through invokedynamic on its
    // first call, and two virtual threads making that first call at once pin their carriers (seen by
    // VirtualThreadPinningTest under JFR). This type is used on every request.
    @Override
    public boolean equals(Object o) {
        return o instanceof Sort s && orders.equals(s.orders);
    }

    @Override
    public int hashCode() {
        return orders.hashCode();
    }

    /**
     * One key of a sort.
     *
     * @param property  the property name, as the API names it
     * @param direction its direction
     */
    public record Order(String property, Direction direction) {
        public Order {
            Objects.requireNonNull(property, "property");
            Objects.requireNonNull(direction, "direction");
        }

        // Written out, like Sort's: see there.
        @Override
        public boolean equals(Object o) {
            return o instanceof Order other && property.equals(other.property) && direction == other.direction;
        }

        @Override
        public int hashCode() {
            return 31 * property.hashCode() + direction.hashCode();
        }
    }
}
