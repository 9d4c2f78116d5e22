package org.ebpftest.runtime.linux.helpers;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import org.ebpftest.runtime.linux.ContextType;
import org.ebpftest.runtime.linux.KernelRun;
import org.ebpftest.runtime.vm.Memory;
import org.ebpftest.runtime.vm.Region;
import org.ebpftest.runtime.vm.TrapException;
import org.ebpftest.runtime.vm.Vm;

/**
 * {@code bpf_cast_to_kern_ctx} and {@code bpf_rdonly_cast}, which the kernel's verifier rewrites
 * into {@code r0 = r1}. {@code bpf_rdonly_cast} is that here, but for a socket: the emulator keeps a
 * socket's {@code struct bpf_sock} and its kernel object at different addresses, and the cast
 * leads to the kernel object ({@link SocketHelpers#asKernelStruct}). {@code bpf_cast_to_kern_ctx}
 * gives a pointer to the kernel's own context struct ({@code struct xdp_buff},
 * {@code struct sk_buff}), whose layout the emulator does not have: it points at a region where
 * every read traps naming the struct and offset, so that a program reading kernel context fields
 * fails where it reads instead of reading the wrong bytes.
 *
 * <p>Reads through a {@code bpf_rdonly_cast} pointer are probe reads in the kernel (a fault reads
 * 0); here they are ordinary reads of the VM's memory, which trap outside it.
 */
final class KernelCastKfuncs {
    /** Where the kernel context structs are mapped: 48 slots below the maps. */
    static final long KERNEL_CONTEXT_ADDRESS = Vm.HEAP_BASE - (48L << Memory.SLOT_SHIFT);

    private static final Map<ContextType, Region> KERNEL_CONTEXTS = new EnumMap<>(ContextType.class);

    static {
        for (ContextType type : ContextType.values()) {
            String struct = switch (type) {
                case XDP -> "struct xdp_buff";
                case NETFILTER -> "struct bpf_nf_ctx";
                case GENERIC -> "the kernel's context struct";
                default -> "struct sk_buff";
            };
            Region r = new Region(struct + " (from bpf_cast_to_kern_ctx)", new byte[4096], false);
            r.setGuard((offset, size, store) -> (store ? "store" : "load") + " of " + size + " bytes at offset " + offset + " of " + struct
                    + " (from bpf_cast_to_kern_ctx): the fields of kernel structs are not emulated; read the program's context instead");
            KERNEL_CONTEXTS.put(type, r);
        }
    }

    private KernelCastKfuncs() {
    }

    static void register() {
        Kfuncs.register("bpf_cast_to_kern_ctx", EnumSet.allOf(ContextType.class), KernelCastKfuncs::castToKernCtx);
        Kfuncs.register("bpf_rdonly_cast", EnumSet.allOf(ContextType.class), (run, obj, btfId, r3, r4, r5) -> SocketHelpers.asKernelStruct(run, obj));
    }

    private static long castToKernCtx(KernelRun run, long ctx, long r2, long r3, long r4, long r5) {
        Region region = KERNEL_CONTEXTS.get(run.programType());
        Memory memory = run.vm().memory();
        Region current = memory.regionAt(KERNEL_CONTEXT_ADDRESS);
        if (current != region) {
            if (current != null && !KERNEL_CONTEXTS.containsValue(current)) {
                throw run.trap(TrapException.Kind.UNSUPPORTED, "cannot map the kernel context: " + current.name() + " is at its address");
            }
            if (current != null) {
                memory.unmap(current);
            }
            memory.map(region, KERNEL_CONTEXT_ADDRESS);
        }
        return KERNEL_CONTEXT_ADDRESS;
    }
}
