package io.celeris.bootstrap.architecture;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static io.celeris.bootstrap.architecture.CelerisArchitecture.ROOT;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import io.celeris.archfixtures.good.domain.Thing;
import io.celeris.bootstrap.architecture.CelerisArchitecture.Layer;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The architecture rules, checked on the real production classes of every module. That each rule
 * can fail at all is shown by {@link CelerisArchitectureCanFailTest}.
 */
class CelerisArchitectureTest {

    private static JavaClasses celeris;

    @BeforeAll
    static void importCeleris() {
        celeris = CelerisArchitecture.productionClasses();
    }

    /**
     * Guards every rule below against passing vacuously: a misspelled root, an import option that
     * throws out too much, or a module missing from bootstrap's classpath would leave a layer empty.
     */
    @Test
    void importSeesClassesInEveryLayer() {
        var softly = new SoftAssertions();
        for (var layer : Layer.values()) {
            softly.assertThat(celeris.that(resideInAPackage(layer.packages(ROOT))))
                    .as("production classes in layer '%s' (%s)", layer.layerName(), layer.packages(ROOT))
                    .isNotEmpty();
        }
        softly.assertAll();
    }

    /**
     * The fixtures break the rules on purpose, and other modules' test jars hold test code: neither
     * may be judged as production code. Each class named here is on the classpath, so its absence
     * from the import is the import options at work, not a class that simply isn't there.
     */
    @Test
    void importLeavesOutTestClassesFixturesAndTestJars() {
        // Looked up as resources: loading it would need its superclass from application's test jar,
        // which is not on bootstrap's classpath.
        var fromPersistenceTestJar = "io.celeris.adapter.persistence.JdbcUserRepositoryContract";
        var fromPersistenceJar = "io.celeris.adapter.persistence.JdbcUserRepository";
        assertThat(onClasspath(fromPersistenceTestJar)).as("precondition: %s on the classpath", fromPersistenceTestJar)
                .isTrue();
        assertThat(onClasspath(fromPersistenceJar)).as("precondition: %s on the classpath", fromPersistenceJar)
                .isTrue();

        assertThat(celeris.that(resideInAPackage("io.celeris.archfixtures..")))
                .as("fixture classes in the production import")
                .isEmpty();
        assertThat(celeris.contain(Thing.class)).as("a fixture class is imported").isFalse();
        assertThat(celeris.contain(CelerisArchitectureTest.class)).as("this test is imported").isFalse();
        assertThat(celeris.contain(fromPersistenceTestJar)).as("a test-jar class is imported").isFalse();
        // ...while the same module's production jar still is.
        assertThat(celeris.contain(fromPersistenceJar)).as("a production jar class is imported").isTrue();
    }

    private static boolean onClasspath(String className) {
        var resource = className.replace('.', '/') + ".class";
        return CelerisArchitectureTest.class.getClassLoader().getResource(resource) != null;
    }

    @Test
    void layers() {
        CelerisArchitecture.layers(ROOT).check(celeris);
    }

    @Test
    void coreDependsOnlyOnJdkAndCore() {
        CelerisArchitecture.coreDependsOnlyOnJdkAndCore(ROOT).check(celeris);
    }

    @Test
    void frameworksStayInTheirRoom() {
        CelerisArchitecture.frameworksStayInTheirRoom(ROOT).check(celeris);
    }

    @Test
    void portsAreInterfacesRecordsOrEnums() {
        CelerisArchitecture.portsAreInterfacesRecordsOrEnums(ROOT).check(celeris);
    }

    @Test
    void portsInAndOutDoNotDependOnEachOther() {
        CelerisArchitecture.portsInAndOutDoNotDependOnEachOther(ROOT).check(celeris);
    }

    @Test
    void adaptersUseTheApplicationOnlyThroughItsPorts() {
        CelerisArchitecture.adaptersUseTheApplicationOnlyThroughItsPorts(ROOT).check(celeris);
    }

    @Test
    void noPackageCycles() {
        CelerisArchitecture.noPackageCycles(ROOT).check(celeris);
    }
}
