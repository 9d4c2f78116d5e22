package org.ebpftest.runtime.vm;

import org.ebpftest.runtime.vm.jit.ExitStatus;

/**
 * Chooses, each time an execution enters a program, between its compiled code and the
 * interpreter, and hands over between them. Both leave the execution in the same state, so the
 * choice changes speed only.
 */
final class Engine {
    private Engine() {
    }

    /** Runs as {@link Interpreter#execute} does, in compiled code where the VM's mode allows. */
    static int execute(Execution e, long stopAt) {
        Probe probe = e.vm.probe();
        if (probe != null) {
            return probed(e, stopAt, probe);
        }
        while (true) {
            Program p = e.program;
            CompiledCode code = p.jit.codeFor(e.vm);
            if (code == null) {
                long before = e.count;
                int status = Interpreter.execute(e, stopAt);
                p.jit.interpreted(e.count - before);
                return status;
            }
            int status = code.execute(e, stopAt);
            if (status == ExitStatus.INTERPRET) {
                return Interpreter.execute(e, stopAt);
            }
            if (status != ExitStatus.REDISPATCH) {
                return status;
            }
        }
    }

    /** One instruction at a time through the interpreter, telling the probe before each. */
    private static int probed(Execution e, long stopAt, Probe probe) {
        while (e.count < stopAt) {
            probe.beforeInstruction(e);
            int status = Interpreter.execute(e, e.count + 1);
            if (status != Execution.STOPPED) {
                return status;
            }
        }
        return Execution.STOPPED;
    }
}
