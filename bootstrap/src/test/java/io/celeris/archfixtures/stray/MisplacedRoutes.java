package io.celeris.archfixtures.stray;

/**
 * WRONG when analysed together with {@code good} under root {@code good}: this class is in no layer,
 * as if its package were misspelled ({@code adaptor.http}) or forgotten in the layer list.
 */
public final class MisplacedRoutes {
}
