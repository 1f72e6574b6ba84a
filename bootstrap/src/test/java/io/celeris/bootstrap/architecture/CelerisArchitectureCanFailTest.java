package io.celeris.bootstrap.architecture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertAll;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import io.celeris.archfixtures.badcore.application.UsesDataSource;
import io.celeris.archfixtures.badentry.adapter.cache.CacheUsesPortAndSettings;
import io.celeris.archfixtures.badentry.adapter.http.RoutesCallTheService;
import io.celeris.archfixtures.badentry.adapter.persistence.StoreBuildsTheService;
import io.celeris.archfixtures.badentry.bootstrap.WiresTheService;
import io.celeris.archfixtures.badcore.domain.PureJava;
import io.celeris.archfixtures.badcore.domain.UsesHelidon;
import io.celeris.archfixtures.badlayers.adapter.persistence.InvoiceTable;
import io.celeris.archfixtures.badlogging.bootstrap.InvoiceLogMain;
import io.celeris.archfixtures.badlogging.bootstrap.logging.InvoiceLogHandler;
import io.celeris.archfixtures.badlogging.bootstrap.logging.PlainLogHandler;
import io.celeris.archfixtures.badlayers.bootstrap.InvoiceMain;
import io.celeris.archfixtures.badlayers.domain.Invoice;
import io.celeris.archfixtures.badports.application.port.in.Freshness;
import io.celeris.archfixtures.badports.application.port.in.LoadThingUseCase;
import io.celeris.archfixtures.badports.application.port.in.ThingHandler;
import io.celeris.archfixtures.badports.application.port.in.ThingQuery;
import io.celeris.archfixtures.badports.application.port.out.ThingStore;
import io.celeris.archfixtures.badrooms.adapter.cache.CacheStartsServer;
import io.celeris.archfixtures.badrooms.adapter.http.RoutesReadConfig;
import io.celeris.archfixtures.badrooms.adapter.http.RoutesStartSpans;
import io.celeris.archfixtures.badrooms.adapter.http.RoutesUseJdbc;
import io.celeris.archfixtures.badrooms.adapter.persistence.StoreUsesCaffeine;
import io.celeris.archfixtures.badrooms.application.ServiceReadsConfig;
import io.celeris.archfixtures.badrooms.bootstrap.MainReadsConfig;
import io.celeris.archfixtures.cycle.domain.customer.Customer;
import io.celeris.archfixtures.cycle.domain.order.Order;
import io.celeris.archfixtures.good.adapter.cache.CaffeineThingStore;
import io.celeris.archfixtures.stray.MisplacedRoutes;
import org.assertj.core.api.AbstractStringAssert;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A rule that cannot fail is a defect (STYLE.md): here every rule of {@link CelerisArchitecture} is run
 * on its own small fixture under {@code io.celeris.archfixtures}, which mirrors the real package layout
 * under another root, and must fail naming the offending class, and only for the intended reason.
 */
class CelerisArchitectureCanFailTest {

    private static final String FIXTURES = "io.celeris.archfixtures";
    private static final String GOOD = FIXTURES + ".good";
    private static final String BAD_LAYERS = FIXTURES + ".badlayers";
    private static final String STRAY = FIXTURES + ".stray";
    private static final String BAD_CORE = FIXTURES + ".badcore";
    private static final String BAD_ROOMS = FIXTURES + ".badrooms";
    private static final String BAD_PORTS = FIXTURES + ".badports";
    private static final String CYCLE = FIXTURES + ".cycle";
    private static final String BAD_ENTRY = FIXTURES + ".badentry";
    private static final String BAD_LOGGING = FIXTURES + ".badlogging";

    /** Fixtures are test classes: imported without the production import's options. */
    private static JavaClasses fixture(String... packages) {
        return new ClassFileImporter().importPackages(packages);
    }

    /** @return the failure message of the rule on the classes, to assert on */
    private static AbstractStringAssert<?> assertFails(ArchRule rule, JavaClasses classes) {
        return assertThatThrownBy(() -> rule.check(classes)).isInstanceOf(AssertionError.class).message();
    }

    /**
     * ArchUnit names a class in many shapes ({@code <a.Foo>}, {@code <a.Foo.bar()>}, {@code <a.Foo$1>});
     * the word boundary keeps {@code Invoice} from also matching {@code InvoiceTable}.
     */
    private static Pattern named(Class<?> type) {
        return Pattern.compile(Pattern.quote(type.getName()) + "\\b");
    }

    /**
     * The positive control: a complete little hexagon passes every rule, so the failures below come
     * from the wrong classes and not from rules too strict to pass at all.
     */
    @Test
    void goodHexagonObeysEveryRule() {
        var classes = fixture(GOOD);
        assertAll(CelerisArchitecture.all(GOOD).stream().map(rule -> () -> rule.check(classes)));
    }

    @Test
    void layersFailWhenTheDomainUsesAnAdapterOrAnAdapterUsesAnother() {
        assertFails(CelerisArchitecture.layers(BAD_LAYERS), fixture(BAD_LAYERS))
                .containsPattern(named(Invoice.class))
                .containsPattern(named(InvoiceTable.class))
                // Bootstrap may use every adapter; and every layer has classes, so the failure is
                // about the dependencies alone.
                .doesNotContainPattern(named(InvoiceMain.class))
                .doesNotContain("is empty");
    }

    /**
     * The good hexagon without its cache adapter, as a module with no classes yet would look: an
     * empty layer fails, because the rule deliberately does not declare optional layers.
     */
    @Test
    void layersFailWhenALayerIsEmpty() {
        var withoutCache = fixture(
                GOOD + ".domain", GOOD + ".application", GOOD + ".adapter.http",
                GOOD + ".adapter.persistence", GOOD + ".bootstrap");
        assertThat(withoutCache.contain(CaffeineThingStore.class)).as("precondition: no cache class").isFalse();

        assertFails(CelerisArchitecture.layers(GOOD), withoutCache)
                .contains("Layer 'Cache adapter' is empty")
                .contains("(1 times)");
    }

    @Test
    void layersFailWhenAClassIsInNoLayer() {
        assertFails(CelerisArchitecture.layers(GOOD), fixture(GOOD, STRAY))
                .containsPattern(named(MisplacedRoutes.class))
                .contains("(1 times)");
    }

    @Test
    void coreFailsWhenItUsesMoreThanTheJdk() {
        assertFails(CelerisArchitecture.coreDependsOnlyOnJdkAndCore(BAD_CORE), fixture(BAD_CORE))
                .containsPattern(named(UsesHelidon.class))
                .containsPattern(named(UsesDataSource.class))
                .doesNotContainPattern(named(PureJava.class));
    }

    @Test
    void webServerFailsOutsideHttpAdapterAndBootstrap() {
        assertFails(CelerisArchitecture.webServerOnlyInHttpAdapterAndBootstrap(BAD_ROOMS), fixture(BAD_ROOMS))
                .containsPattern(named(CacheStartsServer.class))
                .doesNotContainPattern(named(MainReadsConfig.class));
    }

    @Test
    void persistenceFrameworksFailOutsidePersistenceAdapter() {
        assertFails(CelerisArchitecture.persistenceFrameworksOnlyInPersistenceAdapter(BAD_ROOMS), fixture(BAD_ROOMS))
                .containsPattern(named(RoutesUseJdbc.class));
    }

    @Test
    void cacheFrameworksFailOutsideCacheAdapter() {
        assertFails(CelerisArchitecture.cacheFrameworksOnlyInCacheAdapter(BAD_ROOMS), fixture(BAD_ROOMS))
                .containsPattern(named(StoreUsesCaffeine.class));
    }

    @Test
    void tracingFailsOutsideStoreAdaptersAndBootstrap() {
        assertFails(CelerisArchitecture.tracingOnlyInStoreAdaptersAndBootstrap(BAD_ROOMS), fixture(BAD_ROOMS))
                .containsPattern(named(RoutesStartSpans.class));
    }

    @Test
    void configFailsOutsideBootstrap() {
        assertFails(CelerisArchitecture.configOnlyInBootstrap(BAD_ROOMS), fixture(BAD_ROOMS))
                .containsPattern(named(ServiceReadsConfig.class))
                .containsPattern(named(RoutesReadConfig.class))
                .doesNotContainPattern(named(MainReadsConfig.class));
    }

    /** The composite that the real code is checked with reports every room's offender. */
    @Test
    void frameworksStayInTheirRoomReportsEveryRoom() {
        assertFails(CelerisArchitecture.frameworksStayInTheirRoom(BAD_ROOMS), fixture(BAD_ROOMS))
                .containsPattern(named(CacheStartsServer.class))
                .containsPattern(named(RoutesUseJdbc.class))
                .containsPattern(named(StoreUsesCaffeine.class))
                .containsPattern(named(ServiceReadsConfig.class))
                .containsPattern(named(RoutesReadConfig.class))
                .containsPattern(named(RoutesStartSpans.class));
    }

    /** Records, enums and interfaces pass; a class fails, even when nested in a port interface. */
    @Test
    void portsFailWhenAPortIsAClass() {
        assertFails(CelerisArchitecture.portsAreInterfacesRecordsOrEnums(BAD_PORTS), fixture(BAD_PORTS))
                .containsPattern(named(ThingHandler.class))
                .containsPattern(named(ThingStore.InMemory.class))
                .doesNotContainPattern(named(ThingQuery.class))
                .doesNotContainPattern(named(Freshness.class))
                .doesNotContainPattern(named(LoadThingUseCase.class));
    }

    @Test
    void portsFailWhenInAndOutDependOnEachOther() {
        assertFails(CelerisArchitecture.portsInAndOutDoNotDependOnEachOther(BAD_PORTS), fixture(BAD_PORTS))
                .containsPattern(named(LoadThingUseCase.class))
                .containsPattern(named(ThingStore.class));
    }

    @Test
    void adaptersFailWhenTheyUseAServiceInsteadOfAPort() {
        assertFails(CelerisArchitecture.adaptersUseTheApplicationOnlyThroughItsPorts(BAD_ENTRY), fixture(BAD_ENTRY))
                .containsPattern(named(RoutesCallTheService.class))
                .containsPattern(named(StoreBuildsTheService.class))
                // A port and a settings record of the application package are fine; bootstrap wires services.
                .doesNotContainPattern(named(CacheUsesPortAndSettings.class))
                .doesNotContainPattern(named(WiresTheService.class));
    }

    /** With no adapter class to judge (a misspelled adapter package), the rule fails instead of passing vacuously. */
    @Test
    void adaptersRuleFailsWhenThereIsNoAdapter() {
        assertFails(CelerisArchitecture.adaptersUseTheApplicationOnlyThroughItsPorts(BAD_ENTRY),
                fixture(BAD_ENTRY + ".application", BAD_ENTRY + ".bootstrap"))
                .contains("failed to check any classes");
    }

    @Test
    void cyclesFail() {
        assertFails(CelerisArchitecture.noPackageCycles(CYCLE), fixture(CYCLE))
                .contains("Cycle detected")
                .containsPattern(named(Order.class))
                .containsPattern(named(Customer.class));
    }

    @Test
    void loggingFailsWhenItKnowsAnythingElseOfOurs() {
        assertFails(CelerisArchitecture.loggingIsSelfContained(BAD_LOGGING), fixture(BAD_LOGGING))
                .containsPattern(named(InvoiceLogHandler.class))
                .contains("InvoiceSettings")
                .contains("badlogging.domain.Invoice")
                .doesNotContainPattern(named(PlainLogHandler.class));
    }

    @Test
    void loggingFailsWhenThereIsNoLoggingPackage() {
        var withoutLogging = fixture(GOOD + ".domain", GOOD + ".adapter.cache");
        assertThat(withoutLogging.contain("io.celeris.archfixtures.good.bootstrap.logging.ThingLogHandler"))
                .as("precondition: no logging class").isFalse();

        assertFails(CelerisArchitecture.loggingIsSelfContained(GOOD), withoutLogging)
                .contains("failed to check any classes");
    }

    @Test
    void loggingFailsWhenItIsUsedPastItsDoor() {
        assertFails(CelerisArchitecture.loggingHasANarrowDoor(BAD_LOGGING), fixture(BAD_LOGGING))
                .containsPattern(named(InvoiceLogMain.class))
                .containsPattern(Pattern.compile("<" + Pattern.quote(InvoiceLogHandler.class.getName()) + "\\.<init>"))
                .doesNotContain("logging.Logging.configure");
    }
}
