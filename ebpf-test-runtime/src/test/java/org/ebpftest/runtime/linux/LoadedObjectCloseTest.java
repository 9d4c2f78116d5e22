package org.ebpftest.runtime.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.ebpftest.runtime.elf.ObjectSpec;
import org.ebpftest.runtime.linux.buffers.SkbInput;
import org.ebpftest.runtime.linux.helpers.AllocatedObjects;
import org.ebpftest.runtime.linux.helpers.AsyncCallbacks;
import org.ebpftest.runtime.linux.helpers.HelperId;
import org.ebpftest.runtime.linux.maps.BpfMap;
import org.junit.jupiter.api.Test;

/**
 * Closing a loaded object, and closing one of its maps (lifecycle.c, timers.c): what Linux does
 * when the last file descriptor of an object or of a map is closed. Timer callbacks call
 * bpf_get_prandom_u32, which each test overrides to count the callbacks that ran.
 */
class LoadedObjectCloseTest {
    private static final byte[] FRAME = new byte[64];
    private static final byte[] ZERO_KEY = new byte[4];

    /** A fresh environment whose bpf_get_prandom_u32 counts its calls: the timer callbacks that ran. */
    private static LinuxEnvironment counting(AtomicInteger callbacks) {
        LinuxEnvironment environment = new LinuxEnvironment();
        environment.override(HelperId.GET_PRANDOM_U32, (run, r1, r2, r3, r4, r5) -> callbacks.incrementAndGet());
        return environment;
    }

    private static LoadedObject load(String name, LinuxEnvironment environment) throws IOException {
        try (InputStream in = LoadedObjectCloseTest.class.getResourceAsStream("/elf/" + name)) {
            return LoadedObject.load(ObjectSpec.parse(name, in.readAllBytes()), environment);
        }
    }

    private static long run(LoadedObject o, String program) {
        return o.run(program, SkbInput.of(FRAME)).retval();
    }

    @Test
    void armedTimersNeverFireOnceTheObjectIsClosed() throws IOException {
        AtomicInteger callbacks = new AtomicInteger();
        LinuxEnvironment environment = counting(callbacks);
        LoadedObject o = load("lifecycle.o", environment);
        assertThat(run(o, "arm_plain")).isZero();
        assertThat(run(o, "arm_inner")).isZero();
        AsyncCallbacks timers = o.asyncCallbacks();

        o.close();
        environment.clock().advanceNs(1_000_000_000L);

        assertThat(callbacks).hasValue(0);
        assertThat(timers.armedTimers()).isZero();
    }

    @Test
    void timersOfAnotherObjectInTheSameEnvironmentStillFire() throws IOException {
        AtomicInteger callbacks = new AtomicInteger();
        LinuxEnvironment environment = counting(callbacks);
        LoadedObject closed = load("lifecycle.o", environment);
        LoadedObject open = load("lifecycle.o", environment);
        run(closed, "arm_plain");
        run(open, "arm_plain");

        closed.close();
        environment.clock().advanceNs(1_000_000_000L);

        assertThat(callbacks).as("only the open object's callback ran").hasValue(1);
        assertThat(ByteBuffer.wrap(open.map("plain").lookup(ZERO_KEY).orElseThrow(), 8, 8).order(ByteOrder.LITTLE_ENDIAN).getLong())
                .as("fired").isEqualTo(1);
    }

    @Test
    void closingFreesWhatTheMapsHold() throws IOException {
        LoadedObject o = load("lifecycle.o", new LinuxEnvironment());
        run(o, "arm_plain");
        run(o, "arm_inner");
        AllocatedObjects objects = o.allocatedObjects();
        int stashed = objects.live();

        o.close();

        assertThat(stashed).as("one object stashed in plain, one in inner").isEqualTo(2);
        assertThat(objects.live()).isZero();
    }

    @Test
    void everyUseOfAClosedObjectFailsNamingTheObject() throws IOException {
        LoadedObject o = load("lifecycle.o", new LinuxEnvironment());
        BpfMap plain = o.map("plain");
        var program = o.program("arm_plain");
        var emulator = o.emulator();

        o.close();

        String closed = "object lifecycle.o is closed";
        for (Runnable use : List.<Runnable>of(
                () -> o.run("arm_plain", SkbInput.of(FRAME)),
                () -> o.runBatch("arm_plain", List.of(SkbInput.of(FRAME))),
                () -> o.prepare("arm_plain"),
                () -> o.map("plain"),
                () -> o.maps(),
                () -> o.findMap("plain"),
                () -> o.program("arm_plain"),
                () -> o.describe("plain"),
                () -> o.closeMap("plain"),
                () -> plain.lookup(ZERO_KEY),
                () -> plain.update(ZERO_KEY, new byte[32], 0),
                () -> plain.keys(),
                () -> emulator.run(program, ContextType.SCHED_CLS, SkbInput.of(FRAME)))) {
            assertThatThrownBy(use::run).isInstanceOf(IllegalStateException.class).hasMessage(closed);
        }
        assertThat(o.isClosed()).isTrue();
        assertThat(o.spec().fileName()).as("the parsed file stays readable").isEqualTo("lifecycle.o");
    }

    @Test
    void closingTwiceDoesNothingMore() throws IOException {
        LoadedObject o = load("lifecycle.o", new LinuxEnvironment());

        o.close();
        o.close();

        assertThat(o.isClosed()).isTrue();
    }

    @Test
    void tryWithResourcesClosesTheObject() throws IOException {
        AtomicInteger callbacks = new AtomicInteger();
        LinuxEnvironment environment = counting(callbacks);
        LoadedObject escaped;
        try (LoadedObject o = load("lifecycle.o", environment)) {
            run(o, "arm_plain");
            escaped = o;
        }
        environment.clock().advanceNs(1_000_000_000L);

        assertThat(escaped.isClosed()).isTrue();
        assertThat(callbacks).hasValue(0);
    }

    @Test
    void anInnerMapClosedButStillInItsOuterMapKeepsWhatItHoldsUntilTakenOut() throws IOException {
        AtomicInteger callbacks = new AtomicInteger();
        LinuxEnvironment environment = counting(callbacks);
        LoadedObject o = load("lifecycle.o", environment);
        run(o, "arm_inner");
        AllocatedObjects objects = o.allocatedObjects();

        o.closeMap("inner");
        environment.clock().advanceNs(1_000_000_000L);
        int whileInOuter = objects.live();
        o.map("outer").delete(ZERO_KEY);
        int afterTakenOut = objects.live();

        assertThat(callbacks).as("its timer was freed when the object let go of the map").hasValue(0);
        assertThat(whileInOuter).as("outer still holds the map, and the map its object").isEqualTo(1);
        assertThat(afterTakenOut).as("nothing holds the map: it is freed with its object").isZero();
    }

    @Test
    void anInnerMapTakenOutOfItsOuterMapIsFreedWhenTheObjectLetsGoOfIt() throws IOException {
        LoadedObject o = load("lifecycle.o", new LinuxEnvironment());
        run(o, "arm_inner");
        AllocatedObjects objects = o.allocatedObjects();

        o.map("outer").delete(ZERO_KEY);
        int whileHeld = objects.live();
        o.closeMap("inner");

        assertThat(whileHeld).isEqualTo(1);
        assertThat(objects.live()).isZero();
    }

    @Test
    void aClosedMapThatAProgramNamesKeepsItsObjectsButNotItsTimers() throws IOException {
        AtomicInteger callbacks = new AtomicInteger();
        LinuxEnvironment environment = counting(callbacks);
        LoadedObject o = load("lifecycle.o", environment);
        run(o, "arm_plain");
        AllocatedObjects objects = o.allocatedObjects();

        o.closeMap("plain");
        environment.clock().advanceNs(1_000_000_000L);
        long rearmed = run(o, "arm_plain");

        assertThat(callbacks).hasValue(0);
        assertThat(objects.live()).as("arm_plain still holds the map, and the map its object").isEqualTo(1);
        // stash_and_arm's digits: init answered -EPERM (1), so the timer has no callback (2) and cannot start (4)
        assertThat(rearmed).isEqualTo(7);
        assertThatThrownBy(() -> o.map("plain")).isInstanceOf(IllegalStateException.class)
                .hasMessage("map \"plain\" of object lifecycle.o is closed (LoadedObject.closeMap)");
    }
}
