package org.ebpftest.runtime.context;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ebpftest.runtime.linux.buffers.ContextMemory;
import org.ebpftest.runtime.linux.LinuxEmulator;
import org.ebpftest.runtime.vm.Memory;

/**
 * Places a generic context's blocks and structs in the VM's context area and works out pointer
 * and register values. Each block and struct gets 1 MiB slots of its own, in the file's order, from
 * {@link LinuxEmulator#CONTEXT_MEMORY_START}; the one r1 names (or points into) comes first, so
 * that r1 is the context address as in any other run.
 */
final class GenericLayout {
    private static final long SLOT = 1L << Memory.SLOT_SHIFT;

    /** The blocks to map and the values of r1 to r5. */
    record Layout(List<ContextMemory> blocks, long[] registers) {
    }

    private final GenericContext context;
    private final Map<String, GenericContext.MemoryObject> byName = new HashMap<>();
    private final Map<String, Long> addresses = new LinkedHashMap<>();

    private GenericLayout(GenericContext context) {
        this.context = context;
        context.memory().forEach(m -> byName.put(m.name(), m));
    }

    /**
     * Lays out a context.
     *
     * @throws IllegalArgumentException if its blocks and structs do not fit in the context area
     */
    static Layout lay(GenericContext context) {
        return new GenericLayout(context).lay();
    }

    private Layout lay() {
        List<GenericContext.MemoryObject> regions = new ArrayList<>();
        String first = regionOf(context.registers().get(1));
        if (first != null) {
            regions.add(byName.get(first));
        }
        for (GenericContext.MemoryObject m : context.memory()) {
            if ((m instanceof GenericContext.Block || m instanceof GenericContext.Struct) && !m.name().equals(first)) {
                regions.add(m);
            }
        }
        long next = LinuxEmulator.CONTEXT_MEMORY_START;
        for (GenericContext.MemoryObject m : regions) {
            addresses.put(m.name(), next);
            long slots = Math.max(1, (size(m) + SLOT - 1) / SLOT);
            next += slots * SLOT;
            if (next > LinuxEmulator.CONTEXT_MEMORY_END) {
                throw new IllegalArgumentException("generic context [" + context.name() + "] in [" + context.source() + "]: its blocks and structs need "
                        + "more than the " + (LinuxEmulator.CONTEXT_MEMORY_END - LinuxEmulator.CONTEXT_MEMORY_START) / SLOT
                        + " slots of 1 MiB the context area has (each block and struct takes whole slots)");
            }
        }
        List<ContextMemory> blocks = new ArrayList<>();
        for (GenericContext.MemoryObject m : regions) {
            byte[] bytes = m instanceof GenericContext.Block b ? b.value() : structBytes((GenericContext.Struct) m);
            blocks.add(new ContextMemory(m.name(), addresses.get(m.name()), bytes));
        }
        long[] registers = new long[5];
        context.registers().forEach((r, name) -> registers[r - 1] = value(byName.get(name)));
        return new Layout(List.copyOf(blocks), registers);
    }

    /** The block or struct a register's memory object is or points into, or null. */
    private String regionOf(String name) {
        if (name == null) {
            return null;
        }
        GenericContext.MemoryObject m = byName.get(name);
        if (m instanceof GenericContext.Pointer p) {
            return p.memory();
        }
        return m instanceof GenericContext.Int ? null : name;
    }

    private int size(GenericContext.MemoryObject m) {
        if (m instanceof GenericContext.Block b) {
            return b.value().length;
        }
        int size = 0;
        for (GenericContext.Field f : ((GenericContext.Struct) m).fields()) {
            size += fieldSize(byName.get(f.memory()));
        }
        return size;
    }

    private static int fieldSize(GenericContext.MemoryObject m) {
        if (m instanceof GenericContext.Pointer) {
            // mimic's generic struct appends every pointer field as a u32, whatever the pointer's
            // size says; files written for mimic (edb's captures) are laid out that way.
            return 4;
        }
        return ((GenericContext.Int) m).size() / 8;
    }

    /** What a register holding the object gets: the address of a block or struct, a pointer's target, an int's value. */
    private long value(GenericContext.MemoryObject m) {
        if (m instanceof GenericContext.Pointer p) {
            return addresses.get(p.memory()) + p.offset();
        }
        if (m instanceof GenericContext.Int i) {
            return i.value();
        }
        return addresses.get(m.name());
    }

    /** A struct's fields in order, little-endian, without padding. */
    private byte[] structBytes(GenericContext.Struct s) {
        byte[] bytes = new byte[size(s)];
        int at = 0;
        for (GenericContext.Field f : s.fields()) {
            GenericContext.MemoryObject m = byName.get(f.memory());
            int width = fieldSize(m);
            long v = value(m);
            for (int i = 0; i < width; i++) {
                bytes[at + i] = (byte) (v >>> (8 * i));
            }
            at += width;
        }
        return bytes;
    }
}
