package org.ebpftest.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.ebpftest.junit.BpfObject.Lifecycle;
import org.ebpftest.runtime.linux.LinuxEnvironment;
import org.ebpftest.runtime.linux.LoadedObject;
import org.ebpftest.runtime.linux.buffers.SkbInput;
import org.ebpftest.runtime.linux.helpers.AsyncCallbacks;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The extension closes the objects it loaded when their test (or, for {@link Lifecycle#PER_CLASS},
 * their class) is done, as a test process closes its descriptors: timers a test armed never fire
 * afterwards, and an object kept past its scope fails on use naming itself.
 */
class ObjectClosingTest {
    /** What a fixture saw of its object, cleared before each fixture runs. */
    record Seen(LoadedObject object, LinuxEnvironment environment, AsyncCallbacks timers, boolean closedDuringTest) {
    }

    static final List<Seen> SEEN = new CopyOnWriteArrayList<>();

    private static void arm(LoadedObject object) {
        // timers.c's arm starts two timers 1 ns ahead; they fire only when the clock moves
        assertThat(object.run("arm", SkbInput.of(new byte[64])).retval()).isZero();
        SEEN.add(new Seen(object, object.environment(), object.asyncCallbacks(), object.isClosed()));
    }

    @Test
    void anObjectLoadedForATestIsClosedWhenTheTestEndsAndItsTimersNeverFire() {
        SEEN.clear();

        Fixtures.assertAllPass(PerMethod.class, 1);

        Seen seen = SEEN.get(0);
        assertThat(seen.closedDuringTest()).isFalse();
        assertThat(seen.object().isClosed()).isTrue();
        assertThat(seen.timers().armedTimers()).isZero();
        // a callback of a closed object would fail to run: advancing the clock must fire nothing
        seen.environment().clock().advanceNs(1_000_000_000L);
        assertThatThrownBy(() -> seen.object().map("timers")).isInstanceOf(IllegalStateException.class)
                .hasMessage("object timers.o is closed");
    }

    @Fixture
    @BpfObject("timers.o")
    static class PerMethod {
        @Test
        void armsTimers(LoadedObject object) {
            arm(object);
            assertThat(object.asyncCallbacks().armedTimers()).isEqualTo(2);
        }
    }

    @Test
    void aPerClassObjectStaysOpenFromTestToTestAndIsClosedWithItsClass() {
        SEEN.clear();

        Fixtures.assertAllPass(PerClass.class, 2);

        assertThat(SEEN).hasSize(2);
        assertThat(SEEN.get(1).object()).isSameAs(SEEN.get(0).object());
        assertThat(SEEN.get(1).closedDuringTest()).as("open in the second test").isFalse();
        assertThat(SEEN.get(0).object().isClosed()).isTrue();
        assertThat(SEEN.get(0).timers().armedTimers()).isZero();
    }

    @Fixture
    @BpfObject(value = "timers.o", lifecycle = Lifecycle.PER_CLASS)
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class PerClass {
        @Test
        @Order(1)
        void first(LoadedObject object) {
            arm(object);
        }

        @Test
        @Order(2)
        void second(LoadedObject object) {
            SEEN.add(new Seen(object, object.environment(), object.asyncCallbacks(), object.isClosed()));
            assertThat(object.asyncCallbacks().armedTimers()).as("the first test's timers, still armed").isEqualTo(2);
        }
    }
}
