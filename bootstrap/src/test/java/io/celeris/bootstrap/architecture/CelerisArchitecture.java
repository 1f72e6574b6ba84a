package io.celeris.bootstrap.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The architecture rules of Celeris (STYLE.md, "ArchUnit rules we want"), as plain {@link ArchRule}s.
 *
 * <p>Every rule is a factory taking the root package, so the very same rule objects run on the real
 * code ({@link #ROOT}) and on the deliberately wrong fixtures under {@code io.celeris.archfixtures},
 * which mirror the real package layout under their own root. A rule that is only ever seen passing
 * proves nothing; the fixtures show each one can fail.
 */
public final class CelerisArchitecture {

    /** Root package of the real code. */
    public static final String ROOT = "io.celeris";

    /** The layers of the hexagon, innermost first; the package is relative to the root. */
    public enum Layer {
        DOMAIN("Domain", ".domain.."),
        APPLICATION("Application", ".application.."),
        HTTP("HTTP adapter", ".adapter.http.."),
        PERSISTENCE("Persistence adapter", ".adapter.persistence.."),
        CACHE("Cache adapter", ".adapter.cache.."),
        BOOTSTRAP("Bootstrap", ".bootstrap..");

        private final String layerName;
        private final String relativePackage;

        Layer(String layerName, String relativePackage) {
            this.layerName = layerName;
            this.relativePackage = relativePackage;
        }

        /** @return the name ArchUnit reports, e.g. in "Layer 'Cache adapter' is empty" */
        public String layerName() {
            return layerName;
        }

        /**
         * @param root the root package, e.g. {@link #ROOT}
         * @return the ArchUnit package identifier of this layer under that root
         */
        public String packages(String root) {
            return root + relativePackage;
        }
    }

    // Test jars of other modules (adapters-persistence-tests.jar) sit on bootstrap's test classpath
    // as jars, so DoNotIncludeTests, which only knows target/test-classes and friends, lets them in.
    private static final Pattern TEST_JAR = Pattern.compile(".*-tests\\.jar!/.*");

    private CelerisArchitecture() {
    }

    /**
     * Imports every production class of Celeris: the classes of all modules under {@link #ROOT}, but
     * neither this module's test classes (which hold the fixtures) nor the test jars of other modules.
     * Jars cannot be excluded wholesale: on bootstrap's classpath the other modules ARE jars.
     *
     * @return the classes the rules judge
     */
    public static JavaClasses productionClasses() {
        return new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> !location.matches(TEST_JAR))
                .importPackages(ROOT);
    }

    /**
     * @param root the root package
     * @return every rule, in the order of STYLE.md
     */
    public static List<ArchRule> all(String root) {
        return List.of(
                layers(root),
                coreDependsOnlyOnJdkAndCore(root),
                frameworksStayInTheirRoom(root),
                portsAreInterfacesRecordsOrEnums(root),
                portsInAndOutDoNotDependOnEachOther(root),
                adaptersUseTheApplicationOnlyThroughItsPorts(root),
                noPackageCycles(root),
                loggingIsSelfContained(root),
                loggingHasANarrowDoor(root));
    }

    /**
     * Rule 1: domain &lt;- application &lt;- adapters &lt;- bootstrap, adapters isolated from each other,
     * every class in some layer.
     *
     * <p>Deliberately no {@code withOptionalLayers(true)}: ArchUnit then fails on an empty layer, so a
     * misspelled package or a module whose classes are missing cannot make the rule pass vacuously.
     *
     * @param root the root package
     * @return the rule
     */
    public static ArchRule layers(String root) {
        var domain = Layer.DOMAIN.layerName();
        var application = Layer.APPLICATION.layerName();
        var http = Layer.HTTP.layerName();
        var persistence = Layer.PERSISTENCE.layerName();
        var cache = Layer.CACHE.layerName();
        var bootstrap = Layer.BOOTSTRAP.layerName();
        // Only dependencies between our own layers matter here; what the layers may use from
        // outside (JDK, frameworks) is the business of the core and framework rules below.
        return layeredArchitecture()
                .consideringOnlyDependenciesInLayers()
                .layer(domain).definedBy(Layer.DOMAIN.packages(root))
                .layer(application).definedBy(Layer.APPLICATION.packages(root))
                .layer(http).definedBy(Layer.HTTP.packages(root))
                .layer(persistence).definedBy(Layer.PERSISTENCE.packages(root))
                .layer(cache).definedBy(Layer.CACHE.packages(root))
                .layer(bootstrap).definedBy(Layer.BOOTSTRAP.packages(root))
                .whereLayer(bootstrap).mayNotBeAccessedByAnyLayer()
                // Each adapter is reached only through bootstrap's wiring, never by another adapter.
                .whereLayer(http).mayOnlyBeAccessedByLayers(bootstrap)
                .whereLayer(persistence).mayOnlyBeAccessedByLayers(bootstrap)
                .whereLayer(cache).mayOnlyBeAccessedByLayers(bootstrap)
                .whereLayer(application).mayOnlyBeAccessedByLayers(http, persistence, cache, bootstrap)
                // Page, Cursor, User...: both sides of the hexagon speak the domain.
                .whereLayer(domain).mayOnlyBeAccessedByLayers(application, http, persistence, cache, bootstrap)
                // A class outside every layer (say io.celeris.adaptor.http) would escape all of the above.
                .ensureAllClassesAreContainedInArchitecture();
    }

    /**
     * Rule 2: the core (domain, application) uses nothing but the JDK and itself.
     *
     * @param root the root package
     * @return the rule
     */
    public static ArchRule coreDependsOnlyOnJdkAndCore(String root) {
        var domain = Layer.DOMAIN.packages(root);
        var application = Layer.APPLICATION.packages(root);
        // java.. includes java.sql; the framework rule keeps JDBC in the persistence adapter.
        return classes().that().resideInAnyPackage(domain, application)
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", domain, application)
                .because("the core gets typed settings, a Clock and ports; it knows no framework");
    }

    /**
     * Rule 3: each framework is used only in the module built around it. The four parts are public
     * so a test can show each of them failing on its own.
     *
     * @param root the root package
     * @return the rule
     */
    public static ArchRule frameworksStayInTheirRoom(String root) {
        return CompositeArchRule.of(webServerOnlyInHttpAdapterAndBootstrap(root))
                .and(persistenceFrameworksOnlyInPersistenceAdapter(root))
                .and(cacheFrameworksOnlyInCacheAdapter(root))
                .and(configOnlyInBootstrap(root))
                .and(tracingOnlyInStoreAdaptersAndBootstrap(root))
                // The five generated descriptions run into one unreadable sentence; the parts'
                // reasons still follow each violation.
                .as("frameworks stay in their room: WebServer in HTTP adapter and bootstrap, "
                        + "DB Client/HikariCP/JDBC/Flyway in persistence adapter, Caffeine/Lettuce in cache adapter, "
                        + "Helidon Config in bootstrap, OpenTelemetry in bootstrap and the cache and persistence adapters");
    }

    /**
     * @param root the root package
     * @return Helidon WebServer only in the HTTP adapter and bootstrap (which starts the server)
     */
    public static ArchRule webServerOnlyInHttpAdapterAndBootstrap(String root) {
        return noClasses().that().resideOutsideOfPackages(Layer.HTTP.packages(root), Layer.BOOTSTRAP.packages(root))
                .should().dependOnClassesThat().resideInAnyPackage("io.helidon.webserver..")
                .because("HTTP is the HTTP adapter's business; bootstrap only starts the server");
    }

    /**
     * @param root the root package
     * @return DB Client, HikariCP, JDBC, Flyway only in the persistence adapter
     */
    public static ArchRule persistenceFrameworksOnlyInPersistenceAdapter(String root) {
        return noClasses().that().resideOutsideOfPackage(Layer.PERSISTENCE.packages(root))
                .should().dependOnClassesThat().resideInAnyPackage(
                        "io.helidon.dbclient..", "com.zaxxer..", "java.sql..", "javax.sql..", "org.flywaydb..")
                .because("the persistence adapter hides the database behind UserRepository and one factory");
    }

    /**
     * @param root the root package
     * @return Caffeine and Lettuce only in the cache adapter
     */
    public static ArchRule cacheFrameworksOnlyInCacheAdapter(String root) {
        return noClasses().that().resideOutsideOfPackage(Layer.CACHE.packages(root))
                .should().dependOnClassesThat().resideInAnyPackage("com.github.benmanes..", "io.lettuce..")
                .because("the cache adapter hides Caffeine and Redis behind CachePort");
    }

    /**
     * @param root the root package
     * @return OpenTelemetry (and Helidon's tracing) only in bootstrap, which makes the request's server span, and
     *         in the cache and persistence adapters, which make the spans of what they do behind their ports
     */
    public static ArchRule tracingOnlyInStoreAdaptersAndBootstrap(String root) {
        return noClasses().that().resideOutsideOfPackages(Layer.CACHE.packages(root), Layer.PERSISTENCE.packages(root),
                        Layer.BOOTSTRAP.packages(root))
                .should().dependOnClassesThat().resideInAnyPackage("io.opentelemetry..", "io.helidon.tracing..")
                .because("the core knows no tracing; a span is made where the work it measures is done");
    }

    /**
     * @param root the root package
     * @return Helidon Config only in bootstrap: never in the core, and adapters get typed settings
     */
    public static ArchRule configOnlyInBootstrap(String root) {
        return noClasses().that().resideOutsideOfPackage(Layer.BOOTSTRAP.packages(root))
                .should().dependOnClassesThat().resideInAnyPackage("io.helidon.config..", "io.helidon.common.config..")
                .because("only bootstrap reads config; everything else gets typed settings records");
    }

    /**
     * Rule 4a: ports are contracts and the values they exchange. Enums are allowed next to interfaces
     * and records because a port may need a closed set of constants, e.g. {@code CacheOutcome}.
     *
     * <p>Anonymous classes are not judged: they are expressions inside a port's static or default
     * methods, like the null object of {@code CachePort.none()}, no more a declared type of the port
     * package than a lambda would be. (javac's synthetic switch-map classes are anonymous too.) Every
     * declared type, top-level or nested, must still be an interface, a record or an enum.
     *
     * @param root the root package
     * @return the rule
     */
    public static ArchRule portsAreInterfacesRecordsOrEnums(String root) {
        return classes().that().resideInAPackage(root + ".application.port..").and().areNotAnonymousClasses()
                .should().beInterfaces().orShould().beRecords().orShould().beEnums()
                .because("behaviour lives in services and adapters, a port only describes it");
    }

    /**
     * Rule 4b: the two sides of the hexagon meet only in the services. Two rules rather than a slice
     * rule, so that either package being empty (misspelled) fails instead of passing unnoticed.
     *
     * @param root the root package
     * @return the rule
     */
    public static ArchRule portsInAndOutDoNotDependOnEachOther(String root) {
        var in = root + ".application.port.in..";
        var out = root + ".application.port.out..";
        return CompositeArchRule.of(noClasses().that().resideInAPackage(in)
                        .should().dependOnClassesThat().resideInAPackage(out))
                .and(noClasses().that().resideInAPackage(out)
                        .should().dependOnClassesThat().resideInAPackage(in))
                .because("driving and driven ports change for different reasons");
    }

    /**
     * Rule 4c: adapters reach the application through its ports (and the plain values of its own
     * package, such as settings records and its exceptions), never through a service: a service is
     * bootstrap's to build and wire. Written as "only these" rather than "not the services", so a new or
     * misspelled application package is refused too, and it fails when no adapter class is there at all.
     *
     * @param root the root package
     * @return the rule
     */
    public static ArchRule adaptersUseTheApplicationOnlyThroughItsPorts(String root) {
        var application = root + ".application";
        return noClasses().that().resideInAnyPackage(
                        Layer.HTTP.packages(root), Layer.PERSISTENCE.packages(root), Layer.CACHE.packages(root))
                .should().dependOnClassesThat(resideInAPackage(application + "..")
                        .and(not(resideInAnyPackage(application + ".port..", application))))
                .as("adapters use the application only through " + application + ".port.. and " + application)
                .because("a use case's implementation is the core's business; adapters know its port");
    }

    /**
     * Rule 5: no cycles between packages. Every package is its own slice: cycles between modules are
     * already impossible under {@link #layers(String)} (any edge back is a layer violation), so this
     * rule adds what the layers cannot see, cycles inside a module, e.g. domain.user and domain.paging.
     *
     * @param root the root package
     * @return the rule
     */
    public static ArchRule noPackageCycles(String root) {
        return slices().matching(root + ".(**)").should().beFreeOfCycles();
    }

    /**
     * Rule 6: logging is infrastructure with a narrow door. The package depends on the JDK, Helidon and
     * itself, on nothing else of ours: bootstrap uses it (its {@code Logging} door, its settings records,
     * its handlers by name in logging.properties), it uses nothing of bootstrap, of the adapters or of the
     * core. An empty logging package fails too (ArchUnit's "failOnEmptyShould"), so a renamed package
     * cannot make the rule pass vacuously.
     *
     * @param root the root package
     * @return the rule
     */
    public static ArchRule loggingIsSelfContained(String root) {
        var logging = root + ".bootstrap.logging..";
        return classes().that().resideInAPackage(logging)
                .should().onlyDependOnClassesThat(JavaClass.Predicates.resideOutsideOfPackage(root + "..")
                        .or(JavaClass.Predicates.resideInAPackage(logging)))
                .because("logging is a self-contained package: it knows nothing of the service it logs for");
    }

    /**
     * Rule 7: the rest of the service goes through the logging package's door: {@code Logging} (configure once,
     * read the handlers' counters), {@code ShutdownSafeLogging} (the shutdown order), and the records they
     * take and give. Handlers, sinks and formatters are JUL's business: logging.properties names them.
     *
     * @param root the root package
     * @return the rule
     */
    public static ArchRule loggingHasANarrowDoor(String root) {
        var logging = root + ".bootstrap.logging..";
        DescribedPredicate<JavaClass> door = JavaClass.Predicates.simpleName("Logging")
                .or(JavaClass.Predicates.simpleName("ShutdownSafeLogging"))
                .or(JavaClass.Predicates.assignableTo(Record.class));
        return noClasses().that().resideOutsideOfPackage(logging)
                .should().dependOnClassesThat(JavaClass.Predicates.resideInAPackage(logging)
                        .and(DescribedPredicate.not(door)))
                .because("logging is used through its door: Logging, ShutdownSafeLogging and their records");
    }
}
