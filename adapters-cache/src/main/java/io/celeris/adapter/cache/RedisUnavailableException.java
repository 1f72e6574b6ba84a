package io.celeris.adapter.cache;

/**
 * A Redis command that did not happen or did not answer in time. Never leaves the adapter: callers
 * turn it into a miss.
 */
final class RedisUnavailableException extends RuntimeException {

    RedisUnavailableException(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
