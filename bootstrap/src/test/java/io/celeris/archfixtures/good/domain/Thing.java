package io.celeris.archfixtures.good.domain;

import java.util.Objects;

/** A domain value: pure Java. */
public record Thing(String name) {

    public Thing {
        Objects.requireNonNull(name, "name");
    }
}
