package org.ebpftest.runtime.skeleton;

import java.util.Objects;
import org.ebpftest.runtime.linux.ContextType;
import org.ebpftest.runtime.linux.LoadedObject;
import org.ebpftest.runtime.linux.RunResult;
import org.ebpftest.runtime.linux.buffers.RunInput;

/**
 * One program of a loaded object, typed by the input its context takes: an
 * {@link org.ebpftest.runtime.linux.buffers.XdpInput} for XDP, an
 * {@link org.ebpftest.runtime.linux.buffers.SkbInput} for programs on an {@code __sk_buff}, any
 * {@link RunInput} otherwise.
 *
 * @param <I> the input the program runs on
 */
public final class ProgramHandle<I extends RunInput> {
    private final LoadedObject object;
    private final String name;

    /**
     * The program {@code name} of an object.
     *
     * @throws IllegalArgumentException listing the object's programs when it has none of that name
     */
    public ProgramHandle(LoadedObject object, String name) {
        this.object = Objects.requireNonNull(object, "object");
        this.name = Objects.requireNonNull(name, "name");
        object.program(name);
    }

    /** The program's name. */
    public String name() {
        return name;
    }

    /** The context the program runs on. */
    public ContextType contextType() {
        return object.contextType(name);
    }

    /** Runs the program once, as {@link LoadedObject#run(String, RunInput)} does. */
    public RunResult run(I input) {
        return object.run(name, input);
    }

    @Override
    public String toString() {
        return name + " of " + object.spec().fileName();
    }
}
