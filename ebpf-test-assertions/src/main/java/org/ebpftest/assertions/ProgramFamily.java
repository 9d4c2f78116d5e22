package org.ebpftest.assertions;

import java.util.Optional;
import org.ebpftest.runtime.linux.ContextType;
import org.ebpftest.runtime.linux.RunResult;

/**
 * The kinds of program whose return value the kernel interprets, each with the names of its
 * values, so that a return code prints as {@code XDP_DROP (1)} rather than {@code 1}.
 *
 * <p>The kernel reads the low 32 bits of r0: unsigned for XDP, socket filters and
 * {@code cgroup_skb}, as a signed {@code int} for TC, where {@code 0xffffffff} is
 * {@code TC_ACT_UNSPEC (-1)}. {@link #value(long)} applies the same reading.
 */
public enum ProgramFamily {
    /** XDP programs: {@link XdpAction}. */
    XDP {
        @Override
        Optional<ReturnCode> symbol(long value) {
            return Optional.ofNullable(XdpAction.of(value));
        }
    },
    /** TC classifiers and actions ({@code sched_cls}, {@code sched_act}, tcx): {@link TcAction}. */
    TC {
        @Override
        public long value(long r0) {
            return (int) r0;
        }

        @Override
        Optional<ReturnCode> symbol(long value) {
            return Optional.ofNullable(TcAction.of(value));
        }
    },
    /** Socket filters: the number of bytes of the packet to keep, 0 to drop it. */
    SOCKET_FILTER {
        @Override
        Optional<ReturnCode> symbol(long value) {
            return Optional.empty();
        }

        @Override
        public String describe(long r0) {
            long value = value(r0);
            return value == 0 ? "drop (0)" : "keep " + value + " bytes (" + value + ")";
        }
    },
    /** {@code cgroup_skb} ingress and egress programs: {@link CgroupSkbVerdict}. */
    CGROUP_SKB {
        @Override
        Optional<ReturnCode> symbol(long value) {
            return Optional.ofNullable(CgroupSkbVerdict.of(value));
        }
    };

    /**
     * The family of programs that run on a context type, such as {@code LoadedObject.contextType("xdp_fw")}.
     *
     * @throws IllegalArgumentException for {@link ContextType#GENERIC}, whose programs' return values
     *     the kernel gives no common meaning
     */
    public static ProgramFamily of(ContextType type) {
        Args.notNull("context type", type);
        return switch (type) {
            case XDP -> XDP;
            case SCHED_CLS, SCHED_ACT -> TC;
            case SOCKET_FILTER -> SOCKET_FILTER;
            case CGROUP_SKB -> CGROUP_SKB;
            case GENERIC -> throw new IllegalArgumentException("programs with a GENERIC context have no return code family;"
                    + " compare their return value as a number");
        };
    }

    /**
     * The family of the program a run was of, from {@link RunResult#contextType()}; empty for a run
     * on a {@link ContextType#GENERIC} context, or a null run.
     */
    public static Optional<ProgramFamily> forRun(RunResult run) {
        if (run == null || run.contextType() == ContextType.GENERIC) {
            return Optional.empty();
        }
        return Optional.of(of(run.contextType()));
    }

    /** The value the kernel sees in a program's r0 of this family. */
    public long value(long r0) {
        return r0 & 0xffffffffL;
    }

    /** The symbolic return code the kernel sees in r0, if the value has a name. */
    public Optional<ReturnCode> returnCode(long r0) {
        return symbol(value(r0));
    }

    abstract Optional<ReturnCode> symbol(long value);

    /** {@code XDP_DROP (1)}, {@code keep 64 bytes (64)}, or {@code unknown XDP return code (7)}. */
    public String describe(long r0) {
        long value = value(r0);
        return symbol(value).map(ReturnCode::describe).orElse("unknown " + this + " return code (" + value + ")");
    }
}
