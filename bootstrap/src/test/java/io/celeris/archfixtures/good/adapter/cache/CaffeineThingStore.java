package io.celeris.archfixtures.good.adapter.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.celeris.archfixtures.good.application.port.out.ThingStore;
import io.celeris.archfixtures.good.domain.Thing;
import java.util.Optional;

/** The cache adapter may use Caffeine; it decorates the port, not another adapter. */
public final class CaffeineThingStore implements ThingStore {

    private final Cache<String, Thing> cache = Caffeine.newBuilder().maximumSize(100).build();
    private final ThingStore delegate;

    public CaffeineThingStore(ThingStore delegate) {
        this.delegate = delegate;
    }

    @Override
    public Optional<Thing> find(String name) {
        var cached = cache.getIfPresent(name);
        if (cached != null) {
            return Optional.of(cached);
        }
        var loaded = delegate.find(name);
        loaded.ifPresent(thing -> cache.put(name, thing));
        return loaded;
    }
}
