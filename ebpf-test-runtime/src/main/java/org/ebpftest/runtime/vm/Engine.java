package org.ebpftest.runtime.vm;

import org.ebpftest.runtime.vm.jit.ExitStatus;

/**
 * Chooses, each time an execution enters a program, between its compiled code and the
 * interpreter, and hands over between them. Both leave the execution in the same state (registers,
 * stack, pc, instruction count), so the choice changes speed only.
 *
 * <p>The hand-over also happens in the middle of a run (on-stack replacement): in
 * {@link JitMode#AUTO} the interpreter is given a stop where the program reaches its compile
 * threshold; there the program is compiled, and the interpreter steps on, one instruction at a
 * time, until the pc is one compiled code can enter at (a loop's head, a function, the slot after
 * a call), where the run continues compiled. The interpreter's loop itself carries no check.
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
                long left = p.jit.untilCompiled(e.vm);
                long stop = left < stopAt - e.count ? e.count + left : stopAt;
                long before = e.count;
                int status = Interpreter.execute(e, stop);
                p.jit.interpreted(e.count - before);
                if (status != ExitStatus.STOPPED || e.count >= stopAt) {
                    return status;
                }
                continue; // the threshold, mid-run: the next round compiles and enters compiled code
            }
            int status = code.execute(e, stopAt);
            if (status == ExitStatus.INTERPRET) {
                // Not an entry of the compiled code, or the budget ends inside the next block: one
                // instruction interpreted, then compiled code is asked again at the new pc.
                long before = e.count;
                status = Interpreter.execute(e, Math.min(stopAt, e.count + 1));
                p.jit.interpreted(e.count - before);
                if (status != ExitStatus.STOPPED || e.count >= stopAt) {
                    return status;
                }
            } else if (status != ExitStatus.REDISPATCH) {
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
