package org.ebpftest.runtime.linux.maps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import org.ebpftest.runtime.linux.LoadedObject;
import org.ebpftest.runtime.linux.buffers.SkbInput;
import org.ebpftest.runtime.uapi.Errno;
import org.junit.jupiter.api.Test;

/**
 * user_ringbuf.c drained after user space wrote records. The expected values are what Linux 6.18
 * answered with user_ringbuf_kernel.c (libbpf's user_ring_buffer API and BPF_PROG_TEST_RUN);
 * UserRingBufKernelTest compares what bpftool can drive (an empty ring, bad flags) live.
 */
class UserRingBufTest {
    private static final Path OBJECT = Path.of("src/test/resources/elf/user_ringbuf.o");

    private static byte[] frame() {
        byte[] f = new byte[60];
        f[12] = 0x08;
        f[14] = 0x45;
        return f;
    }

    private static byte[] record(int value, int length) {
        return ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN).putInt(value).array();
    }

    private static long[] out(LoadedObject object) {
        long[] v = new long[4];
        for (int i = 0; i < 4; i++) {
            byte[] key = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(i).array();
            v[i] = ByteBuffer.wrap(object.map("out").lookup(key).orElseThrow()).order(ByteOrder.LITTLE_ENDIAN).getLong();
        }
        return v;
    }

    @Test
    void drainsRecordsUntilTheCallbackStopsAndConsumesTheOneThatStoppedIt() {
        LoadedObject object = LoadedObject.load(OBJECT);
        UserRingBufMap commands = object.map("commands", UserRingBufMap.class);
        commands.submit(record(5, 4));
        commands.submit(record(7, 12));
        commands.submit(record(99, 8));
        commands.submit(record(11, 4));

        object.run("drain", SkbInput.of(frame()));
        long[] first = out(object);
        object.run("drain", SkbInput.of(frame()));
        long[] second = out(object);

        // Linux: "run 0 ... out 111 3 24 3", "run 1 ... out 11 1 4 1"
        assertThat(first).containsExactly(111, 3, 24, 3);
        assertThat(second).containsExactly(11, 1, 4, 1);
        assertThat(commands.pendingRecords()).isZero();
    }

    @Test
    void anEmptyRingDrainsNothingAndUnknownFlagsAreInvalid() {
        LoadedObject object = LoadedObject.load(OBJECT);

        object.run("drain", SkbInput.of(frame()));
        int badFlags = object.run("drain_bad_flags", SkbInput.of(frame())).retval();

        assertThat(out(object)).containsExactly(0, 0, 0, 0);
        assertThat(badFlags).isEqualTo(-Errno.EINVAL);
    }

    @Test
    void refusesRecordsTheRingCannotHoldAsLibbpfDoes() {
        LoadedObject object = LoadedObject.load(OBJECT);
        UserRingBufMap commands = object.map("commands", UserRingBufMap.class);

        commands.submit(record(1, 4000));
        // Linux: a 100-byte record after a 4000-byte one does not fit the 4096-byte ring, an 80-byte one does
        assertThatThrownBy(() -> commands.submit(record(2, 100)))
                .isInstanceOf(MapOperationException.class)
                .satisfies(e -> assertThat(((MapOperationException) e).errno()).isEqualTo(Errno.ENOSPC));
        commands.submit(record(3, 80));
        assertThat(commands.usedBytes()).isEqualTo(4096);
        assertThatThrownBy(() -> LoadedObject.load(OBJECT).map("commands", UserRingBufMap.class).submit(new byte[4089]))
                .satisfies(e -> assertThat(((MapOperationException) e).errno()).isEqualTo(Errno.E2BIG));
        LoadedObject.load(OBJECT).map("commands", UserRingBufMap.class).submit(new byte[4088]);
    }

    @Test
    void userSpaceCannotLookUpOrUpdateARingBuffer() {
        LoadedObject object = LoadedObject.load(OBJECT);
        BpfMap commands = object.map("commands");

        assertThatThrownBy(() -> commands.lookup(new byte[0]))
                .satisfies(e -> assertThat(((MapOperationException) e).errno()).isEqualTo(Errno.ENOTSUPP));
    }
}
