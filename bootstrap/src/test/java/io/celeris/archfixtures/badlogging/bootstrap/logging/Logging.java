package io.celeris.archfixtures.badlogging.bootstrap.logging;

/** The door of the fixture's logging package: using it is fine. */
public final class Logging {

    private Logging() {
    }

    public static void configure(int capacity) {
        System.out.println("capacity " + capacity);
    }
}
