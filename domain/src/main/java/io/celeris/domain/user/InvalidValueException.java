package io.celeris.domain.user;

/**
 * A value given to the domain breaks one of its rules (an email without {@code @}, a name too long).
 * The message is safe to show to a client: it names the field and the rule, never the internals.
 */
public final class InvalidValueException extends IllegalArgumentException {

    private final String field;

    /**
     * @param field the name of the offending field, as a client knows it
     * @param rule  the rule it breaks, in words
     */
    public InvalidValueException(String field, String rule) {
        super(field + " " + rule);
        this.field = field;
    }

    /**
     * @return the name of the offending field
     */
    public String field() {
        return field;
    }
}
