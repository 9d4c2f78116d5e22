package org.ebpftest.junit;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.ebpftest.junit.BpfObject.Lifecycle;
import org.ebpftest.runtime.linux.LoadedObject;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link SetGlobal} sets global variables before an object loads; globals.o drops frames longer
 * than its {@code const volatile __u32 threshold} (100 as compiled).
 */
class SetGlobalTest {
    private static final int XDP_DROP = 1;
    private static final int XDP_PASS = 2;
    private static final byte[] FRAME_60 = new byte[60];

    private static long variable(LoadedObject object, String section, String name) {
        return object.value(section, new byte[4]).orElseThrow().field(name).asLong();
    }

    @Test
    void classAndMethodSettingsApplyInOrderAndEachTestLoadsAfresh() {
        Fixtures.assertAllPass(Settings.class, 4);
    }

    @Fixture
    @BpfObject("globals.o")
    @SetGlobal(name = "threshold", value = "50")
    @SetGlobal(name = "verbose", value = "0")
    static class Settings {
        @Test
        void theClassSettingsHold(BpfProgram program, LoadedObject object) {
            assertThat(program.run(FRAME_60).retval()).isEqualTo(XDP_DROP);
            assertThat(variable(object, ".data", "verbose")).isZero();
            assertThat(object.map(".rodata").isFrozen()).isTrue();
        }

        @Test
        @SetGlobal(name = "threshold", value = "0x40")
        @SetGlobal(name = "label", bytes = "636f726500000000")
        @SetGlobal(section = ".data.extra", offset = 4, bytes = "05000000")
        void aMethodSettingComesAfterTheClasss(BpfProgram program, LoadedObject object) {
            assertThat(program.run(FRAME_60).retval()).isEqualTo(XDP_PASS);
            assertThat(variable(object, ".rodata", "threshold")).isEqualTo(64);
            assertThat(object.value(".rodata", new byte[4]).orElseThrow().field("label").toString()).isEqualTo("\"core\"");
            assertThat(variable(object, ".data.extra", "extra_b")).isEqualTo(5);
            assertThat(variable(object, ".data", "verbose")).isZero();
        }

        @ParameterizedTest
        @ValueSource(ints = {1, 2})
        @SetGlobal(name = "drops", value = "4294967295")
        void everyInvocationStartsFromTheSettings(int run, BpfProgram program, LoadedObject object) {
            program.run(FRAME_60);
            assertThat(variable(object, ".bss", "drops")).isZero();   // 0xffffffff + 1 wrapped
        }
    }

    @Test
    void aSharedObjectTakesTheSettingsOfItsClassAndAComposedAnnotationCarriesThem() {
        Fixtures.assertAllPass(SharedSettings.class, 2);
    }

    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.TYPE)
    @BpfObject(value = "globals.o", lifecycle = Lifecycle.PER_CLASS)
    @SetGlobal(name = "threshold", value = "10")
    @interface StrictGlobals {
    }

    @Fixture
    @StrictGlobals
    static class SharedSettings {
        @Test
        void first(BpfProgram program) {
            assertThat(program.run(FRAME_60).retval()).isEqualTo(XDP_DROP);
        }

        @Nested
        class Inner {
            @Test
            void seesTheSameObject(LoadedObject object) {
                assertThat(variable(object, ".rodata", "threshold")).isEqualTo(10);
            }
        }
    }

    @Test
    void settingsNameTheObjectWhenTheClassLoadsSeveral() {
        Fixtures.assertAllPass(SeveralObjects.class, 1);
    }

    @Fixture
    @BpfObject("globals.o")
    @BpfObject(value = "globals.o", name = "strict")
    @SetGlobal(name = "threshold", value = "50", object = "strict")
    static class SeveralObjects {
        @Test
        void onlyTheNamedObjectChanges(@Loaded(object = "globals.o") LoadedObject plain, @Loaded(object = "strict") LoadedObject strict) {
            assertThat(variable(plain, ".rodata", "threshold")).isEqualTo(100);
            assertThat(variable(strict, ".rodata", "threshold")).isEqualTo(50);
        }
    }

    // ---- mistakes

    @Test
    void anUnknownVariableListsTheVariables() {
        assertThat(Fixtures.failureMessages(UnknownVariable.class)).containsExactly(
                "@SetGlobal [treshold] on [test()] in [SetGlobalTest.UnknownVariable]: [globals.o] has no global variable [treshold]; "
                        + "its variables are .data: verbose, limit_hi; .rodata: threshold, label, globals.____fmt; "
                        + ".data.extra: extra_a, extra_b; .rodata.cfg: ports; .bss: totals, drops");
    }

    @Fixture
    @BpfObject("globals.o")
    static class UnknownVariable {
        @Test
        @SetGlobal(name = "treshold", value = "50")
        void test() {
        }
    }

    @Test
    void aValueMustFitTheVariable() {
        assertThat(Fixtures.failureMessages(ValueOutOfRange.class)).containsExactly(
                "@SetGlobal [threshold] on [SetGlobalTest.ValueOutOfRange]: global variable [threshold] in [.rodata] of [globals.o] "
                        + "is a 4-byte unsigned integer (const volatile __u32), which cannot hold -1; it takes 0 to 4294967295");
        assertThat(Fixtures.failureMessages(NotANumber.class)).containsExactly(
                "@SetGlobal [threshold] on [test()] in [SetGlobalTest.NotANumber] has value [fifty], which is not a number; "
                        + "write it in decimal or as 0x...");
        assertThat(Fixtures.failureMessages(WrongSize.class)).containsExactly(
                "@SetGlobal [label] on [test()] in [SetGlobalTest.WrongSize]: global variable [label] in [.rodata] of [globals.o] "
                        + "is 8 bytes (const volatile char[8]), but 4 bytes were given");
    }

    @Fixture
    @BpfObject("globals.o")
    @SetGlobal(name = "threshold", value = "-1")
    static class ValueOutOfRange {
        @Test
        void test() {
        }
    }

    @Fixture
    @BpfObject("globals.o")
    static class NotANumber {
        @Test
        @SetGlobal(name = "threshold", value = "fifty")
        void test() {
        }
    }

    @Fixture
    @BpfObject("globals.o")
    static class WrongSize {
        @Test
        @SetGlobal(name = "label", bytes = "636f7265")
        void test() {
        }
    }

    @Test
    void aSettingSaysWhatItLacks() {
        assertThat(Fixtures.failureMessages(NeitherValueNorBytes.class)).containsExactly(
                "@SetGlobal [threshold] on [test()] in [SetGlobalTest.NeitherValueNorBytes] needs value = \"...\" (a number) or bytes = \"...\" (hex)");
        assertThat(Fixtures.failureMessages(NoVariable.class)).containsExactly(
                "@SetGlobal [+-1] on [test()] in [SetGlobalTest.NoVariable] needs name = \"...\" (a variable's BTF name), "
                        + "or section = \"...\" with offset = ...");
        assertThat(Fixtures.failureMessages(SectionWithValue.class)).containsExactly(
                "@SetGlobal [.rodata+0] on [test()] in [SetGlobalTest.SectionWithValue] writes into a section, which takes bytes = \"...\" (hex), not value");
        assertThat(Fixtures.failureMessages(SectionPastTheEnd.class)).containsExactly(
                "@SetGlobal [.rodata+24] on [test()] in [SetGlobalTest.SectionPastTheEnd]: 4 bytes at offset 24 do not fit section [.rodata] "
                        + "of [globals.o], which is 26 bytes");
    }

    @Fixture
    @BpfObject("globals.o")
    static class NeitherValueNorBytes {
        @Test
        @SetGlobal(name = "threshold")
        void test() {
        }
    }

    @Fixture
    @BpfObject("globals.o")
    static class NoVariable {
        @Test
        @SetGlobal(value = "1")
        void test() {
        }
    }

    @Fixture
    @BpfObject("globals.o")
    static class SectionWithValue {
        @Test
        @SetGlobal(section = ".rodata", offset = 0, value = "1")
        void test() {
        }
    }

    @Fixture
    @BpfObject("globals.o")
    static class SectionPastTheEnd {
        @Test
        @SetGlobal(section = ".rodata", offset = 24, bytes = "01000000")
        void test() {
        }
    }

    @Test
    void aSharedObjectCannotTakeASettingOfOneTest() {
        assertThat(Fixtures.failureMessages(SharedWithMethodSetting.class)).containsExactly(
                "@SetGlobal [threshold] on [test()] in [SetGlobalTest.SharedWithMethodSetting] cannot change [globals.o], which is loaded once "
                        + "for [SetGlobalTest.SharedWithMethodSetting] (lifecycle = PER_CLASS) before this test; "
                        + "put it on [SetGlobalTest.SharedWithMethodSetting], or load the object for each test");
    }

    @Fixture
    @BpfObject(value = "globals.o", lifecycle = Lifecycle.PER_CLASS)
    static class SharedWithMethodSetting {
        @Test
        @SetGlobal(name = "threshold", value = "5")
        void test() {
        }
    }

    @Test
    void aSettingMustSayWhichOfSeveralObjects() {
        assertThat(Fixtures.failureMessages(WhichObject.class)).containsExactly(
                "@SetGlobal [threshold] on [SetGlobalTest.WhichObject] does not say which object it sets, and [SetGlobalTest.WhichObject] "
                        + "loads [globals.o, programs.o]; name one with object = \"globals.o\"");
    }

    @Fixture
    @BpfObject("globals.o")
    @BpfObject("programs.o")
    @SetGlobal(name = "threshold", value = "5")
    static class WhichObject {
        @Test
        void test() {
        }
    }
}
