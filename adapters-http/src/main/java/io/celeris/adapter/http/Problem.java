package io.celeris.adapter.http;

import io.helidon.http.Status;
import java.util.List;
import java.util.Map;

/**
 * An RFC 9457 problem detail. {@code type} is a stable URN, {@code urn:celeris:problem:<slug>}, that
 * clients may switch on; {@code title} is fixed per type; {@code detail} explains this occurrence.
 *
 * @param status   HTTP status
 * @param slug     the stable part of the type
 * @param title    short summary of the type
 * @param detail   what went wrong this time
 * @param instance the request path
 * @param errors   per-field or per-parameter errors, if any
 */
record Problem(Status status, String slug, String title, String detail, String instance,
               List<Map<String, String>> errors) {

    static final String TYPE_PREFIX = "urn:celeris:problem:";

    String type() {
        return TYPE_PREFIX + slug;
    }
}
