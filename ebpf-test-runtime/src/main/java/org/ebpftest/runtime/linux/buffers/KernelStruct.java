package org.ebpftest.runtime.linux.buffers;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.ebpftest.runtime.vm.AccessGuard;

/**
 * A kernel struct a program reaches through a BTF pointer, laid out as Linux 6.18 x86-64's: its
 * size, the names of its members by offset (from a {@code NAME.members} resource generated from
 * this kernel's BTF, so that a trap names the member the program read), and the members the
 * emulator fills in. A guard built from it lets a program load within one modelled member, traps
 * a load of any other member naming it (so that an unmodelled member is never read as zeros), and
 * refuses stores as the verifier does for the read-only pointers it hands out.
 */
public final class KernelStruct {
    private final String name;
    private final int size;
    private final TreeMap<Integer, String> members;
    private final List<int[]> modelled;
    private final String modelledNames;

    private KernelStruct(String name, int size, TreeMap<Integer, String> members, List<int[]> modelled) {
        this.name = name;
        this.size = size;
        this.members = members;
        this.modelled = modelled;
        List<String> names = new ArrayList<>();
        for (int[] f : modelled) {
            names.add(memberAt(f[0]));
        }
        this.modelledNames = String.join(", ", names);
    }

    /**
     * The struct whose member table is the resource {@code NAME.members} next to {@code anchor},
     * with the members {@code offsetSizePairs} names ({offset, size} per member) modelled.
     */
    public static KernelStruct of(Class<?> anchor, String name, int size, int... offsetSizePairs) {
        List<int[]> modelled = new ArrayList<>();
        for (int i = 0; i < offsetSizePairs.length; i += 2) {
            modelled.add(new int[] {offsetSizePairs[i], offsetSizePairs[i + 1]});
        }
        return new KernelStruct(name, size, members(anchor, name + ".members"), List.copyOf(modelled));
    }

    /** {@code struct NAME}. */
    public String name() {
        return "struct " + name;
    }

    /** {@code sizeof(struct NAME)}. */
    public int size() {
        return size;
    }

    /** The member holding an offset: the last one starting at or before it, with the distance into it. */
    public String memberAt(int offset) {
        Map.Entry<Integer, String> e = members.floorEntry(offset);
        return e == null ? "?" : e.getValue() + (e.getKey() == offset ? "" : " + " + (offset - e.getKey()));
    }

    /**
     * Why an access is refused, or null when it is a load within one modelled member; {@code what}
     * says how the program got the pointer, for the message.
     */
    public String refusal(int offset, int length, boolean store, String what) {
        String where = (store ? "store" : "load") + " of " + length + " bytes at offset " + offset + " of " + name() + " (" + memberAt(offset) + ")";
        if (store) {
            return where + ": the kernel's verifier lets no program write " + what;
        }
        for (int[] f : modelled) {
            if (offset >= f[0] && offset + length <= f[0] + f[1]) {
                return null;
            }
        }
        return where + ": the emulator models only " + modelledNames + " of " + what;
    }

    /** A guard over a region holding this struct: {@link #refusal} for every access. */
    public AccessGuard guard(String what) {
        return (offset, length, store) -> refusal(offset, length, store, what);
    }

    private static TreeMap<Integer, String> members(Class<?> anchor, String resource) {
        TreeMap<Integer, String> m = new TreeMap<>();
        try (InputStream in = anchor.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the runtime's resources");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (!line.startsWith("#") && !line.isBlank()) {
                    String[] f = line.split(" ");
                    m.put(Integer.parseInt(f[0]), f[1]);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return m;
    }
}
