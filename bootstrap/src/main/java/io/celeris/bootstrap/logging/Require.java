package io.celeris.bootstrap.logging;

/** The null checks of the settings records, in one line each. */
final class Require {

    private Require() {
    }

    /**
     * @param names  the components' names, space-separated, in the order of the values
     * @param values the components
     * @throws NullPointerException naming the first component that is null
     */
    static void nonNull(String names, Object... values) {
        for (int i = 0; i < values.length; i++) {
            if (values[i] == null) {
                throw new NullPointerException(names.split(" ")[i]);
            }
        }
    }
}
