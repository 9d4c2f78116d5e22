package org.ebpftest.runtime.elf;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ebpftest.runtime.MalformedObjectException;
import org.ebpftest.runtime.uapi.MapType;

/**
 * What iproute2 ({@code tc ... bpf obj X.o}, {@code ip link ... xdp obj X.o}) does with an object
 * beyond libbpf's conventions: one program type for every section, maps of maps wired through the
 * {@code id}, {@code inner_id} and {@code inner_idx} of {@code struct bpf_elf_map}, and program
 * arrays filled from sections named {@code ID/SLOT}.
 */
final class Iproute2 {
    private static final Pattern TAIL_CALL_SECTION = Pattern.compile("(\\d+)/(\\d+)");

    private Iproute2() {
    }

    /**
     * Gives the programs no section convention types the one type the object's typed programs
     * share, as tc gives every section the type of its command; when the typed programs disagree
     * (or there are none) they stay {@link ProgramType#UNSPEC}, for an explicit type to settle.
     */
    static List<ProgramSpec> typeUntyped(List<ProgramSpec> programs) {
        ProgramSpec typed = null;
        for (ProgramSpec p : programs) {
            if (p.type() == ProgramType.UNSPEC) {
                continue;
            }
            if (typed != null && typed.type() != p.type()) {
                return programs;
            }
            if (typed == null) {
                typed = p;
            }
        }
        if (typed == null) {
            return programs;
        }
        List<ProgramSpec> out = new ArrayList<>();
        TypeRule rule = new TypeRule(TypeRule.Origin.IPROUTE2, typed.name());
        for (ProgramSpec p : programs) {
            out.add(p.type() == ProgramType.UNSPEC ? p.withType(typed.type(), rule) : p);
        }
        return out;
    }

    /**
     * Maps of maps: an outer map's {@code inner_id} names the map whose shape its values take, and
     * that map, unless its {@code inner_idx} is -1, goes into the outer map at {@code inner_idx}.
     */
    static void linkMapsOfMaps(List<MapReader.ElfMapIds> ids) {
        for (MapReader.ElfMapIds outer : ids) {
            if (outer.type() != MapType.ARRAY_OF_MAPS && outer.type() != MapType.HASH_OF_MAPS) {
                continue;
            }
            String what = "map \"" + outer.map().name() + "\"";
            if (outer.innerId() == 0) {
                throw new MalformedObjectException(what + ": a map of maps needs the inner_id of a map in the object");
            }
            MapReader.ElfMapIds inner = byId(ids, outer.innerId());
            if (inner == null) {
                throw new MalformedObjectException(what + ": inner_id " + Integer.toUnsignedString(outer.innerId()) + " is the id of no map");
            }
            outer.map().builder().innerMap(inner.map().builder().build());
            for (MapReader.ElfMapIds m : ids) {
                if (m.id() == outer.innerId() && m.innerId() == 0 && m.innerIdx() != -1) {
                    outer.map().builder().initialReference(m.innerIdx(), m.map().name());
                }
            }
        }
    }

    /**
     * Tail calls: the program of a section named {@code ID/SLOT} goes into slot SLOT of the program
     * array whose {@code bpf_elf_map} id is ID. Like tc, a section whose ID names no map is left
     * alone; one that names a map of another type, or a slot past its end, is refused.
     */
    static void fillTailCalls(List<MapReader.ElfMapIds> ids, List<ProgramSpec> programs) {
        String done = null;
        for (ProgramSpec p : programs) {
            Matcher m = TAIL_CALL_SECTION.matcher(p.sectionName());
            if (!m.matches() || p.sectionName().equals(done)) {
                continue;
            }
            // tc loads a section as one program, the code at its start: the first function of the section
            done = p.sectionName();
            String what = "section \"" + p.sectionName() + "\"";
            MapReader.ElfMapIds array = byId(ids, parse(m.group(1), what));
            if (array == null) {
                continue;
            }
            MapSpec spec = array.map().builder().build();
            if (spec.type() != MapType.PROG_ARRAY) {
                throw new MalformedObjectException(what + ": map \"" + spec.name() + "\" with id " + m.group(1) + " is " + spec.type()
                        + ", not a program array");
            }
            long slot = parse(m.group(2), what) & 0xffffffffL;
            if (slot >= (spec.maxEntries() & 0xffffffffL)) {
                throw new MalformedObjectException(what + ": slot " + slot + " is past the end of program array \"" + spec.name() + "\" ("
                        + Integer.toUnsignedString(spec.maxEntries()) + " entries)");
            }
            array.map().builder().initialReference((int) slot, p.name());
        }
    }

    private static MapReader.ElfMapIds byId(List<MapReader.ElfMapIds> ids, int id) {
        for (MapReader.ElfMapIds m : ids) {
            if (m.id() == id && id != 0) {
                return m;
            }
        }
        return null;
    }

    private static int parse(String digits, String what) {
        try {
            return Integer.parseUnsignedInt(digits);
        } catch (NumberFormatException e) {
            throw new MalformedObjectException(what + ": " + digits + " does not fit 32 bits", e);
        }
    }
}
