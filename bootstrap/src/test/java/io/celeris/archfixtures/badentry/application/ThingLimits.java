package io.celeris.archfixtures.badentry.application;

/** A settings record in the application's own package: adapters may read it. */
public record ThingLimits(int maxLength) {
}
