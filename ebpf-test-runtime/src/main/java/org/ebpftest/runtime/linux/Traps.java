package org.ebpftest.runtime.linux;

import org.ebpftest.runtime.vm.Execution;
import org.ebpftest.runtime.vm.MemoryFault;
import org.ebpftest.runtime.vm.Program;
import org.ebpftest.runtime.vm.TrapException;
import org.ebpftest.runtime.vm.Vm;

/** Traps raised by helpers at the call instruction, with the VM's location fields. */
public final class Traps {
    private Traps() {
    }

    /** A trap at the helper call that is running now. */
    public static TrapException atCall(Vm vm, TrapException.Kind kind, String detail) {
        return atCall(vm, kind, detail, null);
    }

    /** A trap at the helper call that is running now, caused by an error of the map engine. */
    public static TrapException atCall(Vm vm, TrapException.Kind kind, String detail, Throwable cause) {
        Execution e = vm.execution();
        Program p = e.program();
        int pc = e.pc() - 1;
        return new TrapException(kind, detail, p.name(), pc, p.instructionAt(pc), p.sourceLineAt(pc), cause);
    }

    /** A memory trap at the helper call that is running now, listing the regions that were mapped. */
    public static TrapException atCall(Vm vm, String detail, MemoryFault fault) {
        Execution e = vm.execution();
        Program p = e.program();
        int pc = e.pc() - 1;
        return new TrapException(TrapException.Kind.MEMORY, detail, p.name(), pc, p.instructionAt(pc), p.sourceLineAt(pc),
                "mapped regions: " + fault.mappedRegions(), fault);
    }
}
