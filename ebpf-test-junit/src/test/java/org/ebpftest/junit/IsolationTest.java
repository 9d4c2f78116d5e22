package org.ebpftest.junit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.ebpftest.junit.BpfObject.Lifecycle;
import org.ebpftest.runtime.linux.LoadedObject;
import org.ebpftest.runtime.linux.maps.TypedMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/** Which tests share a loaded object, and which get their own. */
class IsolationTest {
    private static final FlowKey KEY = new FlowKey(0, 0, (short) 1, (short) 0);

    /** The loaded objects fixtures saw, in the order they saw them; cleared before each fixture runs. */
    static final List<LoadedObject> SEEN = new CopyOnWriteArrayList<>();

    private static int distinct(List<LoadedObject> objects) {
        Set<LoadedObject> set = Collections.newSetFromMap(new IdentityHashMap<>());
        set.addAll(objects);
        return set.size();
    }

    /** Runs count twice on a fresh object: the first frame creates the flow, the second counts. */
    private static void countTwiceFromEmpty(BpfProgram count, TypedMap<FlowKey, Counters> flows) {
        assertThat(flows.size()).as("flows before the test").isZero();
        count.run(new byte[64]);
        count.run(new byte[64]);
        assertThat(flows.get(KEY)).contains(new Counters(1, 64));
    }

    @Test
    void everyTestMethodAndRepetitionLoadsItsOwnObject() {
        SEEN.clear();

        Fixtures.assertAllPass(PerMethod.class, 4);

        assertThat(distinct(SEEN)).isEqualTo(4);
    }

    @Fixture
    @BpfObject("maps.o")
    static class PerMethod {
        @ObjectProgram("count") BpfProgram count;
        @ObjectMap("flows") TypedMap<FlowKey, Counters> flows;

        @Test
        void first() {
            SEEN.add(count.object());
            countTwiceFromEmpty(count, flows);
        }

        @RepeatedTest(3)
        void repeated() {
            SEEN.add(count.object());
            countTwiceFromEmpty(count, flows);
        }
    }

    @Test
    void testsRunningInParallelEachHaveTheirOwnObject() {
        SEEN.clear();

        Fixtures.assertAllPass(Fixtures.run(InParallel.class, Map.of(
                "junit.jupiter.execution.parallel.enabled", "true",
                "junit.jupiter.execution.parallel.mode.default", "concurrent",
                "junit.jupiter.execution.parallel.config.strategy", "fixed",
                "junit.jupiter.execution.parallel.config.fixed.parallelism", "4")), 24);

        assertThat(distinct(SEEN)).isEqualTo(24);
    }

    @Fixture
    @BpfObject("maps.o")
    static class InParallel {
        @ObjectMap("flows") TypedMap<FlowKey, Counters> flows;

        @RepeatedTest(24)
        void test(@ObjectProgram("count") BpfProgram count) {
            SEEN.add(count.object());
            countTwiceFromEmpty(count, flows);
        }
    }

    @Test
    void beforeEachTestAndAfterEachShareTheTestsObject() {
        Fixtures.assertAllPass(AroundEach.class, 1);
    }

    @Fixture
    @BpfObject("maps.o")
    static class AroundEach {
        @ObjectMap("flows") TypedMap<FlowKey, Counters> flows;
        LoadedObject fromBeforeEach;

        @BeforeEach
        void putAFlow(LoadedObject object) {
            fromBeforeEach = object;
            flows.put(KEY, new Counters(10, 1000));
        }

        @Test
        void test(LoadedObject object, @ObjectProgram("count") BpfProgram count) {
            assertThat(object).isSameAs(fromBeforeEach);
            assertThat(flows.map()).isSameAs(object.map("flows"));
            count.run(new byte[64]);
            assertThat(flows.get(KEY)).contains(new Counters(11, 1064));
        }

        @AfterEach
        void sameObjectAfter(LoadedObject object) {
            assertThat(object).isSameAs(fromBeforeEach);
        }
    }

    @Test
    void aPerClassObjectKeepsItsMapsFromOneTestToTheNextAndReachesBeforeAll() {
        SEEN.clear();

        Fixtures.assertAllPass(PerClass.class, 2);

        assertThat(SEEN).hasSize(3);
        assertThat(distinct(SEEN)).isEqualTo(1);
    }

    @Fixture
    @BpfObject(value = "maps.o", lifecycle = Lifecycle.PER_CLASS)
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class PerClass {
        @ObjectProgram("count") BpfProgram count;
        @ObjectMap("flows") TypedMap<FlowKey, Counters> flows;

        @BeforeAll
        static void loadedOnceForTheClass(LoadedObject object) {
            SEEN.add(object);
        }

        @Test
        @Order(1)
        void createsTheFlow() {
            SEEN.add(count.object());
            count.run(new byte[64]);
            assertThat(flows.get(KEY)).contains(new Counters(0, 0));
        }

        @Test
        @Order(2)
        void findsTheFlowTheFirstTestCreated() {
            SEEN.add(count.object());
            count.run(new byte[64]);
            assertThat(flows.get(KEY)).contains(new Counters(1, 64));
        }
    }

    @Test
    void withOneTestInstancePerClassBeforeAllMethodsSeeSharedObjectsInFields() {
        Fixtures.assertAllPass(SharedInstance.class, 1);
    }

    @Fixture
    @BpfObject(value = "maps.o", lifecycle = Lifecycle.PER_CLASS)
    @BpfObject("programs.o")
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    static class SharedInstance {
        @ObjectMap(value = "flows", object = "maps.o") TypedMap<FlowKey, Counters> flows;
        @ObjectProgram(value = "xdp_len", object = "programs.o") BpfProgram perMethod;
        int flowsBeforeAll = -1;

        @BeforeAll
        void fieldsOfSharedObjectsAreSet() {
            flows.put(KEY, new Counters(1, 1));
            flowsBeforeAll = flows.size();
        }

        @Test
        void test() {
            assertThat(flowsBeforeAll).isEqualTo(1);
            assertThat(flows.get(KEY)).contains(new Counters(1, 1));
            assertThat(perMethod).isNotNull();
        }
    }

    @Test
    void nestedClassesSeeTheirEnclosingClassesObjectsAndInjectOuterFieldsWithTheSameInstance() {
        SEEN.clear();

        Fixtures.assertAllPass(Outer.class, 3);

        // the shared programs.o is one instance for the outer and the nested test; maps.o is per test
        assertThat(SEEN).hasSize(4);
        assertThat(distinct(List.of(SEEN.get(0), SEEN.get(2)))).isEqualTo(1);
        assertThat(distinct(List.of(SEEN.get(1), SEEN.get(3)))).isEqualTo(2);
    }

    @Fixture
    @BpfObject("maps.o")
    @BpfObject(value = "programs.o", lifecycle = Lifecycle.PER_CLASS)
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class Outer {
        @ObjectMap(value = "flows", object = "maps.o") TypedMap<FlowKey, Counters> outerFlows;
        @Loaded(object = "programs.o") LoadedObject programs;
        @Loaded(object = "maps.o") LoadedObject maps;

        @Test
        @Order(1)
        void outerTest() {
            SEEN.add(programs);
            SEEN.add(maps);
        }

        @Nested
        @BpfObject("globals.o")
        class Inner {
            @ObjectProgram(value = "count", object = "maps.o") BpfProgram count;
            @ObjectProgram(object = "globals.o") BpfProgram globals;

            @Test
            void innerTest() {
                SEEN.add(programs);
                SEEN.add(maps);
                assertThat(count.object()).isSameAs(maps);
                count.run(new byte[64]);
                assertThat(outerFlows.size()).isEqualTo(1);
            }

            @Test
            void innerClassDeclaresMoreObjects() {
                assertThat(globals.name()).isEqualTo("globals");
            }
        }
    }
}
