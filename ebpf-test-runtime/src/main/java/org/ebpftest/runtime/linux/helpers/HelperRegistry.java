package org.ebpftest.runtime.linux.helpers;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.ebpftest.runtime.linux.ContextType;

/**
 * Helpers by {@link HelperId}, each with the program types the kernel offers it to: the one route
 * by which a helper reaches a run. The emulator's own helpers ({@link #emulated()}), the map
 * helpers a {@link org.ebpftest.runtime.linux.LoadedObject} adds, a test's overrides ({@link org.ebpftest.runtime.linux.LinuxEnvironment#overrides()}) and
 * a captured context's replay are all registries; a run asks them in the order replay, overrides,
 * emulator, and the first that has the helper answers.
 *
 * <pre>{@code
 * HelperRegistry helpers = HelperRegistry.emulated()
 *         .register(HelperId.KTIME_GET_NS, LinuxHelper.returning(1234))
 *         .register(HelperId.REDIRECT, Set.of(ContextType.XDP), myRedirect);
 * }</pre>
 */
public final class HelperRegistry {
    /** A registered helper and the program types that may call it. */
    public record Entry(LinuxHelper helper, Set<ContextType> types) {
    }

    private final Map<HelperId, Entry> entries = new EnumMap<>(HelperId.class);
    private int version;

    /** An empty registry. */
    public HelperRegistry() {
    }

    /** A new registry with every helper this package emulates (map helpers come with a {@link org.ebpftest.runtime.linux.LoadedObject}). */
    public static HelperRegistry emulated() {
        HelperRegistry r = new HelperRegistry();
        EmulatedHelpers.registerAll(r);
        return r;
    }

    /** Registers (or replaces) a helper that every program type may call. */
    public HelperRegistry register(HelperId id, LinuxHelper helper) {
        return register(id, EnumSet.allOf(ContextType.class), helper);
    }

    /**
     * Registers (or replaces) a helper the kernel offers only to some program types; a program of
     * another type that calls it traps, as the verifier would have refused it.
     */
    public HelperRegistry register(HelperId id, Set<ContextType> types, LinuxHelper helper) {
        entries.put(Objects.requireNonNull(id, "id"), new Entry(Objects.requireNonNull(helper, "helper"), Set.copyOf(types)));
        version++;
        return this;
    }

    /** Removes a helper, so that this registry no longer answers it. */
    public HelperRegistry remove(HelperId id) {
        entries.remove(id);
        version++;
        return this;
    }

    /** The helper registered for an id. */
    public Optional<LinuxHelper> get(HelperId id) {
        Entry e = entries.get(id);
        return e == null ? Optional.empty() : Optional.of(e.helper());
    }

    /** Every registered helper, in the order of their numbers. */
    public Set<HelperId> ids() {
        return Collections.unmodifiableSet(EnumSet.copyOf(entries.isEmpty() ? EnumSet.noneOf(HelperId.class) : entries.keySet()));
    }

    /** True when the helper is registered and offered to programs of this type. */
    public boolean availableTo(HelperId id, ContextType type) {
        Entry e = entries.get(id);
        return e != null && e.types().contains(type);
    }

    /** The entry for {@code id}, or {@code null} when this registry does not hold it. */
    public Entry entry(HelperId id) {
        return entries.get(id);
    }

    /** Copies every entry of {@code other} into this registry, replacing entries for the same helper. */
    public HelperRegistry putAll(HelperRegistry other) {
        entries.putAll(other.entries);
        version++;
        return this;
    }

    /** An independent copy. */
    public HelperRegistry copy() {
        return new HelperRegistry().putAll(this);
    }

    /** Counts changes, so that a VM built from this registry knows when it is stale. */
    public int version() {
        return version;
    }
}
