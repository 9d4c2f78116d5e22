package org.ebpftest.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.ebpftest.junit.BpfObject.Lifecycle;
import org.ebpftest.runtime.elf.ObjectSpec;
import org.ebpftest.runtime.linux.LoadedObject;
import org.ebpftest.runtime.linux.maps.BpfMap;
import org.ebpftest.runtime.linux.maps.PerfEventArrayMap;
import org.ebpftest.runtime.linux.maps.RingBufMap;
import org.ebpftest.runtime.linux.maps.TypedMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ParameterResolutionException;

/** Configuration mistakes fail with a message naming the element, what was expected, what was found and the fix. */
class ConfigurationErrorsTest {
    private static final String PROGRAMS = "[xdp_len, xdp_twice, tc_mark, socket_all]";
    private static final String MAPS = "[inner_a, inner_b, outer, jumps, flows, sizes, pinned_lru, bloom, events, .rodata]";

    private static void assertFails(Class<?> fixture, Class<? extends Throwable> type, String message) {
        Throwable failure = Fixtures.onlyFailure(fixture);
        assertThat(failure).isInstanceOf(type).hasMessage(message);
    }

    // Objects

    @Test
    void aMissingClassPathObjectSaysWhereItWasLookedFor() {
        assertFails(MissingObject.class, ExtensionConfigurationException.class,
                "@BpfObject [missing.o] on [ConfigurationErrorsTest.MissingObject] not found on the class path: "
                        + "looked for [org/ebpftest/junit/missing.o] and [missing.o]; "
                        + "put the object in the test resources, or give a file with \"file:path/to/object.o\"");
    }

    @Fixture
    @BpfObject("missing.o")
    static class MissingObject {
        @Test
        void test() {
        }
    }

    @Test
    void aMissingFileSaysWhichFileWasMissingAndWhereRelativePathsStart() {
        Path absolute = Path.of("no/such/dir/fw.o").toAbsolutePath().normalize();

        assertFails(MissingFile.class, ExtensionConfigurationException.class,
                "@BpfObject [file:no/such/dir/fw.o] on [ConfigurationErrorsTest.MissingFile] not found: there is no file [" + absolute + "]; "
                        + "relative file paths resolve against the working directory");
    }

    @Fixture
    @BpfObject("file:no/such/dir/fw.o")
    static class MissingFile {
        @Test
        void test() {
        }
    }

    @Test
    void anInvalidObjectCarriesTheReadersMessage() throws IOException {
        byte[] bytes;
        try (InputStream in = getClass().getResourceAsStream("/not-an-object.o")) {
            bytes = in.readAllBytes();
        }
        String reason = catchThrowable(() -> ObjectSpec.parse("not-an-object.o", bytes)).getMessage();

        assertFails(NotAnObject.class, ExtensionConfigurationException.class,
                "@BpfObject [not-an-object.o] on [ConfigurationErrorsTest.NotAnObject] is not a valid eBPF object: " + reason);
        assertThat(reason).startsWith("not-an-object.o");
    }

    @Fixture
    @BpfObject("not-an-object.o")
    static class NotAnObject {
        @Test
        void test() {
        }
    }

    @Test
    void everyClassLoadingAnInvalidObjectIsToldSoInItsOwnName() {
        List<String> messages = Fixtures.failureMessages(Fixtures.runTogether(NotAnObject.class, AlsoNotAnObject.class));

        assertThat(messages).hasSize(2);
        assertThat(messages.get(0)).startsWith("@BpfObject [not-an-object.o] on [ConfigurationErrorsTest.NotAnObject] is not a valid eBPF object: ");
        String reason = messages.get(0).substring(messages.get(0).indexOf(": ") + 2);
        assertThat(messages.get(1)).isEqualTo("@BpfObject [not-an-object.o] on [ConfigurationErrorsTest.AlsoNotAnObject] is not a valid eBPF object: " + reason);
    }

    @Fixture
    @BpfObject("not-an-object.o")
    static class AlsoNotAnObject {
        @Test
        void test() {
        }
    }

    @Test
    void aMemoryBudgetTooSmallForTheMapsNamesEachMapAndItsSize() {
        Throwable failure = Fixtures.onlyFailure(TinyBudget.class);

        assertThat(failure).isInstanceOf(ExtensionConfigurationException.class);
        assertThat(failure.getMessage()).startsWith("@BpfObject [maps.o] on [ConfigurationErrorsTest.TinyBudget] cannot be loaded: ")
                .contains("the maps of maps.o need ").contains("more than its memory budget of 1 KiB: ")
                .contains("flows (hash, ").contains("events (ringbuf, 8 KiB)").endsWith("(ENOMEM)");
    }

    @Fixture
    @BpfObject(value = "maps.o", memoryBudget = "1KiB")
    static class TinyBudget {
        @ObjectMap("flows") BpfMap flows;

        @Test
        void test() {
        }
    }

    @Test
    void aMemoryBudgetThatIsNoSizeSaysHowToWriteOne() {
        assertFails(BadBudget.class, ExtensionConfigurationException.class,
                "@BpfObject [maps.o] on [ConfigurationErrorsTest.BadBudget]: memory budget \"12 apples\" is not a size; "
                        + "write bytes or a whole number of KiB, MiB or GiB, such as \"512MiB\"");
    }

    @Fixture
    @BpfObject(value = "maps.o", memoryBudget = "12 apples")
    static class BadBudget {
        @Test
        void test() {
        }
    }

    @Test
    void aMemoryBudgetTheMapsFitLoadsTheObject() {
        Fixtures.assertAllPass(RoomyBudget.class, 1);
    }

    @Fixture
    @BpfObject(value = "maps.o", memoryBudget = "64MiB")
    static class RoomyBudget {
        @ObjectMap("flows") BpfMap flows;

        @Test
        void test() {
            assertThat(flows.size()).isZero();
        }
    }

    @Test
    void aProgramLinuxsVerifierRefusesFailsTheLoadWithTheKernelsMessage() {
        Throwable failure = Fixtures.onlyFailure(RefusedByVerifier.class);

        assertThat(failure).isInstanceOf(ExtensionConfigurationException.class);
        assertThat(failure.getMessage()).startsWith("@BpfObject [unchecked_read.o] on [ConfigurationErrorsTest.RefusedByVerifier] cannot be "
                + "loaded: unchecked_read.o: program drop_udp_unchecked refused by the verifier: invalid access to packet, off=23 size=1")
                .contains("[unchecked_read.c:14");
    }

    @Fixture
    @BpfObject("unchecked_read.o")
    static class RefusedByVerifier {
        @ObjectProgram("drop_udp_checked") BpfProgram checked;

        @Test
        void test() {
        }
    }

    @Test
    void verifyFalseLoadsAProgramTheVerifierRefuses() {
        Fixtures.assertAllPass(NotVerified.class, 1);
    }

    @Fixture
    @BpfObject(value = "unchecked_read.o", verify = false)
    static class NotVerified {
        @ObjectProgram("drop_udp_unchecked") BpfProgram unchecked;

        @Test
        void test() {
            assertThat(unchecked).isNotNull();
        }
    }

    @Test
    void anEmptyLocationAsksForOne() {
        assertFails(EmptyLocation.class, ExtensionConfigurationException.class,
                "@BpfObject on [ConfigurationErrorsTest.EmptyLocation] names no object; "
                        + "give a class-path resource or a file, such as @BpfObject(\"xdp_fw.o\")");
    }

    @Fixture
    @BpfObject("")
    static class EmptyLocation {
        @Test
        void test() {
        }
    }

    @Test
    void twoObjectsWithOneNameAskForAnotherName() {
        assertFails(SameName.class, ExtensionConfigurationException.class,
                "@BpfObject [file:src/test/resources/programs.o] on [ConfigurationErrorsTest.SameName] has the name [programs.o] of "
                        + "@BpfObject [programs.o] on [ConfigurationErrorsTest.SameName]; give one of them another with name = \"...\"");
    }

    @Fixture
    @BpfObject("programs.o")
    @BpfObject("file:src/test/resources/programs.o")
    static class SameName {
        @Test
        void test() {
        }
    }

    // Fields

    @Test
    void aFinalFieldIsRefused() {
        assertFails(FinalField.class, ExtensionConfigurationException.class,
                "@ObjectMap field [counters] in [ConfigurationErrorsTest.FinalField] must not be final");
    }

    @Fixture
    @BpfObject("maps.o")
    static class FinalField {
        @ObjectMap("flows") final BpfMap counters = null;

        @Test
        void test() {
        }
    }

    @Test
    void aStaticFieldIsRefused() {
        assertFails(StaticField.class, ExtensionConfigurationException.class,
                "@ObjectProgram field [fw] in [ConfigurationErrorsTest.StaticField] must not be static; "
                        + "objects are loaded for each test (or each class), so inject them into instance fields");
    }

    @Fixture
    @BpfObject("programs.o")
    static class StaticField {
        @ObjectProgram("xdp_len") static BpfProgram fw;

        @Test
        void test() {
        }
    }

    @Test
    void aFieldOfTheWrongTypeSaysWhichTypesFit() {
        assertThat(Fixtures.failureMessages(WrongTypes.class)).containsExactly(
                "@ObjectProgram field [name] in [ConfigurationErrorsTest.WrongTypes] must be of type BpfProgram, but is [String]");
        assertThat(Fixtures.failureMessages(WrongMapType.class)).containsExactly(
                "@ObjectMap field [flows] in [ConfigurationErrorsTest.WrongMapType] must be of type BpfMap, a map class such as RingBufMap, or TypedMap, "
                        + "but is [Map<Integer, Long>]");
        assertThat(Fixtures.failureMessages(WrongLoadedType.class)).containsExactly(
                "@Loaded field [object] in [ConfigurationErrorsTest.WrongLoadedType] must be of type "
                        + "LoadedObject, LinuxEnvironment, VirtualClock or ObjectSpec, but is [Object]");
    }

    @Fixture
    @BpfObject("programs.o")
    static class WrongTypes {
        @ObjectProgram("xdp_len") String name;

        @Test
        void test() {
        }
    }

    @Fixture
    @BpfObject("maps.o")
    static class WrongMapType {
        @ObjectMap("flows") Map<Integer, Long> flows;

        @Test
        void test() {
        }
    }

    @Fixture
    @BpfObject("maps.o")
    static class WrongLoadedType {
        @Loaded Object object;

        @Test
        void test() {
        }
    }

    @Test
    void twoInjectionAnnotationsOnOneFieldAreRefused() {
        assertFails(TwoAnnotations.class, ExtensionConfigurationException.class,
                "field [count] in [ConfigurationErrorsTest.TwoAnnotations] has @ObjectProgram and @ObjectMap, which ask for different things; keep one of them");
    }

    @Fixture
    @BpfObject("maps.o")
    static class TwoAnnotations {
        @ObjectProgram("count") @ObjectMap("flows") BpfProgram count;

        @Test
        void test() {
        }
    }

    // Names

    @Test
    void anUnknownProgramListsThePrograms() {
        assertFails(UnknownProgram.class, ExtensionConfigurationException.class,
                "@ObjectProgram field [fw] in [ConfigurationErrorsTest.UnknownProgram] names program [xdp_fw], but [programs.o] has programs " + PROGRAMS);
    }

    @Fixture
    @BpfObject("programs.o")
    static class UnknownProgram {
        @ObjectProgram("xdp_fw") BpfProgram fw;

        @Test
        void test() {
        }
    }

    @Test
    void anUnknownMapListsTheMaps() {
        assertFails(UnknownMap.class, ExtensionConfigurationException.class,
                "@ObjectMap field [counters] in [ConfigurationErrorsTest.UnknownMap] names map [counters], but [maps.o] has maps " + MAPS);
    }

    @Fixture
    @BpfObject("maps.o")
    static class UnknownMap {
        @ObjectMap("counters") BpfMap counters;

        @Test
        void test() {
        }
    }

    @Test
    void anUnnamedProgramOfAnObjectWithSeveralListsThemAndHowToChoose() {
        assertThat(Fixtures.failureMessages(AmbiguousProgram.class)).containsExactly(
                "@ObjectProgram field [fw] in [ConfigurationErrorsTest.AmbiguousProgram] does not name a program, and [programs.o] has 4: "
                        + PROGRAMS + "; name one with @ObjectProgram(\"xdp_len\")");
        assertFails(AmbiguousProgramParameter.class, ParameterResolutionException.class,
                "parameter [0] of [test(BpfProgram)] in [ConfigurationErrorsTest.AmbiguousProgramParameter] does not name a program, "
                        + "and [programs.o] has 4: " + PROGRAMS + "; name one with @ObjectProgram(\"xdp_len\")");
    }

    @Fixture
    @BpfObject("programs.o")
    static class AmbiguousProgram {
        @ObjectProgram BpfProgram fw;

        @Test
        void test() {
        }
    }

    @Fixture
    @BpfObject("programs.o")
    static class AmbiguousProgramParameter {
        @Test
        void test(BpfProgram program) {
        }
    }

    @Test
    void withSeveralObjectsAnElementMustSayWhichAndNameAnExistingOne() {
        assertThat(Fixtures.failureMessages(WhichObject.class)).containsExactly(
                "@Loaded field [object] in [ConfigurationErrorsTest.WhichObject] does not say which object it wants, "
                        + "and [ConfigurationErrorsTest.WhichObject] loads [programs.o, maps.o]; name one with object = \"programs.o\"");
        assertThat(Fixtures.failureMessages(UnknownObject.class)).containsExactly(
                "@ObjectProgram field [fw] in [ConfigurationErrorsTest.UnknownObject] names object [fw.o], "
                        + "but [ConfigurationErrorsTest.UnknownObject] loads [programs.o, maps.o]");
    }

    @Fixture
    @BpfObject("programs.o")
    @BpfObject("maps.o")
    static class WhichObject {
        @Loaded LoadedObject object;

        @Test
        void test() {
        }
    }

    @Fixture
    @BpfObject("programs.o")
    @BpfObject("maps.o")
    static class UnknownObject {
        @ObjectProgram(value = "xdp_len", object = "fw.o") BpfProgram fw;

        @Test
        void test() {
        }
    }

    // Maps

    @Test
    void aMapParameterWithoutAnnotationAsksForTheName() {
        assertFails(UnnamedMap.class, ParameterResolutionException.class,
                "parameter [0] of [test(BpfMap)] in [ConfigurationErrorsTest.UnnamedMap] is a BpfMap but does not say which map; "
                        + "name it with @ObjectMap(\"...\"), one of " + MAPS);
    }

    @Fixture
    @BpfObject("maps.o")
    static class UnnamedMap {
        @Test
        void test(BpfMap map) {
        }
    }

    @Test
    void aMapClassThatIsNotTheMapsClassNamesBoth() {
        assertThat(Fixtures.failureMessages(WrongMapClass.class)).containsExactly(
                "@ObjectMap field [events] in [ConfigurationErrorsTest.WrongMapClass] is a RingBufMap, but map [flows] in [maps.o] "
                        + "is a hash map (HtabMap); declare it as BpfMap");
        assertFails(WrongMapClassParameter.class, ParameterResolutionException.class,
                "@ObjectMap parameter [0] of [test(PerfEventArrayMap)] in [ConfigurationErrorsTest.WrongMapClassParameter] is a PerfEventArrayMap, "
                        + "but map [jumps] in [maps.o] is a prog_array map (ReferenceMap); declare it as BpfMap or ReferenceMap");
    }

    @Fixture
    @BpfObject("maps.o")
    static class WrongMapClass {
        @ObjectMap("flows") RingBufMap events;

        @Test
        void test() {
        }
    }

    @Fixture
    @BpfObject("maps.o")
    static class WrongMapClassParameter {
        @Test
        void test(@ObjectMap("jumps") PerfEventArrayMap jumps) {
        }
    }

    @Test
    void aMapClassParameterWithoutAnnotationAsksForTheName() {
        assertFails(UnnamedRing.class, ParameterResolutionException.class,
                "parameter [0] of [test(RingBufMap)] in [ConfigurationErrorsTest.UnnamedRing] is a RingBufMap but does not say which map; "
                        + "name it with @ObjectMap(\"...\"), one of " + MAPS);
    }

    @Fixture
    @BpfObject("maps.o")
    static class UnnamedRing {
        @Test
        void test(RingBufMap events) {
        }
    }

    @Test
    void aTypedMapWhoseTypesDoNotFitTheMapSaysWhy() {
        assertThat(Fixtures.failureMessages(TypedMapOfWrongSize.class)).containsExactly(
                "@ObjectMap field [flows] in [ConfigurationErrorsTest.TypedMapOfWrongSize] has key type [Integer] of 4 bytes, "
                        + "but map [flows] in [maps.o] has 12-byte keys");
        assertThat(Fixtures.failureMessages(TypedMapWithoutCodec.class)).containsExactly(
                "@ObjectMap field [flows] in [ConfigurationErrorsTest.TypedMapWithoutCodec] has value type [String], which has no codec; "
                        + "use Byte, Short, Integer, Long, Inet4Address, byte[] or a record, or inject the BpfMap and call typed(keyCodec, valueCodec)");
        assertThat(Fixtures.failureMessages(RawTypedMap.class)).containsExactly(
                "@ObjectMap field [flows] in [ConfigurationErrorsTest.RawTypedMap] must give its key and value types, such as TypedMap<Integer, Long>");
    }

    @Fixture
    @BpfObject("maps.o")
    static class TypedMapOfWrongSize {
        @ObjectMap("flows") TypedMap<Integer, Long> flows;

        @Test
        void test() {
        }
    }

    @Fixture
    @BpfObject("maps.o")
    static class TypedMapWithoutCodec {
        @ObjectMap("flows") TypedMap<FlowKey, String> flows;

        @Test
        void test() {
        }
    }

    @Fixture
    @BpfObject("maps.o")
    @SuppressWarnings("rawtypes")
    static class RawTypedMap {
        @ObjectMap("flows") TypedMap flows;

        @Test
        void test() {
        }
    }

    // Lifecycle

    @Test
    void aPerMethodObjectCannotReachBeforeAll() {
        assertFails(PerMethodInBeforeAll.class, ParameterResolutionException.class,
                "parameter [0] of [setUp(LoadedObject)] in [ConfigurationErrorsTest.PerMethodInBeforeAll] wants [programs.o] outside a test method, "
                        + "but it is loaded for each test method; share one across the class with "
                        + "@BpfObject(value = \"programs.o\", lifecycle = PER_CLASS)");
    }

    @Fixture
    @BpfObject("programs.o")
    static class PerMethodInBeforeAll {
        @BeforeAll
        static void setUp(LoadedObject object) {
        }

        @Test
        void test() {
        }
    }

    @Test
    void anInjectionAnnotationWithoutAnyObjectAsksForBpfObject() {
        assertFails(NoObject.class, ExtensionConfigurationException.class,
                "@ObjectProgram field [fw] in [ConfigurationErrorsTest.NoObject] needs an object, but [ConfigurationErrorsTest.NoObject] declares none; "
                        + "add @BpfObject(\"...\") to the class");
    }

    @Fixture
    static class NoObject {
        @ObjectProgram BpfProgram fw;

        @Test
        void test() {
        }
    }

    @Test
    void aPerClassObjectIsFineInBeforeAll() {
        Fixtures.assertAllPass(PerClassInBeforeAll.class, 1);
    }

    @Fixture
    @BpfObject(value = "programs.o", lifecycle = Lifecycle.PER_CLASS)
    static class PerClassInBeforeAll {
        static LoadedObject fromBeforeAll;

        @BeforeAll
        static void setUp(LoadedObject object) {
            fromBeforeAll = object;
        }

        @Test
        void test(LoadedObject object) {
            assertThat(object).isSameAs(fromBeforeAll);
        }
    }
}
