package org.ebpftest.runtime.skeleton;

import java.util.Objects;
import org.ebpftest.runtime.linux.maps.BpfMap;
import org.ebpftest.runtime.linux.maps.MapCodec;
import org.ebpftest.runtime.linux.maps.MapOperationException;
import org.ebpftest.runtime.uapi.MapFlags;

/**
 * One global variable of a loaded object, read and written where the object keeps it: at its offset
 * in the value of its section's array map ({@code .data}, {@code .bss}, {@code .rodata},
 * {@code .data.*}), as user space reaches it through the map after {@code bpf_object__load}.
 *
 * @param <T> the variable's Java type
 */
public final class GlobalVariable<T> {
    private static final byte[] KEY = new byte[4];

    private final BpfMap section;
    private final String name;
    private final int offset;
    private final MapCodec<T> codec;

    /**
     * A variable at {@code offset} of a section's map.
     *
     * @throws IllegalArgumentException when the variable does not fit the section, as when a skeleton
     *     was generated from another build of the object
     */
    public GlobalVariable(BpfMap section, String name, int offset, MapCodec<T> codec) {
        this.section = Objects.requireNonNull(section, "section");
        this.name = Objects.requireNonNull(name, "name");
        this.codec = Objects.requireNonNull(codec, "codec");
        if (offset < 0 || (long) offset + codec.size() > section.valueSize()) {
            throw new IllegalArgumentException("global variable " + name + " (" + codec.size() + " bytes at offset " + offset
                    + ") does not fit section " + section.name() + " (" + section.valueSize() + " bytes); regenerate the skeleton");
        }
        this.offset = offset;
    }

    /** The variable's name in C. */
    public String name() {
        return name;
    }

    /** The section's map. */
    public BpfMap section() {
        return section;
    }

    /** The variable's offset in its section. */
    public int offset() {
        return offset;
    }

    /** The variable's value now. */
    public T get() {
        byte[] value = section.lookup(KEY).orElseThrow(() -> new IllegalStateException("section " + section.name() + " has no value"));
        return codec.decode(value, offset);
    }

    /**
     * Writes the variable, leaving the rest of its section as it is (read, patch, update: do not
     * write while a program runs on another thread).
     *
     * @throws MapOperationException EPERM for a variable of {@code .rodata}, which is frozen once loaded
     */
    public void set(T value) {
        synchronized (section) {
            byte[] bytes = section.lookup(KEY).orElseThrow(() -> new IllegalStateException("section " + section.name() + " has no value"));
            codec.encode(value, bytes, offset);
            section.update(KEY, bytes, MapFlags.BPF_ANY);
        }
    }

    @Override
    public String toString() {
        return name + " (" + section.name() + " + " + offset + ")";
    }
}
