package org.ebpftest.junit;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.ebpftest.runtime.elf.ObjectSpec;
import org.ebpftest.runtime.isa.Assembler;
import org.ebpftest.runtime.linux.ContextType;
import org.ebpftest.runtime.linux.LinuxEmulator;
import org.ebpftest.runtime.linux.LinuxEnvironment;
import org.ebpftest.runtime.linux.LoadedObject;
import org.ebpftest.runtime.linux.RunResult;
import org.ebpftest.runtime.linux.VirtualClock;
import org.ebpftest.runtime.linux.buffers.SkbLayout;
import org.ebpftest.runtime.linux.buffers.XdpInput;
import org.ebpftest.runtime.linux.maps.BloomFilterMap;
import org.ebpftest.runtime.linux.maps.BpfMap;
import org.ebpftest.runtime.linux.maps.ReferenceMap;
import org.ebpftest.runtime.linux.maps.RingBufMap;
import org.ebpftest.runtime.linux.maps.TypedMap;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** What fields and parameters receive, and where objects are found. */
class InjectionTest {
    private static final int BPF_KTIME_GET_NS = 5;
    private static final int BPF_GET_PRANDOM_U32 = 7;

    @Test
    void fieldsReceiveTheObjectItsProgramsSpecEnvironmentAndClock() {
        Fixtures.assertAllPass(EveryKindOfField.class, 1);
    }

    @Fixture
    @BpfObject("programs.o")
    static class EveryKindOfField {
        @Loaded LoadedObject object;
        @Loaded ObjectSpec spec;
        @Loaded LinuxEnvironment environment;
        @Loaded VirtualClock clock;
        @ObjectProgram("tc_mark") BpfProgram tcMark;

        @Test
        void test() {
            assertThat(object.programNames()).containsExactly("xdp_len", "xdp_twice", "tc_mark", "socket_all");
            assertThat(spec).isSameAs(object.spec());
            assertThat(environment).isSameAs(object.environment());
            assertThat(clock).isSameAs(object.environment().clock());
            assertThat(tcMark.object()).isSameAs(object);
            assertThat(tcMark.name()).isEqualTo("tc_mark");
            assertThat(tcMark.contextType()).isEqualTo(ContextType.SCHED_CLS);
            // run(frame) builds an __sk_buff for a tc program; tc_mark sets mark = len + 1
            assertThat(tcMark.run(new byte[64]).contextField(SkbLayout.MARK)).isEqualTo(65);
        }
    }

    @Test
    void parametersAndConstructorsAreInjectedByTypeWithTheTestsOwnObject() {
        Fixtures.assertAllPass(ParametersByType.class, 1);
    }

    /** globals.o lies next to this class in the test resources, and has a single program. */
    @Fixture
    @BpfObject("globals.o")
    static class ParametersByType {
        private final BpfProgram fromConstructor;

        ParametersByType(BpfProgram program) {
            this.fromConstructor = program;
        }

        @Test
        void test(BpfProgram program, LoadedObject object, LinuxEnvironment environment, VirtualClock clock, ObjectSpec spec) {
            assertThat(program.name()).isEqualTo("globals");
            assertThat(program.object()).isSameAs(object).isSameAs(fromConstructor.object());
            assertThat(environment).isSameAs(object.environment());
            assertThat(clock).isSameAs(environment.clock());
            assertThat(spec.fileName()).isEqualTo("globals.o");
        }
    }

    @Test
    void mapsAreInjectedRawAndTypedFromTheirTypeArguments() {
        Fixtures.assertAllPass(MapViews.class, 1);
    }

    @Fixture
    @BpfObject("maps.o")
    static class MapViews {
        @ObjectMap("flows") BpfMap raw;
        @ObjectMap("flows") TypedMap<FlowKey, Counters> flows;

        @Test
        void test(@ObjectMap("pinned_lru") TypedMap<Integer, Integer> lru, @ObjectMap("sizes") TypedMap<Integer, byte[]> sizes) {
            flows.put(new FlowKey(1, 2, (short) 3, (short) 4), new Counters(5, 6));

            assertThat(raw.name()).isEqualTo("flows");
            assertThat(raw.size()).isEqualTo(1);
            assertThat(flows.map()).isSameAs(raw);
            assertThat(lru.map().name()).isEqualTo("pinned_lru");
            assertThat(sizes.getPerCpu(0).orElseThrow()).hasSize(4).allSatisfy(v -> assertThat(v).hasSize(8));
        }
    }

    @Test
    void mapsAreInjectedAsTheirOwnClassWithoutACast() {
        Fixtures.assertAllPass(MapClasses.class, 1);
    }

    @Fixture
    @BpfObject("maps.o")
    static class MapClasses {
        @ObjectMap("events") RingBufMap events;
        @ObjectMap("jumps") ReferenceMap jumps;

        @Test
        void test(@ObjectProgram("count") BpfProgram count, @ObjectMap("bloom") BloomFilterMap bloom, @ObjectMap("outer") ReferenceMap outer) {
            count.run(new byte[60]);
            count.run(new byte[60]);

            assertThat(events.drain()).hasSize(1);
            assertThat(jumps.reference(1)).containsInstanceOf(org.ebpftest.runtime.vm.Program.class);
            assertThat(bloom.mightContain(new byte[4])).isTrue();
            assertThat(outer.name()).isEqualTo("outer");
        }
    }

    @Test
    void globalDataIsAMapNamedAfterItsSection() {
        Fixtures.assertAllPass(GlobalData.class, 1);
    }

    @Fixture
    @BpfObject("globals.o")
    static class GlobalData {
        @Test
        void test(BpfProgram program, @ObjectMap(".bss") TypedMap<Integer, byte[]> bss) {
            program.run(new byte[64]);

            // .bss is struct stats totals (pkts, bytes) and then drops
            byte[] value = bss.get(0).orElseThrow();
            assertThat(value).hasSize(20);
            assertThat(value[0]).isEqualTo((byte) 1);
            assertThat(value[8]).isEqualTo((byte) 64);
        }
    }

    @Test
    void fileLocationsResolveAgainstTheWorkingDirectory() {
        Fixtures.assertAllPass(FromFile.class, 1);
    }

    @Fixture
    @BpfObject("file:../ebpf-test-runtime/src/test/resources/elf/programs.o")
    static class FromFile {
        @Test
        void test(@Loaded(object = "programs.o") ObjectSpec spec) {
            assertThat(spec.programs()).hasSize(4);
        }
    }

    @Test
    void bpfObjectComposesAsAMetaAnnotation() {
        Fixtures.assertAllPass(WithComposedAnnotation.class, 1);
    }

    @Target(ElementType.TYPE)
    @Retention(RetentionPolicy.RUNTIME)
    @BpfObject(value = "maps.o", name = "flow-counter")
    @interface FlowCounter {
    }

    @Target({ElementType.FIELD, ElementType.PARAMETER})
    @Retention(RetentionPolicy.RUNTIME)
    @ObjectProgram(value = "count", object = "flow-counter")
    @interface CountProgram {
    }

    @Fixture
    @FlowCounter
    @BpfObject("programs.o")
    static class WithComposedAnnotation {
        @CountProgram BpfProgram count;

        @Test
        void test(@Loaded(object = "flow-counter") LoadedObject counter) {
            assertThat(count.object()).isSameAs(counter);
            assertThat(count.name()).isEqualTo("count");
        }
    }

    @Test
    void randomSeedOnTheClassSeedsObjectsAndOnAMethodOverridesIt() {
        Fixtures.assertAllPass(Seeded.class, 2);
    }

    @Fixture
    @BpfObject("programs.o")
    @RandomSeed(42)
    static class Seeded {
        static long firstRandom(LinuxEnvironment environment) {
            org.ebpftest.runtime.vm.Program random = org.ebpftest.runtime.vm.Program.of("random", new Assembler().call(BPF_GET_PRANDOM_U32).exit().build());
            return LinuxEmulator.builder().environment(environment).build().run(random, ContextType.XDP, XdpInput.of(new byte[64])).returnValue();
        }

        @Test
        void classSeed(LinuxEnvironment environment) {
            assertThat(firstRandom(environment)).isEqualTo(firstRandom(new LinuxEnvironment().seedRandom(42)))
                    .isNotEqualTo(firstRandom(new LinuxEnvironment()));
        }

        @Test
        @RandomSeed(7)
        void methodSeed(LinuxEnvironment environment) {
            assertThat(firstRandom(environment)).isEqualTo(firstRandom(new LinuxEnvironment().seedRandom(7)));
        }
    }

    @Test
    void randomSeedOnAMethodReseedsASharedObjectBeforeThatMethod() {
        Fixtures.assertAllPass(SeededShared.class, 2);
    }

    @Fixture
    @BpfObject(value = "programs.o", lifecycle = BpfObject.Lifecycle.PER_CLASS)
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class SeededShared {
        @Test
        @Order(1)
        void drawsFromTheDefaultSeed(LinuxEnvironment environment) {
            assertThat(Seeded.firstRandom(environment)).isEqualTo(Seeded.firstRandom(new LinuxEnvironment()));
        }

        @Test
        @Order(2)
        @RandomSeed(7)
        void startsAgainFromItsOwnSeed(LinuxEnvironment environment) {
            assertThat(Seeded.firstRandom(environment)).isEqualTo(Seeded.firstRandom(new LinuxEnvironment().seedRandom(7)));
        }
    }

    @Test
    void theInjectedClockIsTheOneTheObjectsProgramsRead() {
        Fixtures.assertAllPass(Clocked.class, 1);
    }

    @Fixture
    @BpfObject("programs.o")
    static class Clocked {
        @Test
        void test(LoadedObject object, VirtualClock clock) {
            clock.setMonotonicNs(5_000_000_000L);

            org.ebpftest.runtime.vm.Program ktime = org.ebpftest.runtime.vm.Program.of("ktime", new Assembler().call(BPF_KTIME_GET_NS).exit().build());
            RunResult result = object.emulator().run(ktime, ContextType.XDP, XdpInput.of(new byte[64]));

            assertThat(result.returnValue()).isEqualTo(5_000_000_000L);
        }
    }
}
