package org.ebpftest.runtime.uapi;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The return codes of a kind of program, each with its kernel name and number, and how the kernel
 * reads r0 for them: the one list of {@code XDP_*}, {@code TC_ACT_*}, {@code SK_*} and the
 * {@code cgroup_skb} verdicts that fixtures, golden files, assertions and helpers share. A
 * {@link org.ebpftest.runtime.elf.ProgramType} names its family with {@code returnCodes()}.
 *
 * <p>The kernel reads the low 32 bits of r0: unsigned for XDP, socket filters, socket maps and
 * {@code cgroup_skb}, as a signed {@code int} for TC, where {@code 0xffffffff} is
 * {@code TC_ACT_UNSPEC (-1)}. {@link #value(long)} applies the same reading.
 */
public enum ReturnCodes {
    /** XDP programs: {@link XdpAction}. */
    XDP(XdpAction.values(), true),
    /** TC classifiers and actions ({@code sched_cls}, {@code sched_act}, tcx): {@link TcAction}. */
    TC(TcAction.values(), true) {
        @Override
        public long value(long r0) {
            return (int) r0;
        }
    },
    /** Socket filters: the number of bytes of the packet to keep, 0 to drop it. */
    SOCKET_FILTER(new ReturnCode[0], false) {
        @Override
        public String describe(long r0) {
            long value = value(r0);
            return value == 0 ? "drop (0)" : "keep " + value + " bytes (" + value + ")";
        }
    },
    /** {@code cgroup_skb} ingress and egress programs: {@link CgroupSkbVerdict}, which the kernel headers do not name. */
    CGROUP_SKB(CgroupSkbVerdict.values(), false),
    /** Socket-map and socket-lookup programs: {@link SkAction}. */
    SK(SkAction.values(), true);

    private final List<ReturnCode> codes;
    private final boolean namedByKernel;

    ReturnCodes(ReturnCode[] codes, boolean namedByKernel) {
        this.codes = List.of(codes);
        this.namedByKernel = namedByKernel;
    }

    /** Every return code of the family with a name, in the order of their values. */
    public List<ReturnCode> codes() {
        return codes;
    }

    /** The value the kernel sees in a program's r0 of this family. */
    public long value(long r0) {
        return r0 & 0xffffffffL;
    }

    /** The symbolic return code the kernel sees in r0, if the value has a name. */
    public Optional<ReturnCode> returnCode(long r0) {
        long value = value(r0);
        return codes.stream().filter(c -> c.value() == value).findFirst();
    }

    /**
     * The name the kernel headers give the value in r0, such as {@code TC_ACT_SHOT}; empty where
     * the value has none, and for families whose values the headers do not name (socket filters,
     * {@code cgroup_skb}).
     */
    public Optional<String> kernelName(long r0) {
        return namedByKernel ? returnCode(r0).map(ReturnCode::symbol) : Optional.empty();
    }

    /** {@code XDP_DROP (1)}, {@code keep 64 bytes (64)}, or {@code unknown XDP return code (7)}. */
    public String describe(long r0) {
        long value = value(r0);
        return returnCode(r0).map(ReturnCode::describe).orElse("unknown " + this + " return code (" + value + ")");
    }

    /** The return code a kernel header names so, such as {@link XdpAction#PASS} for {@code XDP_PASS}; empty for any other name. */
    public static Optional<ReturnCode> byKernelName(String name) {
        return Stream.of(values()).filter(f -> f.namedByKernel).flatMap(f -> f.codes.stream())
                .filter(c -> c.symbol().equals(name)).findFirst();
    }
}
