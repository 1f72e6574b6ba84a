package io.celeris.archfixtures.badentry.application.port.in;

/** An inbound port: what adapters may call. */
public interface MakeThingUseCase {

    String make(String name);
}
