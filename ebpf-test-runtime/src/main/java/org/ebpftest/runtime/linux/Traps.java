package org.ebpftest.runtime.linux;

import org.ebpftest.runtime.linux.helpers.HelperId;
import org.ebpftest.runtime.vm.MemoryFault;
import org.ebpftest.runtime.vm.TrapException;
import org.ebpftest.runtime.vm.Vm;

/**
 * Traps raised by helpers at the call instruction, with the VM's location fields. A helper refuses
 * a call only by throwing one of these: any other exception from helper code is a bug and is left
 * to surface as itself.
 */
public final class Traps {
    private Traps() {
    }

    /** A trap at the helper call that is running now. */
    public static TrapException atCall(Vm vm, TrapException.Kind kind, String detail) {
        return atCall(vm, kind, detail, null);
    }

    /** A trap at the helper call that is running now, caused by an error of the map engine. */
    public static TrapException atCall(Vm vm, TrapException.Kind kind, String detail, Throwable cause) {
        return vm.trapAtCall(kind, detail, cause);
    }

    /** A memory trap at the helper call that is running now, listing the regions that were mapped. */
    public static TrapException atCall(Vm vm, String detail, MemoryFault fault) {
        return vm.memoryTrapAtCall(detail, fault);
    }

    /**
     * The trap for a call the kernel's verifier would have refused at load (a map of the wrong kind,
     * a lock taken twice): {@code helper 195: bpf_map_lookup_percpu_elem needs a per-CPU map, ...}.
     */
    public static TrapException refused(Vm vm, HelperId id, String detail) {
        return refused(vm, id, detail, null);
    }

    /** A refused call, with the exception of the engine that refused it as the cause. */
    public static TrapException refused(Vm vm, HelperId id, String detail, Throwable cause) {
        return vm.trapAtCall(TrapException.Kind.HELPER, "helper " + id.id() + ": " + detail, cause);
    }

    /** The trap for a call with arguments the emulator does not model: {@code helper 25: ... is not emulated}. */
    public static TrapException unsupported(Vm vm, HelperId id, String detail) {
        return unsupported(vm, id, detail, null);
    }

    /** An unsupported call, with the exception of the engine that refused it as the cause. */
    public static TrapException unsupported(Vm vm, HelperId id, String detail, Throwable cause) {
        return vm.trapAtCall(TrapException.Kind.UNSUPPORTED, "helper " + id.id() + ": " + detail, cause);
    }
}
