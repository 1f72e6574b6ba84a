package io.celeris.domain.paging;

import java.util.Set;
import java.util.TreeSet;

/** A sort names a property that cannot be sorted on, or is malformed. */
public final class UnsupportedSortException extends IllegalArgumentException {

    private final Set<String> allowed;

    /**
     * @param given   what was asked for
     * @param allowed what may be asked for
     */
    public UnsupportedSortException(String given, Set<String> allowed) {
        super("cannot sort by '" + given + "'; sortable: " + new TreeSet<>(allowed)
                + " (prefix '-' for descending, comma-separated)");
        this.allowed = Set.copyOf(allowed);
    }

    /**
     * @return the sortable properties
     */
    public Set<String> allowed() {
        return allowed;
    }
}
