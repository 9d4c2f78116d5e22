package org.ebpftest.junit.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ebpftest.junit.engine.Cases.OWN_FILES;
import static org.ebpftest.junit.engine.Cases.OWN_FIXTURES;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.FilterResult;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.EngineFilter;
import org.junit.platform.launcher.PostDiscoveryFilter;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * The engine among the others, asked as Surefire asks: Surefire first discovers each test class
 * alone, with one class selector, and keeps the classes whose plan contains tests; then it runs all
 * kept classes in one request of class selectors. It sends no other kind of selector.
 */
class SurefireStyleLaunchTest {
    /** A Jupiter test class of the module, in another package. */
    private static final String FIXTURE_RUN_TEST = "org.ebpftest.junit.FixtureRunTest";

    private static TestPlan plan(LauncherDiscoveryRequestBuilder request) {
        return LauncherFactory.create().discover(request.build());
    }

    private static TestPlan plan(DiscoverySelector... selectors) {
        return plan(LauncherDiscoveryRequestBuilder.request().selectors(selectors));
    }

    private static List<TestIdentifier> under(TestPlan plan, String engine) {
        TestIdentifier root = plan.getRoots().stream().filter(r -> r.getUniqueIdObject().getEngineId().orElseThrow().equals(engine))
                .findFirst().orElseThrow();
        return List.copyOf(plan.getDescendants(root));
    }

    @Test
    void eachTestClassOfTheModuleCarriesTheCaseFilesOfItsClassPathRoot() {
        TestPlan plan = plan(selectClass(SurefireStyleLaunchTest.class));

        assertThat(plan.containsTests()).isTrue();
        assertThat(under(plan, FixtureEngine.ID).stream().filter(TestIdentifier::isTest).map(TestIdentifier::getDisplayName))
                .isEqualTo(OWN_FIXTURES);
    }

    @Test
    void oneRequestWithEveryClassHasEachCaseOnce() {
        TestPlan plan = plan(selectClass(SurefireStyleLaunchTest.class), selectClass(FIXTURE_RUN_TEST), selectClass(Cases.class));

        assertThat(under(plan, FixtureEngine.ID).stream().filter(TestIdentifier::isTest).count()).isEqualTo(OWN_FIXTURES.size());
    }

    @Test
    void fileContainersLookLikeClassesToSurefireWhichFilesTestsUnderTheirParentsName() {
        TestPlan plan = plan(selectClass(SurefireStyleLaunchTest.class));

        List<TestIdentifier> files = under(plan, FixtureEngine.ID).stream().filter(TestIdentifier::isContainer).toList();
        assertThat(files).extracting(TestIdentifier::getDisplayName).isEqualTo(OWN_FILES);
        for (TestIdentifier file : files) {
            assertThat(file.getSource()).contains(ClassSource.from(file.getDisplayName()));
            assertThat(plan.getChildren(file)).allSatisfy(t -> assertThat(plan.getParent(t)).contains(file));
        }
    }

    /**
     * Surefire turns {@code -Dtest=...} into a post-discovery filter that judges a test by its
     * method source (class and method name) and keeps tests without one; this filter does the same
     * for a pattern naming one class.
     */
    private static PostDiscoveryFilter onlyClass(String className) {
        return descriptor -> descriptor.getSource().filter(MethodSource.class::isInstance).map(MethodSource.class::cast)
                .map(m -> FilterResult.includedIf(m.getClassName().equals(className)))
                .orElse(FilterResult.included("no method source"));
    }

    @Test
    void aSurefireTestFilterNamingAJavaClassLeavesTheCaseFilesOut() {
        TestPlan plan = plan(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(FIXTURE_RUN_TEST))
                .filters(onlyClass(FIXTURE_RUN_TEST)));

        assertThat(under(plan, FixtureEngine.ID)).isEmpty();
        assertThat(under(plan, "junit-jupiter").stream().filter(TestIdentifier::isTest)).isNotEmpty();
    }

    @Test
    void aSurefireTestFilterNamingACaseFileKeepsItsFixtures() {
        TestPlan plan = plan(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(FIXTURE_RUN_TEST))
                .filters(onlyClass("flows.count")));

        assertThat(under(plan, FixtureEngine.ID).stream().filter(TestIdentifier::isContainer).map(TestIdentifier::getDisplayName))
                .containsExactly("flows.count");
    }

    @Test
    void jupiterFindsTheSameTestsWithTheEngineAsWithout() {
        DiscoverySelector selector = selectClass(FIXTURE_RUN_TEST);

        List<String> with = under(plan(selector), "junit-jupiter").stream().map(TestIdentifier::getUniqueId).toList();
        List<String> without = under(plan(LauncherDiscoveryRequestBuilder.request().selectors(selector)
                .filters(EngineFilter.excludeEngines(FixtureEngine.ID))), "junit-jupiter").stream().map(TestIdentifier::getUniqueId).toList();

        assertThat(with).isNotEmpty().isEqualTo(without);
    }

    @Test
    void theConfigurationParameterLeavesClassRunsToTheirClasses() {
        TestPlan plan = plan(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(SurefireStyleLaunchTest.class))
                .configurationParameter(FixtureEngine.WITH_CLASSES, "false"));

        assertThat(under(plan, FixtureEngine.ID)).isEmpty();
        assertThat(under(plan, "junit-jupiter")).isNotEmpty();
    }
}
