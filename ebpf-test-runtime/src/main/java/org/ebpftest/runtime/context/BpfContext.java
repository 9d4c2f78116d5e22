package org.ebpftest.runtime.context;

import org.ebpftest.runtime.linux.LoadedObject;
import org.ebpftest.runtime.linux.RunResult;

/**
 * One context from a mimic context file: what a program runs on. {@link GenericContext} sets
 * registers and memory by hand, {@link XdpMdContext} and {@link SkBuffContext} give a packet for
 * the XDP and {@code __sk_buff} paths, and {@link CapturedContext} wraps one of them with helper
 * results recorded from a real kernel. Read them with {@link Contexts}; run them with
 * {@link #runOn} or {@link ContextRunner}.
 */
public sealed interface BpfContext permits GenericContext, XdpMdContext, SkBuffContext, CapturedContext {

    /** Its name: from the file, or {@code file[i]} when the file gives none. */
    String name();

    /** The file it came from, as messages name it. */
    String source();

    /** Its type as the file writes it: {@code generic}, {@code xdp_md}, {@code sk_buff} or {@code captured}. */
    String type();

    /**
     * Runs a program of a loaded object once on this context; a captured context fails on a helper
     * call it did not record ({@link ReplayMode#FAIL}).
     *
     * @throws IllegalArgumentException if the program cannot run on this type of context
     */
    default RunResult runOn(LoadedObject object, String program) {
        return ContextRunner.run(object, program, this, ReplayMode.FAIL);
    }

    /** Runs a program of a loaded object once on this context, replaying captured helper calls as {@code mode} says. */
    default RunResult runOn(LoadedObject object, String program, ReplayMode mode) {
        return ContextRunner.run(object, program, this, mode);
    }
}
