package org.ebpftest.runtime.linux;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ebpftest.runtime.linux.maps.BpfMaps;
import org.ebpftest.runtime.linux.maps.MapCreationException;
import org.ebpftest.runtime.linux.maps.MapDefinition;
import org.ebpftest.runtime.uapi.Errno;

/**
 * How much memory the maps of one loaded object may take together. The kernel charges map memory
 * to a memory cgroup and answers ENOMEM when it runs out; the emulator keeps maps on the JVM heap,
 * so it adds up {@link BpfMaps#memoryFootprint} of every map before creating any and refuses the
 * load, naming each map and its size, instead of running out of heap halfway. Maps that allocate
 * elements on demand ({@code BPF_F_NO_PREALLOC} hashes, LPM tries) are charged for their value
 * chunks as they allocate them; an insert the budget has no room for fails with -ENOMEM.
 */
public final class MemoryBudget {
    /** The budget of a load that sets none: 1 GiB, what one map may take at most. */
    public static final long DEFAULT_BYTES = BpfMaps.MAX_MAP_BYTES;
    /** The largest budget: the maps of an object share the VM's 32-bit address space above its heap base. */
    public static final long MAX_BYTES = 3L << 30;

    private static final Pattern SIZE = Pattern.compile("(\\d{1,19})\\s*(|B|bytes?|KiB|MiB|GiB)");

    private MemoryBudget() {
    }

    /**
     * Reads a size written as bytes or with a binary unit: {@code 1048576}, {@code 64KiB},
     * {@code 512MiB}, {@code 2 GiB}.
     *
     * @throws IllegalArgumentException for anything else, or a size of 0 or above {@link #MAX_BYTES}
     */
    public static long parse(String text) {
        Matcher m = SIZE.matcher(text == null ? "" : text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("memory budget \"" + text + "\" is not a size; write bytes or a whole number"
                    + " of KiB, MiB or GiB, such as \"512MiB\"");
        }
        long shift = switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "kib" -> 10;
            case "mib" -> 20;
            case "gib" -> 30;
            default -> 0;
        };
        long n;
        try {
            n = Long.parseLong(m.group(1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("memory budget \"" + text + "\" is too large; the most is " + BpfMaps.formatBytes(MAX_BYTES), e);
        }
        if (n > MAX_BYTES >> shift) {
            throw new IllegalArgumentException("memory budget \"" + text + "\" is too large; the most is " + BpfMaps.formatBytes(MAX_BYTES));
        }
        return check(n << shift);
    }

    /** Checks a budget in bytes: at least 1, at most {@link #MAX_BYTES}. */
    static long check(long bytes) {
        if (bytes < 1 || bytes > MAX_BYTES) {
            throw new IllegalArgumentException("memory budget must be 1 byte to " + BpfMaps.formatBytes(MAX_BYTES) + ", was " + bytes);
        }
        return bytes;
    }

    /**
     * Checks each definition as the kernel does and their sum against a budget.
     *
     * @return the bytes the maps take at creation; memory they allocate later is charged as it is
     *     allocated, and an insert that would pass the budget fails as the kernel's -ENOMEM
     *
     * @param object the object's file name, for the message
     * @throws MapCreationException (ENOMEM) naming every map with its size, the total and the
     *     budget, when the maps need more than the budget; or the first definition the kernel refuses
     */
    static long require(String object, List<MapDefinition> definitions, int cpus, long budget) {
        long total = 0;
        List<String> sizes = new ArrayList<>();
        MapDefinition largest = null;
        long largestBytes = -1;
        for (MapDefinition d : definitions) {
            long bytes = BpfMaps.memoryFootprint(d, cpus);
            total += bytes;
            sizes.add(d.name() + " (" + d.typeName() + ", " + BpfMaps.formatBytes(bytes) + ")");
            if (bytes > largestBytes) {
                largest = d;
                largestBytes = bytes;
            }
        }
        if (total > budget) {
            throw new MapCreationException(largest, Errno.ENOMEM, "the maps of " + object + " need " + BpfMaps.formatBytes(total)
                    + " together, more than its memory budget of " + BpfMaps.formatBytes(budget) + ": " + String.join(", ", sizes)
                    + "; make them smaller or raise the budget (LoadedObject.Loader.memoryBudget, @BpfObject(memoryBudget = ...))");
        }
        return total;
    }
}
