package io.celeris.domain.paging;

/** How an offset page counts the rows of the whole listing. */
public enum CountMode {
    /** Count every matching row (cached briefly, dropped on any write). */
    EXACT,
    /** Ask the database's planner statistics: instant on any size, approximate. Exact where there are none. */
    ESTIMATED,
    /** Do not count. */
    NONE
}
