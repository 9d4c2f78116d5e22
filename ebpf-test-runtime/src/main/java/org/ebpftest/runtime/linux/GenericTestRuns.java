package org.ebpftest.runtime.linux;

import java.util.Optional;
import org.ebpftest.runtime.elf.AttachType;
import org.ebpftest.runtime.elf.ProgramSpec;
import org.ebpftest.runtime.linux.buffers.RawInput;
import org.ebpftest.runtime.linux.buffers.RunInput;
import org.ebpftest.runtime.uapi.Errno;

/**
 * What net/bpf/test_run.c checks of a program before running it, and does instead of running the
 * program types without a packet: {@code bpf_prog_test_run_xdp} refuses XDP programs for devmap
 * and cpumap entries (EINVAL); {@code bpf_prog_test_run_syscall} takes a context of at most 65535 bytes;
 * {@code bpf_prog_test_run_raw_tp} takes the arguments array, at most 12 of them (96 bytes); and
 * {@code bpf_prog_test_run_tracing} does not run the program at all.
 *
 * <p>For {@code fentry}, {@code fexit} and {@code fmod_ret} programs the kernel calls its test
 * functions ({@code bpf_fentry_test1} to {@code 9}, or {@code bpf_modify_return_test} and
 * {@code _test2}) and reports what they returned; a tracing program runs on them only when it is
 * attached, which the emulator does not model. So the run gives the kernel's report for an
 * unattached program, and the program itself does not run (no instructions, no side effects):
 * 0 for {@code fentry}/{@code fexit}; for {@code fmod_ret} the two functions' sum 33 with 2
 * side effects counted in the upper 16 bits (131105). Other tracing programs ({@code tp_btf},
 * iterators) fail with EFAULT there, and so here.
 */
final class GenericTestRuns {
    /** U16_MAX: the largest context bpf_prog_test_run_syscall copies. */
    static final int SYSCALL_CTX_MAX = 0xffff;
    /** MAX_BPF_FUNC_ARGS * sizeof(u64): the largest arguments array bpf_prog_test_run_raw_tp takes. */
    static final int RAW_TP_CTX_MAX = 12 * 8;
    /** What bpf_modify_return_test(1, &b) and bpf_modify_return_test2(1, &b, 3, 4, 5, 6, 7) return, b being 2 before each. */
    private static final int MODIFY_RETURN_SUM = (1 + 3) + (1 + 3 + 3 + 4 + 5 + 6 + 7);
    /** Each of the two functions increments *b, which test_run counts as a side effect. */
    private static final int MODIFY_RETURN_SIDE_EFFECTS = 2;

    private GenericTestRuns() {
    }

    /**
     * Refuses what test_run refuses for the program's type, and gives the result of a run that
     * test_run answers without running the program (tracing); empty when the program runs.
     */
    static Optional<RunResult> before(ProgramSpec program, RunInput input, LinuxEnvironment environment) {
        switch (program.type()) {
            case SYSCALL -> {
                if (input instanceof RawInput r && r.context().length > SYSCALL_CTX_MAX) {
                    throw new RunRefusedException(Errno.EINVAL, "ctx_in of a syscall program is " + r.context().length + " bytes; test_run takes at most "
                            + SYSCALL_CTX_MAX);
                }
                return Optional.empty();
            }
            case RAW_TRACEPOINT, RAW_TRACEPOINT_WRITABLE -> {
                if (input instanceof RawInput r && r.context().length > RAW_TP_CTX_MAX) {
                    throw new RunRefusedException(Errno.EINVAL, "ctx_in of a raw tracepoint program is " + r.context().length
                            + " bytes; test_run takes at most " + RAW_TP_CTX_MAX + " (12 arguments)");
                }
                return Optional.empty();
            }
            case TRACING -> {
                return Optional.of(tracing(program, input, environment));
            }
            case XDP -> {
                // bpf_prog_test_run_xdp's first check: these run only on frames redirected
                // through their map, with egress_ifindex set, never through test_run
                AttachType attach = program.attachType();
                if (attach == AttachType.XDP_DEVMAP || attach == AttachType.XDP_CPUMAP) {
                    throw new RunRefusedException(Errno.EINVAL, "test_run does not run XDP programs for "
                            + (attach == AttachType.XDP_DEVMAP ? "devmap" : "cpumap") + " entries; program " + program.name()
                            + " (section \"" + program.sectionName() + "\") runs only on frames redirected through its map");
                }
                return Optional.empty();
            }
            default -> {
                return Optional.empty();
            }
        }
    }

    private static RunResult tracing(ProgramSpec program, RunInput input, LinuxEnvironment environment) {
        AttachType attach = program.attachType();
        int retval;
        if (attach == AttachType.TRACE_FENTRY || attach == AttachType.TRACE_FEXIT) {
            retval = 0;
        } else if (attach == AttachType.MODIFY_RETURN) {
            retval = MODIFY_RETURN_SIDE_EFFECTS << 16 | MODIFY_RETURN_SUM;
        } else {
            throw new RunRefusedException(Errno.EFAULT, "test_run runs only fentry, fexit and fmod_ret tracing programs; program " + program.name()
                    + " (section \"" + program.sectionName() + "\") is attached as " + attach);
        }
        byte[] ctx = input instanceof RawInput r ? r.context() : new byte[0];
        // nothing ran: no instructions, no printed lines, no helper calls
        return RunResult.of(ContextType.GENERIC, retval & 0xffffffffL, 0, new KernelRun(environment, ContextType.GENERIC, null, null))
                .finalContext(ctx).build();
    }
}
