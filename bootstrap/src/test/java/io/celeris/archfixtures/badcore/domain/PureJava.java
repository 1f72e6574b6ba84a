package io.celeris.archfixtures.badcore.domain;

import java.time.Instant;
import java.util.List;

/** Fine: the JDK is all the core may use; the test checks this class is NOT reported. */
public record PureJava(Instant at, List<String> names) {
}
