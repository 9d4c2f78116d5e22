package org.ebpftest.junit;

import static org.assertj.core.api.Assertions.assertThat;

import org.ebpftest.runtime.linux.LoadedObject;
import org.ebpftest.runtime.linux.buffers.SkbInput;
import org.ebpftest.runtime.linux.buffers.SkbLayout;
import org.ebpftest.runtime.skeleton.ProgramHandle;
import org.ebpftest.runtime.skeleton.Skeleton;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ParameterResolutionException;

/**
 * Fields and parameters of a skeleton's type receive a skeleton of the object it names. The skeleton
 * here has the shape the generator writes ({@link Skeleton}, {@link Skeleton.Of}, a public constructor
 * taking the loaded object), so the extension's side is tested without compiling generated code;
 * ebpf-test-skeleton and the example project test generated ones.
 */
class SkeletonInjectionTest {

    /** The shape of a generated skeleton of programs.o, with one program. */
    @Skeleton.Of("programs.o")
    public static final class ProgramsSkeleton implements Skeleton {
        private final LoadedObject object;
        private final ProgramHandle<SkbInput> tcMark;

        public ProgramsSkeleton(LoadedObject object) {
            this.object = object;
            this.tcMark = new ProgramHandle<>(object, "tc_mark");
        }

        @Override
        public LoadedObject object() {
            return object;
        }

        public ProgramHandle<SkbInput> tcMark() {
            return tcMark;
        }
    }

    /** Implements the interface but was not generated: no {@code @Skeleton.Of}. */
    public static final class HandWritten implements Skeleton {
        public HandWritten(LoadedObject object) {
        }

        @Override
        public LoadedObject object() {
            return null;
        }
    }

    @Test
    void aFieldOfASkeletonTypeReceivesTheSkeletonOfTheObjectItNames() {
        Fixtures.assertAllPass(FieldAndParameter.class, 1);
    }

    @Fixture
    @BpfObject("globals.o")
    @BpfObject("programs.o")
    static class FieldAndParameter {
        ProgramsSkeleton field;
        @Loaded(object = "programs.o") LoadedObject programs;

        @Test
        void test(ProgramsSkeleton parameter) {
            // the skeleton of programs.o, not globals.o, though the class loads both
            assertThat(field.object()).isSameAs(programs).isSameAs(parameter.object());
            // tc_mark sets mark = len + 1
            assertThat(field.tcMark().run(SkbInput.of(new byte[64])).contextField(SkbLayout.MARK)).isEqualTo(65);
        }
    }

    @Test
    void aSkeletonOfAnObjectTheClassDoesNotLoadSaysWhichToAdd() {
        Throwable failure = Fixtures.onlyFailure(OtherObject.class);
        assertThat(failure).isInstanceOf(ExtensionConfigurationException.class).hasMessage(
                "field [skeleton] in [SkeletonInjectionTest.OtherObject] is the skeleton of [programs.o], but "
                        + "[SkeletonInjectionTest.OtherObject] loads [globals.o]; add @BpfObject(\"programs.o\") to the class");
    }

    @Fixture
    @BpfObject("globals.o")
    static class OtherObject {
        ProgramsSkeleton skeleton;

        @Test
        void test() {
        }
    }

    @Test
    void aClassThatWasNotGeneratedIsRefusedWithTheReason() {
        Throwable failure = Fixtures.onlyFailure(NotGenerated.class);
        assertThat(failure).isInstanceOf(ParameterResolutionException.class).hasMessage(
                "parameter [0] of [test(SkeletonInjectionTest.HandWritten)] in [SkeletonInjectionTest.NotGenerated] is a Skeleton, but "
                        + "[SkeletonInjectionTest.HandWritten] has no @Skeleton.Of naming its object; use a class the skeleton generator wrote");
    }

    @Fixture
    @BpfObject("programs.o")
    static class NotGenerated {
        @Test
        void test(HandWritten skeleton) {
        }
    }
}
