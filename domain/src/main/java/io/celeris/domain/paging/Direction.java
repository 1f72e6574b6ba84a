package io.celeris.domain.paging;

/** Order of one sort key. */
public enum Direction {
    ASC,
    DESC;

    /**
     * @return the other direction
     */
    public Direction reversed() {
        return this == ASC ? DESC : ASC;
    }
}
