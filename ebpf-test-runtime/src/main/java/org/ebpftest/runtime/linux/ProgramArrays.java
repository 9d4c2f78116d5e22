package org.ebpftest.runtime.linux;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ebpftest.runtime.InvalidProgramException;
import org.ebpftest.runtime.elf.MapSpec;
import org.ebpftest.runtime.elf.ObjectSpec;
import org.ebpftest.runtime.elf.ProgramSpec;
import org.ebpftest.runtime.elf.ProgramType;
import org.ebpftest.runtime.elf.TypeRule;
import org.ebpftest.runtime.isa.Instruction;
import org.ebpftest.runtime.isa.PseudoSource;
import org.ebpftest.runtime.linux.maps.BpfMap;
import org.ebpftest.runtime.linux.maps.MapOperationException;
import org.ebpftest.runtime.linux.maps.ReferenceMap;
import org.ebpftest.runtime.uapi.Errno;
import org.ebpftest.runtime.uapi.MapType;
import org.ebpftest.runtime.vm.Program;

/**
 * The slots of an object's program arrays and maps of maps, with the kernel's rules: a program
 * array holds programs of one type ({@code bpf_prog_map_compatible}), claimed by the first program
 * that uses it or enters it; the static initialisers fill slots at load; user space sets and clears
 * program slots later. Slots hold the ids user space would see: the order of creation, from 1.
 */
final class ProgramArrays {
    private final ObjectSpec spec;
    private final ObjectMaps objectMaps;
    private final Map<String, BpfMap> mapsByName;
    private final Map<String, Program> programs;
    private final Map<BpfMap, ArrayOwner> owners = new HashMap<>();

    /**
     * @param mapsByName the object's maps by name, all created
     * @param programs the object's programs by name, in the object's order (filled before slots are)
     */
    ProgramArrays(ObjectSpec spec, ObjectMaps objectMaps, Map<String, BpfMap> mapsByName, Map<String, Program> programs) {
        this.spec = spec;
        this.objectMaps = objectMaps;
        this.mapsByName = mapsByName;
        this.programs = programs;
    }

    /** The program type a program array holds, set by the first program that uses or enters it. */
    private record ArrayOwner(String program, ProgramType type, boolean xdpFrags, TypeRule typedBy) {
        static ArrayOwner of(ProgramSpec p) {
            return new ArrayOwner(p.name(), p.type(), p.hasXdpFrags(), p.typedBy());
        }

        boolean accepts(ArrayOwner other) {
            return type == other.type && xdpFrags == other.xdpFrags;
        }

        @Override
        public String toString() {
            return "program \"" + program + "\" (" + type.bpftoolName() + (xdpFrags ? ", with frags" : "") + ", typed by "
                    + typedBy + ")";
        }
    }

    /**
     * A program that uses a program array claims it for its type, as the kernel's
     * {@code bpf_prog_map_compatible} does when the program loads; a second type is refused.
     */
    void claimIfProgramArray(ProgramSpec p, PseudoSource source, Instruction insn) {
        if (source != PseudoSource.MAP_IDX || insn.imm() < 0 || insn.imm() >= spec.maps().size()) {
            return;
        }
        BpfMap map = mapsByName.get(spec.maps().get(insn.imm()).name());
        if (map.type() != MapType.PROG_ARRAY) {
            return;
        }
        ArrayOwner user = ArrayOwner.of(p);
        ArrayOwner owner = owners.putIfAbsent(map, user);
        if (owner != null && !owner.accepts(user)) {
            throw new InvalidProgramException(spec.fileName() + ": " + user + " uses program array \"" + map.name() + "\", which " + owner
                    + " uses already; the kernel refuses to load it (EINVAL): a program array holds programs of one type");
        }
    }

    /** True when the program may enter the array; claims an unowned array, as an update from user space does. */
    private boolean entersProgramArray(BpfMap array, String program) {
        ArrayOwner entering = ArrayOwner.of(spec.program(program));
        ArrayOwner owner = owners.putIfAbsent(array, entering);
        return owner == null || owner.accepts(entering);
    }

    /** Fills the slots the object's static initialisers name ({@code .values = { [2] = &prog }}, {@code ID/SLOT} sections). */
    void fillStaticReferences() {
        for (MapSpec m : spec.maps()) {
            if (m.initialReferences().isEmpty()) {
                continue;
            }
            ReferenceMap outer = (ReferenceMap) mapsByName.get(m.name());
            for (Map.Entry<Integer, String> ref : m.initialReferences().entrySet()) {
                byte[] key = le32(ref.getKey());
                Object target;
                if (m.type() == MapType.PROG_ARRAY) {
                    target = program(ref.getValue());
                    if (!entersProgramArray(outer, ref.getValue())) {
                        throw new InvalidProgramException(spec.fileName() + ": map \"" + m.name() + "\": slot " + ref.getKey() + " = "
                                + ArrayOwner.of(spec.program(ref.getValue())) + " refused with EINVAL: the array holds "
                                + owners.get(outer) + "'s type");
                    }
                } else {
                    target = mapsByName.get(ref.getValue());
                    if (target == null) {
                        throw new IllegalArgumentException("no map named \"" + ref.getValue() + "\" in " + spec.fileName() + "; maps: "
                                + mapsByName.keySet());
                    }
                }
                try {
                    outer.setReference(key, le32(referenceId(target)), target);
                } catch (MapOperationException e) {
                    throw new InvalidProgramException(spec.fileName() + ": map \"" + m.name() + "\": slot " + ref.getKey()
                            + " = " + ref.getValue() + " refused with errno " + e.errno(), e);
                }
            }
        }
    }

    /** See {@link LoadedObject#setProgramSlot(String, int, String)}. */
    void setProgramSlot(String programArray, int slot, String program) {
        ReferenceMap jumps = programArray(programArray);
        Program target = program(program);
        String operation = "update of slot " + Integer.toUnsignedString(slot) + " with " + program;
        if (!entersProgramArray(jumps, program)) {
            throw new MapOperationException(programArray, operation, Errno.EINVAL);
        }
        try {
            jumps.setReference(le32(slot), le32(referenceId(target)), target);
        } catch (MapOperationException e) {
            throw new MapOperationException(programArray, operation, e.errno());
        }
    }

    /** See {@link LoadedObject#removeProgramSlot(String, int)}. */
    void removeProgramSlot(String programArray, int slot) {
        String operation = "delete of slot " + Integer.toUnsignedString(slot);
        boolean removed;
        try {
            removed = programArray(programArray).delete(le32(slot));
        } catch (MapOperationException e) {
            throw new MapOperationException(programArray, operation, e.errno());
        }
        if (!removed) {
            throw new MapOperationException(programArray, operation, Errno.ENOENT);
        }
    }

    /** See {@link LoadedObject#programInSlot(String, int)}. */
    Optional<String> programInSlot(String programArray, int slot) {
        return programArray(programArray).reference(slot & 0xffffffffL)
                .filter(Program.class::isInstance).map(p -> ((Program) p).name());
    }

    private Program program(String name) {
        Program p = programs.get(name);
        if (p == null) {
            throw new IllegalArgumentException("no program named \"" + name + "\" in " + spec.fileName() + "; programs: " + programs.keySet());
        }
        return p;
    }

    private ReferenceMap programArray(String name) {
        BpfMap map = mapsByName.get(name);
        if (map == null) {
            throw new IllegalArgumentException("no map named \"" + name + "\" in " + spec.fileName() + "; maps: " + mapsByName.keySet());
        }
        if (map.type() != MapType.PROG_ARRAY) {
            throw new IllegalArgumentException("map \"" + name + "\" of " + spec.fileName() + " is " + map.definition().typeName()
                    + ", not a program array; program arrays: " + mapsByName.values().stream()
                    .filter(m -> m.type() == MapType.PROG_ARRAY).map(BpfMap::name).toList());
        }
        return (ReferenceMap) map;
    }

    /** The id user space would see in a program array or map-in-map slot: the order of creation, from 1. */
    private int referenceId(Object target) {
        if (target instanceof BpfMap map) {
            return objectMaps.indexOf(map) + 1;
        }
        return List.copyOf(programs.keySet()).indexOf(((Program) target).name()) + 1;
    }

    private static byte[] le32(int v) {
        return new byte[] {(byte) v, (byte) (v >>> 8), (byte) (v >>> 16), (byte) (v >>> 24)};
    }
}
