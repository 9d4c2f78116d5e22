package org.ebpftest.kernel;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;
import java.util.OptionalInt;
import org.ebpftest.runtime.linux.buffers.SkbInput;
import org.ebpftest.runtime.linux.buffers.SkbLayout;
import org.ebpftest.runtime.linux.buffers.XdpInput;
import org.ebpftest.runtime.linux.buffers.XdpLayout;

/**
 * What one BPF_PROG_TEST_RUN is given: data_in, ctx_in (null for none), how much data_out and
 * ctx_out to take back, the repeat count, the flags and the CPU to run on.
 *
 * @param dataIn the packet, or empty for programs without one
 * @param ctxIn the context struct ({@code xdp_md}, {@code __sk_buff}, raw bytes), or null to pass none
 * @param dataSizeOut room for data_out; 0 asks for none
 * @param ctxSizeOut room for ctx_out; 0 asks for none
 * @param repeat how many times the kernel runs the program (0 counts as 1); the duration is the average
 * @param flags {@code BPF_F_TEST_*} flags as the kernel takes them for the program's type
 * @param cpu the CPU to run on, or empty for wherever the calling thread is
 */
public record TestRunInput(byte[] dataIn, byte[] ctxIn, int dataSizeOut, int ctxSizeOut, int repeat, int flags, OptionalInt cpu) {
    /**
     * Room for data_out by default: test_run may grow a packet (XDP head adjustments, tc pushes, XDP
     * fragments up to 17 pages), so take far more than it was given.
     */
    public static final int DEFAULT_DATA_OUT = 256 * 1024;

    /** The CPU runs go to by default: the emulator's, so that per-CPU map values land where it puts them. */
    public static final int DEFAULT_CPU = 0;

    /** The most of a frame test_run puts in the linear part: a page less the headroom and the tail kept for shared info. */
    private static final int XDP_MAX_LINEAR = XdpLayout.FRAME_SIZE - XdpLayout.HEADROOM - XdpLayout.TAILROOM;

    /** An input; the arrays are copied. */
    public TestRunInput {
        dataIn = Objects.requireNonNull(dataIn, "dataIn").clone();
        ctxIn = ctxIn == null ? null : ctxIn.clone();
        Objects.requireNonNull(cpu, "cpu");
        if (dataSizeOut < 0 || ctxSizeOut < 0 || repeat < 0) {
            throw new IllegalArgumentException("sizes and repeat must not be negative: data_size_out " + dataSizeOut + ", ctx_size_out "
                    + ctxSizeOut + ", repeat " + repeat);
        }
    }

    /** A packet alone, as {@code bpftool prog run PROG data_in FILE data_out FILE} passes it. */
    public static TestRunInput ofData(byte[] dataIn) {
        return new TestRunInput(dataIn, null, DEFAULT_DATA_OUT, 0, 1, 0, OptionalInt.of(DEFAULT_CPU));
    }

    /** A context alone (ctx_in and ctx_out of its size), for programs that take no packet. */
    public static TestRunInput ofContext(byte[] ctxIn) {
        return new TestRunInput(new byte[0], ctxIn, 0, ctxIn.length, 1, 0, OptionalInt.of(DEFAULT_CPU));
    }

    /**
     * What the emulator's XDP run of {@code input} corresponds to: data_in is the metadata followed by
     * the frame, and an {@code xdp_md} ctx_in (with a ctx_out) says where the frame starts, how much
     * of it is linear (as much as fits, {@value #XDP_MAX_LINEAR} bytes, unless the input says less)
     * and where it was received. The ctx_out's {@code data} tells a result how much metadata its
     * packet starts with, as the emulator's does, also when the program added metadata itself.
     */
    public static TestRunInput of(XdpInput input) {
        int linear = input.linearLength() == -1 ? Math.min(input.packetLength(), XDP_MAX_LINEAR) : input.linearLength();
        byte[] md = ByteBuffer.allocate(XdpLayout.SIZE).order(ByteOrder.nativeOrder())
                .putInt(XdpLayout.DATA, input.metadataLength()).putInt(XdpLayout.DATA_END, input.metadataLength() + linear)
                .putInt(XdpLayout.INGRESS_IFINDEX, input.ingressIfindex()).putInt(XdpLayout.RX_QUEUE_INDEX, input.rxQueueIndex()).array();
        return new TestRunInput(input.dataIn(), md, DEFAULT_DATA_OUT, XdpLayout.SIZE, 1, 0, OptionalInt.of(DEFAULT_CPU));
    }

    /**
     * What the emulator's {@code __sk_buff} run of {@code input} corresponds to: the frame as data_in
     * and, unless the input runs without a context, an {@code __sk_buff} ctx_in with the fields
     * test_run accepts, and a ctx_out of the same size.
     */
    public static TestRunInput of(SkbInput input) {
        if (!input.withContext()) {
            return ofData(input.packet());
        }
        ByteBuffer b = ByteBuffer.allocate(SkbLayout.SIZE).order(ByteOrder.nativeOrder());
        b.putInt(SkbLayout.MARK, input.mark());
        b.putInt(SkbLayout.PRIORITY, input.priority());
        b.putInt(SkbLayout.INGRESS_IFINDEX, input.ingressIfindex());
        b.putInt(SkbLayout.IFINDEX, input.ifindex());
        int[] cb = input.cb();
        for (int i = 0; i < cb.length; i++) {
            b.putInt(SkbLayout.CB + 4 * i, cb[i]);
        }
        b.putLong(SkbLayout.TSTAMP, input.tstamp());
        b.putInt(SkbLayout.WIRE_LEN, input.wireLen());
        b.putInt(SkbLayout.GSO_SEGS, input.gsoSegs());
        b.putInt(SkbLayout.GSO_SIZE, input.gsoSize());
        b.putLong(SkbLayout.HWTSTAMP, input.hwtstamp());
        return new TestRunInput(input.packet(), b.array(), DEFAULT_DATA_OUT, SkbLayout.SIZE, 1, 0, OptionalInt.of(DEFAULT_CPU));
    }

    /** The same input run {@code n} times by the kernel (the duration is then the average). */
    public TestRunInput withRepeat(int n) {
        return new TestRunInput(dataIn, ctxIn, dataSizeOut, ctxSizeOut, n, flags, cpu);
    }

    /** The same input with {@code BPF_F_TEST_*} flags. */
    public TestRunInput withFlags(int value) {
        return new TestRunInput(dataIn, ctxIn, dataSizeOut, ctxSizeOut, repeat, value, cpu);
    }

    /** The same input run on another CPU, or on any when empty. */
    public TestRunInput onCpu(OptionalInt value) {
        return new TestRunInput(dataIn, ctxIn, dataSizeOut, ctxSizeOut, repeat, flags, value);
    }

    @Override
    public byte[] dataIn() {
        return dataIn.clone();
    }

    @Override
    public byte[] ctxIn() {
        return ctxIn == null ? null : ctxIn.clone();
    }
}
