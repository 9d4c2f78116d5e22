package org.ebpftest.runtime.linux.helpers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import org.ebpftest.runtime.EbpfException;
import org.ebpftest.runtime.elf.ObjectSpec;
import org.ebpftest.runtime.linux.LoadedObject;
import org.ebpftest.runtime.linux.VirtualClock;
import org.ebpftest.runtime.linux.buffers.RawInput;
import org.ebpftest.runtime.linux.buffers.SkbInput;
import org.ebpftest.runtime.uapi.Errno;
import org.ebpftest.runtime.vm.JitMode;
import org.junit.jupiter.api.Test;

/**
 * Timers and work queues (timers.c, wq_syscall.c): the helpers' answers are the ones Linux 6.18
 * gave on this machine (TimersKernelTest compares with the kernel where it can run), and the
 * timers fire as the virtual clock passes their expiry, earliest first.
 */
class AsyncCallbacksTest {
    private static final byte[] FRAME = new byte[64];
    private static final int EINVAL = -Errno.EINVAL;

    static LoadedObject load(String name) throws IOException {
        return load(name, null);
    }

    static LoadedObject load(String name, JitMode jit) throws IOException {
        try (InputStream in = AsyncCallbacksTest.class.getResourceAsStream("/elf/" + name)) {
            LoadedObject.Loader loader = LoadedObject.loader(ObjectSpec.parse(name, in.readAllBytes()));
            if (jit != null) {
                loader.jit(jit);
            }
            return loader.load();
        }
    }

    private static long run(LoadedObject o, String program) {
        return o.run(program, SkbInput.of(FRAME)).retval();
    }

    private static long[] longs(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long[] out = new long[bytes.length / 8];
        for (int i = 0; i < out.length; i++) {
            out[i] = b.getLong();
        }
        return out;
    }

    private static long[] out(LoadedObject o) {
        return longs(o.map("out").lookup(new byte[4]).orElseThrow());
    }

    /** fired, key_seen, cancel_own, rearm of an element of a map of struct elem. */
    private static long[] elem(LoadedObject o, String map, int key) {
        byte[] k = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(key).array();
        long[] all = longs(o.map(map).lookup(k).orElseThrow());
        return new long[] {all[0], all[1], all[2], all[3]};
    }

    @Test
    void helpersAnswerAsLinuxOnUninitialisedTimersBadClocksAndFlags() throws IOException {
        LoadedObject o = load("timers.o");

        long retval = run(o, "timer_errors");

        assertThat(retval).isZero();
        // start, cancel and set_callback before init; THREAD_CPUTIME and a flag above the clock
        // bits; init; init again (-EBUSY); start without callback; set_callback; start with flag 4;
        // cancel of an idle timer (0); start after cancel dropped the callback; set_callback; start
        // 1000 s ahead pinned; cancel of the armed timer (1); init with CLOCK_REALTIME
        assertThat(out(o)).containsExactly(EINVAL, EINVAL, EINVAL, EINVAL, EINVAL, 0, -Errno.EBUSY, EINVAL, 0, EINVAL, 0, EINVAL, 0, 0, 1, 0);
    }

    @Test
    void cancelledTimerNeverFires() throws IOException {
        LoadedObject o = load("timers.o");
        run(o, "timer_errors");

        o.environment().clock().advance(Duration.ofSeconds(2000));

        assertThat(elem(o, "timers", 0)[0]).as("fired").isZero();
        assertThat(o.asyncCallbacks().armedTimers()).isZero();
    }

    @Test
    void timerFiresOnceTheClockPassesItsExpiryAndItsCallbackCanReArmIt() throws IOException {
        LoadedObject o = load("timers.o");
        VirtualClock clock = o.environment().clock();

        assertThat(run(o, "arm")).isZero();
        assertThat(out(o)).startsWith(0, 0, 0, 0, 0, 0);
        assertThat(elem(o, "timers", 2)[0]).as("fired before time moved").isZero();

        clock.advanceNs(0);
        assertThat(elem(o, "timers", 2)[0]).as("fired at the instant it was started").isZero();

        clock.advanceNs(1);
        // expired 1 ns after the start: it ran and re-armed itself 1 ns ahead, not yet due
        assertThat(elem(o, "timers", 2)[0]).isEqualTo(1);

        clock.advanceNs(1_000);
        // fired, key 2, cancelling its own timer answered -EDEADLK, the last re-arm answered 0
        assertThat(elem(o, "timers", 2)).containsExactly(3, 2, -Errno.EDEADLK, 0);
        assertThat(elem(o, "timers", 3)).as("absolute expiry on CLOCK_BOOTTIME").containsExactly(3, 3, -Errno.EDEADLK, 0);
        assertThat(o.asyncCallbacks().armedTimers()).isZero();
    }

    @Test
    void timersFireInExpiryOrderWithTheClockAtEachExpiry() throws IOException {
        LoadedObject o = load("timers.o");
        VirtualClock clock = o.environment().clock();
        long start = clock.monotonicNs();

        assertThat(run(o, "arm_order")).isZero();
        clock.advanceNs(250);

        long[] log = longs(o.map("fired").lookup(new byte[4]).orElseThrow());
        assertThat(log[0]).as("timers fired by 250 ns").isEqualTo(3);
        // 100 ns: key 1, then key 3 (same expiry, started later); 200 ns: key 2
        assertThat(new long[] {log[1], log[2], log[3]}).containsExactly(1, 3, 2);
        assertThat(new long[] {log[9], log[10], log[11]}).containsExactly(start + 100, start + 100, start + 200);
        assertThat(clock.monotonicNs()).isEqualTo(start + 250);

        clock.advanceNs(50);

        log = longs(o.map("fired").lookup(new byte[4]).orElseThrow());
        assertThat(log[0]).isEqualTo(4);
        assertThat(log[4]).isZero();
        assertThat(log[12]).isEqualTo(start + 300);
    }

    @Test
    void timerRunsInCompiledCodeAsInTheInterpreter() throws IOException {
        LoadedObject o = load("timers.o", JitMode.ON);

        run(o, "arm");
        o.environment().clock().advanceNs(10);

        assertThat(elem(o, "timers", 2)).containsExactly(3, 2, -Errno.EDEADLK, 0);
    }

    @Test
    void overwritingOrDeletingTheValueCancelsAndFreesItsTimer() throws IOException {
        LoadedObject o = load("timers.o");
        run(o, "timer_errors");

        assertThat(run(o, "arm_hash")).isZero();
        // a hash element's timer pinned to the CPU; element 1's armed timer freed by the update of
        // its value: start and cancel answer -EINVAL, and init answers 0 again
        assertThat(out(o)).startsWith(0, 0, 0, 0, 0, 0, 0, EINVAL, EINVAL, 0);
        assertThat(run(o, "delete_armed")).isZero();
        // deleting the element freed its armed timer: the new element's timer is uninitialised
        assertThat(out(o)).startsWith(0, 0, 0, 0, EINVAL, EINVAL);

        o.environment().clock().advance(Duration.ofSeconds(1));

        assertThat(elem(o, "htimers", 7)).as("hash element 7").containsExactly(3, 7, -Errno.EDEADLK, 0);
        assertThat(elem(o, "timers", 1)[0]).as("freed timer fired").isZero();
        assertThat(elem(o, "htimers", 9)[0]).as("deleted element's timer fired").isZero();
    }

    @Test
    void userSpaceUpdateOfTheValueCancelsItsTimer() throws IOException {
        LoadedObject o = load("timers.o");
        run(o, "arm");

        o.map("timers").update(new byte[] {2, 0, 0, 0}, new byte[48], 0);
        o.environment().clock().advanceNs(10);

        assertThat(elem(o, "timers", 2)[0]).isZero();
        assertThat(elem(o, "timers", 3)[0]).as("the other element's timer").isEqualTo(3);
    }

    @Test
    void replacingAHashElementCancelsTheTimerOfTheElementReplaced() throws IOException {
        LoadedObject o = load("timers.o");
        run(o, "timer_errors");
        run(o, "arm_hash");

        o.map("htimers").update(new byte[] {7, 0, 0, 0}, new byte[48], 0);
        o.environment().clock().advanceNs(10);

        assertThat(elem(o, "htimers", 7)[0]).isZero();
        assertThat(o.asyncCallbacks().armedTimers()).isZero();
    }

    @Test
    void workQueuedBySyscallProgramRunsRightAfterTheRun() throws IOException {
        // wq_syscall.c in this machine's kernel: retval 0, and runs = 1 in the map once the run returned
        LoadedObject o = load("wq_syscall.o");

        long retval = o.run("start_work", new RawInput(new byte[0])).retval();

        assertThat(retval).isZero();
        assertThat(longs(o.map("works").lookup(new byte[4]).orElseThrow())[0] & 0xffffffffL).as("runs").isEqualTo(1);
        // the second run finds the work queue initialised: bpf_wq_init answers -EBUSY
        assertThat(o.run("start_work", new RawInput(new byte[0])).retval()).isEqualTo(2);
    }

    @Test
    void callbacksThatKeepReArmingWithoutDelayStopTheClockWithAnError() {
        VirtualClock clock = new VirtualClock();
        clock.addTimerQueue(new VirtualClock.TimerQueue() {
            @Override
            public long nextExpiryNs(VirtualClock c) {
                return c.monotonicNs();
            }

            @Override
            public void fireNext(VirtualClock c) {
            }
        });

        assertThatThrownBy(() -> clock.advanceNs(1)).isInstanceOf(EbpfException.class)
                .hasMessageContaining("keeps re-arming");
    }
}
