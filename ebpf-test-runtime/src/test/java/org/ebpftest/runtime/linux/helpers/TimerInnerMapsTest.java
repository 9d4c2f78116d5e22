package org.ebpftest.runtime.linux.helpers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.ebpftest.runtime.linux.LoadedObject;
import org.ebpftest.runtime.linux.buffers.RawInput;
import org.ebpftest.runtime.linux.buffers.SkbInput;
import org.ebpftest.runtime.linux.maps.BpfMap;
import org.ebpftest.runtime.uapi.Errno;
import org.junit.jupiter.api.Test;

/**
 * Timers and work queues in the values of inner maps of maps of maps (timer_inner.c, wq_inner.c):
 * the answers are the ones Linux 6.18 gave on this machine, which TimerInnerMapsKernelTest compares
 * where it can run.
 */
class TimerInnerMapsTest {
    private static final byte[] FRAME = new byte[64];
    private static final long NEVER_SET = -1000;
    private static final long SECOND = 1_000_000_000L;

    private static long[] run(LoadedObject o, String program) {
        assertThat(o.run(program, SkbInput.of(FRAME)).retval()).as(program).isZero();
        return longs(o.map("out").lookup(new byte[4]).orElseThrow());
    }

    private static long[] longs(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long[] out = new long[bytes.length / 8];
        for (int i = 0; i < out.length; i++) {
            out[i] = b.getLong();
        }
        return out;
    }

    private static byte[] key(int k) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(k).array();
    }

    /** fired, key_seen, tag_seen, tag of an element of an inner map. */
    private static long[] elem(BpfMap map, int key) {
        return Arrays.copyOf(longs(map.lookup(key(key)).orElseThrow()), 4);
    }

    @Test
    void callbacksOfTimersInInnerMapsGetTheMapAndKeyThatHoldTheTimer() throws IOException {
        LoadedObject o = AsyncCallbacksTest.load("timer_inner.o");

        long[] armed = run(o, "arm_inner");
        long[] armedArray = run(o, "arm_array");
        o.environment().clock().advanceNs(SECOND);

        assertThat(armed).containsOnly(0);
        assertThat(armedArray).containsOnly(0);
        // the callback found its own tag through the map it was given, under the key it was given
        assertThat(elem(o.map("inner_a"), 10)).containsExactly(1, 10, 1, 1);
        assertThat(elem(o.map("inner_b"), 11)).containsExactly(1, 11, 2, 2);
        assertThat(elem(o.map("inner_arr"), 1)).containsExactly(1, 1, 3, 3);
        assertThat(elem(o.map("inner_arr"), 0)).containsExactly(0, 0, 0, 0);
    }

    @Test
    void callbacksThatSetEachOtherAsTheTimersCallbackTakeTurns() throws IOException {
        LoadedObject o = AsyncCallbacksTest.load("timer_inner.o");

        long[] armed = run(o, "ping_pong");
        o.environment().clock().advanceNs(3_999_999);
        long[] justBefore = elem(o.map("inner_a"), 12);
        o.environment().clock().advanceNs(1);

        assertThat(Arrays.copyOf(armed, 4)).containsOnly(0);
        assertThat(justBefore[0]).as("fired after 3 ms").isEqualTo(3);
        // fired four times, every 1 ms, pong last
        assertThat(elem(o.map("inner_a"), 12)).containsExactly(4, 0, 2, 0);
    }

    @Test
    void timersInInnerMapsFireInExpiryOrderAcrossMaps() throws IOException {
        LoadedObject o = AsyncCallbacksTest.load("timer_inner.o");
        run(o, "arm_inner");
        run(o, "arm_array");

        o.environment().clock().advanceNs(500);
        long[] at500 = run(o, "report");
        o.environment().clock().advanceNs(500);
        long[] at1000 = run(o, "report");
        o.environment().clock().advanceNs(999);
        long[] at1999 = run(o, "report");
        o.environment().clock().advanceNs(1);
        long[] at2000 = run(o, "report");

        // inner_a fires 1 µs ahead, inner_b 2 µs, the inner array 500 ns
        assertThat(Arrays.copyOf(at500, 3)).containsExactly(0, 0, 1);
        assertThat(Arrays.copyOf(at1000, 3)).containsExactly(1, 0, 1);
        assertThat(Arrays.copyOf(at1999, 3)).containsExactly(1, 0, 1);
        assertThat(Arrays.copyOf(at2000, 3)).containsExactly(1, 1, 1);
    }

    @Test
    void deletingOrOverwritingAnInnerMapsElementFreesItsTimer() throws IOException {
        LoadedObject o = AsyncCallbacksTest.load("timer_inner.o");

        long[] out = run(o, "free_inner");
        o.environment().clock().advanceNs(10 * SECOND);

        // inner_a: init, set_callback, start, delete; start of the new element (-EINVAL), init (0);
        // inner array: init, set_callback, start, overwrite; start (-EINVAL), init (0), overwrite
        assertThat(Arrays.copyOf(out, 13)).containsExactly(0, 0, 0, 0, -Errno.EINVAL, 0, 0, 0, 0, 0, -Errno.EINVAL, 0, 0);
        assertThat(elem(o.map("inner_arr"), 0)[0]).as("the overwritten element's callback never ran").isZero();
        assertThat(o.map("inner_a").containsKey(key(20))).isFalse();
        assertThat(o.asyncCallbacks().armedTimers()).isZero();
    }

    @Test
    void anInnerMapTakenOutOfItsOuterMapKeepsItsTimersWhileTheObjectHoldsIt() throws IOException {
        LoadedObject o = AsyncCallbacksTest.load("timer_inner.o");
        run(o, "arm_inner");
        o.environment().clock().advanceNs(SECOND);
        long[] rearmed = run(o, "rearm");

        assertThat(o.map("outer_arr").delete(key(1))).isTrue();
        o.environment().clock().advanceNs(SECOND);

        assertThat(Arrays.copyOf(rearmed, 6)).containsExactly(-Errno.EBUSY, 0, 0, -Errno.EBUSY, 0, 0);
        assertThat(elem(o.map("inner_b"), 11)).as("fired again after leaving outer_arr").containsExactly(2, 11, 2, 2);
        assertThat(Arrays.copyOf(run(o, "report"), 2)).as("programs no longer reach inner_b").containsExactly(1, -1);
    }

    @Test
    void closingAnInnerMapFreesItsTimersAndLaterInitsAnswerEperm() throws IOException {
        LoadedObject o = AsyncCallbacksTest.load("timer_inner.o");
        run(o, "arm_inner");
        o.environment().clock().advanceNs(SECOND);
        run(o, "rearm");

        o.closeMap("inner_a");
        long[] afterClose = run(o, "rearm");
        o.environment().clock().advanceNs(20 * SECOND);
        long[] report = run(o, "report");

        // inner_a, still in outer_arr: init -EPERM, and the timer it had is gone (-EINVAL); inner_b
        // keeps its timer (-EBUSY) and is started again
        assertThat(Arrays.copyOf(afterClose, 6)).containsExactly(-Errno.EPERM, -Errno.EINVAL, -Errno.EINVAL, -Errno.EBUSY, 0, 0);
        assertThat(Arrays.copyOf(report, 2)).as("inner_a's timer armed 10 s ahead never fired; inner_b's, started again, fired once more")
                .containsExactly(1, 2);
        assertThatThrownBy(() -> o.map("inner_a")).isInstanceOf(IllegalStateException.class)
                .hasMessage("map \"inner_a\" of object timer_inner.o is closed (LoadedObject.closeMap)");
        assertThat(o.maps()).doesNotContainKey("inner_a").containsKey("inner_b");
    }

    @Test
    void workQueueInAnInnerMapRunsWithTheMapAndKeyThatHoldIt() throws IOException {
        LoadedObject o = AsyncCallbacksTest.load("wq_inner.o");

        long first = o.run("start_inner_work", new RawInput(new byte[0])).retval();
        long second = o.run("start_inner_work", new RawInput(new byte[0])).retval();

        assertThat(first).isZero();
        assertThat(second).as("init answers -EBUSY the second time, which the program passes over").isZero();
        // runs, key_seen, tag_seen, tag: the callback ran after each run
        assertThat(elem(o.map("inner_works"), 1)).containsExactly(2, 1, 7, 7);
    }
}
