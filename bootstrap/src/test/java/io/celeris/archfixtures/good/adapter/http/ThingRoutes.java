package io.celeris.archfixtures.good.adapter.http;

import io.celeris.archfixtures.good.application.port.in.GetThingQuery;
import io.celeris.archfixtures.good.application.port.in.GetThingUseCase;
import io.celeris.archfixtures.good.domain.Thing;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/** The HTTP adapter may use Helidon WebServer and calls a use case. */
public final class ThingRoutes implements HttpService {

    private final GetThingUseCase things;

    public ThingRoutes(GetThingUseCase things) {
        this.things = things;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/{name}", this::get);
    }

    private void get(ServerRequest request, ServerResponse response) {
        var name = request.path().pathParameters().get("name");
        response.send(things.get(new GetThingQuery(name)).map(Thing::name).orElse(""));
    }
}
