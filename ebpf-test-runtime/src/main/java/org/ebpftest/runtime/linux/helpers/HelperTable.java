package org.ebpftest.runtime.linux.helpers;

import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.ebpftest.runtime.linux.ContextType;
import org.ebpftest.runtime.vm.Helper;

/**
 * Helpers by number, each with the program types the kernel offers it to: what the emulator
 * answers calls with. {@link #emulated()} holds the helpers this package implements; map helpers,
 * tail calls and test mocks are registered on top of it.
 */
public final class HelperTable {
    /** A registered helper and the program types that may call it. */
    public record Entry(LinuxHelper helper, Set<ContextType> types) {
    }

    private final Map<Integer, Entry> entries = new TreeMap<>();
    private int version;

    /** An empty table. */
    public HelperTable() {
    }

    /** A new table with every helper this package emulates. */
    public static HelperTable emulated() {
        HelperTable t = new HelperTable();
        EmulatedHelpers.registerAll(t);
        return t;
    }

    /** Registers (or replaces) a helper available to every program type. */
    public HelperTable register(int id, LinuxHelper helper) {
        return register(id, EnumSet.allOf(ContextType.class), helper);
    }

    /** Registers (or replaces) a helper that only needs the VM, such as a map helper. */
    public HelperTable registerVmHelper(int id, Helper helper) {
        Objects.requireNonNull(helper, "helper");
        return register(id, (LinuxHelper) (run, r1, r2, r3, r4, r5) -> helper.call(run.vm(), r1, r2, r3, r4, r5));
    }

    /** Registers (or replaces) a helper by name, such as {@code bpf_ktime_get_ns}. */
    public HelperTable register(String name, LinuxHelper helper) {
        return register(idOf(name), helper);
    }

    /** Registers (or replaces) a helper the kernel offers only to some program types. */
    public HelperTable register(int id, Set<ContextType> types, LinuxHelper helper) {
        if (id <= 0 || id > 0xffff) {
            throw new IllegalArgumentException("helper number must be 1 to 65535, was " + id);
        }
        entries.put(id, new Entry(Objects.requireNonNull(helper, "helper"), Set.copyOf(types)));
        version++;
        return this;
    }

    /** Removes a helper, so that calls to it trap as not emulated. */
    public HelperTable remove(int id) {
        entries.remove(id);
        version++;
        return this;
    }

    /** The helper registered under a number. */
    public Optional<LinuxHelper> get(int id) {
        Entry e = entries.get(id);
        return e == null ? Optional.empty() : Optional.of(e.helper());
    }

    /** The numbers of every registered helper, in ascending order. */
    public Set<Integer> ids() {
        return Set.copyOf(entries.keySet());
    }

    /** True when the helper is registered and offered to programs of this type. */
    public boolean availableTo(int id, ContextType type) {
        Entry e = entries.get(id);
        return e != null && e.types().contains(type);
    }

    public Entry entry(int id) {
        return entries.get(id);
    }

    /** Copies every entry of {@code other} into this table, replacing entries with the same number. */
    public HelperTable putAll(HelperTable other) {
        entries.putAll(other.entries);
        version++;
        return this;
    }

    /** An independent copy. */
    public HelperTable copy() {
        return new HelperTable().putAll(this);
    }

    /** Counts changes, so that a VM built from this table knows when it is stale. */
    public int version() {
        return version;
    }

    static int idOf(String name) {
        return HelperNames.id(name).orElseThrow(() -> new IllegalArgumentException("no helper named [" + name + "]; names look like bpf_ktime_get_ns"));
    }
}
