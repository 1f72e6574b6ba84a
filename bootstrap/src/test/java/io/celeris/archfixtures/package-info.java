/**
 * Fixtures for the architecture tests: tiny classes laid out like Celeris under roots of their own
 * ({@code good}, {@code badlayers}, ...), so that each rule of
 * {@code io.celeris.bootstrap.architecture.CelerisArchitecture} can be run against them alone.
 * {@code good} obeys every rule; each {@code bad...} package breaks one rule on purpose.
 * They are test classes, so the import of the real production classes never sees them.
 */
package io.celeris.archfixtures;
