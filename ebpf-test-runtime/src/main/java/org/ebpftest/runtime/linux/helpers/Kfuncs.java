package org.ebpftest.runtime.linux.helpers;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.ebpftest.runtime.linux.ContextType;

/**
 * The kernel functions (kfuncs) the emulator answers, by name, each with the program types the
 * kernel offers it to. An object's kfunc externs with these names are bound when it loads; any
 * other kfunc still loads and traps when a run calls it, naming it.
 */
public final class Kfuncs {
    /**
     * An emulated kfunc.
     *
     * @param name the kernel's name, such as {@code bpf_cast_to_kern_ctx}
     * @param types the program types that may call it
     * @param function what answers a call: r1 to r5 are its arguments, the result is r0
     */
    public record Kfunc(String name, Set<ContextType> types, LinuxHelper function) {
        /** A kfunc; the types are copied. */
        public Kfunc {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(function, "function");
            types = Set.copyOf(types);
        }
    }

    private static final Map<String, Kfunc> EMULATED = new TreeMap<>();

    static {
        XdpMetadataKfuncs.register();
        KernelCastKfuncs.register();
        Dynptrs.registerKfuncs();
        ConntrackKfuncs.register();
        BitsIterator.register();
        AllocatedObjects.registerKfuncs();
        AsyncCallbacks.registerKfuncs();
    }

    private Kfuncs() {
    }

    static void register(String name, Set<ContextType> types, LinuxHelper function) {
        EMULATED.put(name, new Kfunc(name, types, function));
    }

    /** The emulated kfunc of a name, if the emulator answers it. */
    public static Optional<Kfunc> emulated(String name) {
        return Optional.ofNullable(EMULATED.get(name));
    }

    /** The names of every emulated kfunc, sorted. */
    public static Set<String> names() {
        return Set.copyOf(EMULATED.keySet());
    }
}
