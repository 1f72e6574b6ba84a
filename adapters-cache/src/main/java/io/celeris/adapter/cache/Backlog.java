package io.celeris.adapter.cache;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * What could not reach Redis yet and must once it answers: a bounded set of items (keys to delete, messages to
 * publish); past the bound, or when the owner says so, one flag that stands for all of them, and the owner then
 * does the one thing that covers everything (clear the namespace, tell the others to drop all).
 */
final class Backlog {

    private final Set<String> items = ConcurrentHashMap.newKeySet();
    private final int bound;
    private volatile boolean everything;

    /** @param bound most items held before they are given up for "everything" */
    Backlog(int bound) {
        this.bound = bound;
    }

    void add(String item) {
        if (items.size() >= bound) {
            coverEverything();
        } else {
            items.add(item);
        }
    }

    /** From now on, everything is pending: the items are covered by it. */
    void coverEverything() {
        everything = true;
        items.clear();
    }

    /** Everything was done: the flag goes (items added meanwhile stay). */
    void everythingDone() {
        everything = false;
    }

    /** @return true while "everything" is pending */
    boolean everything() {
        return everything;
    }

    boolean contains(String item) {
        return items.contains(item);
    }

    void remove(String item) {
        items.remove(item);
    }

    /**
     * Does each item, dropping those done, until one cannot be done (Redis is away again).
     *
     * @param action does one item; true if done
     * @return true if every item seen was done (ones added meanwhile may or may not be seen)
     */
    boolean drain(Predicate<String> action) {
        for (String item : items) {
            if (!action.test(item)) {
                return false;
            }
            items.remove(item);
        }
        return true;
    }

    /** @return true when nothing is pending */
    boolean isEmpty() {
        return !everything && items.isEmpty();
    }
}
