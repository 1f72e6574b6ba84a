package io.celeris.adapter.http;

import io.helidon.http.Method;
import java.util.Objects;
import java.util.Set;

/**
 * One route as declared: method, path template (with its prefix, e.g. {@code /users/{id}}) and who may
 * call it.
 *
 * @param method the method
 * @param path   the full path template
 * @param access who may call it
 */
record Route(Method method, String path, Access access) {

    /** Methods that change state: they need a scope unless declared public. */
    static final Set<Method> WRITES = Set.of(Method.POST, Method.PUT, Method.DELETE, Method.PATCH);

    Route {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(access, "access");
    }

    @Override
    public String toString() {
        return method.text() + " " + path + " (" + access.name().toLowerCase(java.util.Locale.ROOT) + ")";
    }
}
