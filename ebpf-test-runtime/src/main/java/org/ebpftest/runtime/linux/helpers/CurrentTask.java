package org.ebpftest.runtime.linux.helpers;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.ebpftest.runtime.linux.KernelRun;
import org.ebpftest.runtime.linux.TaskInfo;
import org.ebpftest.runtime.linux.buffers.KernelStruct;
import org.ebpftest.runtime.vm.Memory;
import org.ebpftest.runtime.vm.Region;
import org.ebpftest.runtime.vm.TrapException;
import org.ebpftest.runtime.vm.Vm;

/**
 * {@code bpf_get_current_task} and {@code bpf_get_current_task_btf}: the task a run is on behalf
 * of ({@link TaskInfo}; in BPF_PROG_TEST_RUN the kernel's is the process that asked for the run) as
 * a {@code struct task_struct} laid out as Linux 6.18 x86-64's, with {@code pid}, {@code tgid} and
 * {@code comm} filled in. Programs read them with direct loads (through the BTF pointer) or
 * {@code bpf_probe_read_kernel}; a read of any other member traps naming it, a store traps as the
 * verifier's refusal.
 *
 * <p>Where the emulator differs on purpose: the pointer is an address of the emulator's memory,
 * not one in the kernel half, so a program that looks at the pointer's own bits sees another value.
 */
final class CurrentTask {
    /** Where the task is mapped: one slot, 46 below the heap. */
    static final long ADDRESS = Vm.HEAP_BASE - (46L << Memory.SLOT_SHIFT);
    /** {@code sizeof(struct task_struct)} on Linux 6.18 x86-64. */
    static final int SIZE = 3264;
    static final int PID = 1264;
    static final int TGID = 1268;
    static final int COMM = 1752;
    private static final int COMM_SIZE = 16;
    private static final String REGION_NAME = "struct task_struct (current)";
    /** Member names by byte offset, from task_struct.members (this kernel's BTF). */
    private static final KernelStruct TASK = KernelStruct.of(CurrentTask.class, "task_struct", SIZE, PID, 4, TGID, 4, COMM, COMM_SIZE);

    private CurrentTask() {
    }

    static void register(HelperRegistry t) {
        t.register(HelperId.GET_CURRENT_TASK, (run, r1, r2, r3, r4, r5) -> map(run));
        t.register(HelperId.GET_CURRENT_TASK_BTF, (run, r1, r2, r3, r4, r5) -> map(run));
    }

    /** Maps the current task's image (again, so that it shows the environment's task now) and answers its address. */
    private static long map(KernelRun run) {
        TaskInfo task = run.environment().task();
        byte[] image = new byte[SIZE];
        ByteBuffer b = ByteBuffer.wrap(image).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(PID, task.pid()).putInt(TGID, task.tgid());
        byte[] comm = task.comm().getBytes(StandardCharsets.UTF_8);
        System.arraycopy(comm, 0, image, COMM, Math.min(comm.length, COMM_SIZE - 1));
        Region region = new Region(REGION_NAME, image, true);
        region.setGuard(CurrentTask::access);
        Memory memory = run.vm().memory();
        Region there = memory.regionAt(ADDRESS);
        if (there != null && !there.name().equals(REGION_NAME)) {
            throw run.trap(TrapException.Kind.UNSUPPORTED, "cannot map the current task at 0x" + Long.toHexString(ADDRESS) + ": " + there.name()
                    + " is there");
        }
        memory.remap(region, ADDRESS);
        return ADDRESS;
    }

    /**
     * A probe read of the current task's image: traps as a direct load of the same bytes would,
     * so that a member the emulator does not model is never read as zeros.
     */
    static void checkProbe(KernelRun run, long address, int length, String helper) {
        Region r = run.vm().memory().regionAt(address);
        if (r != null && r.name().equals(REGION_NAME) && length > 0) {
            String refusal = access((int) (address - r.baseAddress()), length, false);
            if (refusal != null) {
                throw run.trap(TrapException.Kind.UNSUPPORTED, helper + ": " + refusal);
            }
        }
    }

    /** Reads within pid, tgid or comm pass; anything else is refused naming the member. */
    static String access(int offset, int size, boolean store) {
        String where = (store ? "store" : "load") + " of " + size + " bytes at offset " + offset + " of struct task_struct (" + memberAt(offset) + ")";
        if (store) {
            return where + ": the kernel's verifier lets no program write the task";
        }
        boolean ids = offset >= PID && offset + size <= TGID + 4;
        boolean comm = offset >= COMM && offset + size <= COMM + COMM_SIZE;
        return ids || comm ? null : where + ": the emulator models only pid, tgid and comm of the current task (LinuxEnvironment.setTask)";
    }

    /** The member holding an offset: the last one starting at or before it. */
    static String memberAt(int offset) {
        return TASK.memberAt(offset);
    }
}
