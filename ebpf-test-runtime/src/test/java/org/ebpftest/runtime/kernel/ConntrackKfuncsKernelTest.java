package org.ebpftest.runtime.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.ebpftest.runtime.elf.ObjectSpec;
import org.ebpftest.runtime.linux.LoadedObject;
import org.ebpftest.runtime.linux.buffers.SkbInput;
import org.ebpftest.runtime.linux.buffers.XdpInput;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * conntrack.c against the kernel: lookups in a table without the flow, the kernel's errors for bad
 * {@code struct bpf_ct_opts}, and an entry a program allocates and inserts, found by later runs in
 * both directions and changed. Each comparison uses a fresh tuple in 198.18.0.0/15 (the
 * benchmarking range) because the kernel keeps inserted entries in its table until they time out.
 */
@Tag("kernel")
class ConntrackKfuncsKernelTest {
    private static final int TCP = 6;
    private static final int UDP = 17;

    static byte[] object() throws IOException {
        try (InputStream in = ConntrackKfuncsKernelTest.class.getResourceAsStream("/elf/conntrack.o")) {
            return in.readAllBytes();
        }
    }

    /** A packet carrying a tuple (198.18.a.b:sport -> 198.18.a.c:8080), the l4proto and a variant byte. */
    static byte[] packet(byte[] tuple, int l4proto, int variant) {
        ByteBuffer b = ByteBuffer.allocate(64);
        b.put(tuple).put((byte) l4proto).put((byte) variant);
        return b.array();
    }

    /** A tuple no earlier run used. */
    static byte[] freshTuple() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        int a = r.nextInt(256);
        int host = r.nextInt(1, 250);
        return ByteBuffer.allocate(12).put(new byte[] {(byte) 198, 18, (byte) a, (byte) host}).put(new byte[] {(byte) 198, 19, (byte) a, (byte) host})
                .putShort((short) r.nextInt(1024, 65536)).putShort((short) 8080).array();
    }

    private static void assumeKernel() {
        assumeTrue(KernelOracle.unavailableReason().isEmpty(), () -> "kernel comparison skipped: " + KernelOracle.unavailableReason().orElse(""));
    }

    private record Step(String program, byte[] packet) {
    }

    /** Runs the steps in order in the emulator (one environment) and in the kernel, and compares each answer. */
    private static void compare(List<Step> steps) throws Exception {
        LoadedObject emulated = LoadedObject.load(ObjectSpec.parse("conntrack.o", object()));
        List<String> expected = new ArrayList<>();
        List<String> actual = new ArrayList<>();
        try (KernelOracle kernel = KernelOracle.load(object(), "conntrack")) {
            for (Step s : steps) {
                boolean tc = s.program().endsWith("_skb");
                long mine = (tc ? emulated.run(s.program(), SkbInput.of(s.packet())) : emulated.run(s.program(), XdpInput.of(s.packet()))).retval()
                        & 0xffffffffL;
                actual.add(s.program() + " variant " + s.packet()[13] + " -> 0x" + Long.toHexString(mine));
                expected.add(s.program() + " variant " + s.packet()[13] + " -> 0x" + Long.toHexString(kernel.run(s.program(), s.packet()).returnValue()));
            }
        }
        assertThat(actual).isEqualTo(expected);
    }

    @Test
    void lookingUpAFlowTheTableLacksAnswersEnoentAsTheKernel() throws Exception {
        assumeKernel();
        byte[] tuple = freshTuple();

        compare(List.of(new Step("ct_lookup", packet(tuple, TCP, 0)), new Step("ct_lookup_reply", packet(tuple, UDP, 0)),
                new Step("ct_lookup_skb", packet(tuple, TCP, 0))));
    }

    @Test
    void badOptionsAnswerTheKernelsErrorsInOptsError() throws Exception {
        assumeKernel();
        byte[] tuple = freshTuple();
        List<Step> steps = new ArrayList<>();
        for (int variant = 0; variant <= 9; variant++) {
            steps.add(new Step("ct_bad_opts", packet(tuple, TCP, variant)));
        }
        for (int variant : new int[] {0, 3, 4, 6, 7, 9}) {
            steps.add(new Step("ct_bad_alloc", packet(tuple, TCP, variant)));
        }

        compare(steps);
    }

    @Test
    void anInsertedEntryIsFoundInBothDirectionsByLaterRunsAsInTheKernel() throws Exception {
        assumeKernel();
        byte[] tcp = freshTuple();
        byte[] udp = freshTuple();

        compare(List.of(
                new Step("ct_insert", packet(tcp, TCP, 1)),
                new Step("ct_lookup", packet(tcp, TCP, 0)),
                new Step("ct_lookup_reply", packet(tcp, TCP, 0)),
                new Step("ct_lookup_skb", packet(tcp, TCP, 0)),
                new Step("ct_lookup", packet(tcp, UDP, 0)),
                new Step("ct_insert", packet(tcp, TCP, 1)),
                new Step("ct_change", packet(tcp, TCP, 0)),
                new Step("ct_change", packet(tcp, TCP, 1)),
                new Step("ct_lookup", packet(tcp, TCP, 0)),
                new Step("ct_insert", packet(udp, UDP, 0)),
                new Step("ct_lookup_reply", packet(udp, UDP, 0))));
    }
}
