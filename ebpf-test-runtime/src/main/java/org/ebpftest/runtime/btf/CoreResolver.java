package org.ebpftest.runtime.btf;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.ebpftest.runtime.MalformedObjectException;
import org.ebpftest.runtime.isa.Instruction;
import org.ebpftest.runtime.isa.InstructionClass;
import org.ebpftest.runtime.isa.Source;

/**
 * Resolves CO-RE relocations the way libbpf does: finds the types in the target BTF whose names
 * match the local type (ignoring {@code ___flavour} suffixes) and whose kinds are compatible,
 * follows the access string by member names, and patches the instruction's immediate or offset
 * with what it found. The target is normally the emulated kernel's BTF ({@link KernelBtf}, see
 * {@link CoreTarget}); resolved against the object's own BTF, it gives back the values the
 * compiler wrote.
 */
public final class CoreResolver {
    /**
     * A relocation whose type, field or enum value the target does not have. libbpf does not
     * refuse the object for it: it poisons the instruction ({@link Instruction#corePoison()}), and
     * the kernel's verifier refuses the program only where its walk reaches that instruction.
     */
    public static final class NoMatchException extends MalformedObjectException {
        private static final long serialVersionUID = 1L;

        NoMatchException(String message) {
            super(message);
        }
    }

    private final Btf local;
    private final Btf target;
    /** For an object resolved against itself: the resolver of the structs the emulated kernel lays out, else null. */
    private final CoreResolver kernel;

    /**
     * A resolver for relocations of {@code local} types against {@code target} types. When the
     * target is the object's own BTF (no kernel BTF given), the structs the emulated kernel lays
     * out ({@link KernelStructs}) still resolve against the kernel's layout, since programs read
     * them in the emulator's memory.
     */
    public CoreResolver(Btf local, CoreTarget target) {
        this(local, target.btfFor(local));
    }

    /**
     * A resolver for relocations of {@code local} types against {@code target} types; a target
     * that is {@code local} itself resolves as {@link CoreTarget#objectBtf()} does.
     */
    public CoreResolver(Btf local, Btf target) {
        this.local = local;
        this.target = target;
        this.kernel = target == local ? new CoreResolver(local, KernelStructs.btf()) : null;
    }

    /**
     * Whether a relocation is resolved against the emulated kernel's structs ({@link KernelStructs})
     * rather than the object's own BTF. Where such a relocation finds no match, libbpf poisons the
     * instruction and Linux refuses it only if a run can reach it; the loader does the same.
     */
    public boolean resolvesAgainstKernelStructs(CoreRelocation relo) {
        if (kernel == null || relo.kind() == CoreKind.TYPE_ID_LOCAL || relo.kind().isEnumValue()) {
            return false;
        }
        BtfType root = local.resolve(relo.typeId());
        return (root instanceof BtfType.Composite || root instanceof BtfType.Fwd) && KernelStructs.defines(essential(root.name()));
    }

    /**
     * The instruction with the relocated value in place.
     *
     * @throws MalformedObjectException if the relocation cannot be resolved or the instruction cannot take it
     */
    public Instruction apply(Instruction insn, CoreRelocation relo) {
        long value = value(relo);
        InstructionClass cls = insn.instructionClass();
        switch (cls) {
            case ALU, ALU64 -> {
                if (Source.of(insn.opcode()) != Source.K) {
                    throw new MalformedObjectException("CO-RE relocation on ALU instruction without an immediate: " + insn);
                }
                checkFits(value, Integer.MIN_VALUE, 0xffffffffL, insn);
                return insn.withImm((int) value);
            }
            case LDX, ST, STX -> {
                checkFits(value, Short.MIN_VALUE, Short.MAX_VALUE, insn);
                return insn.withOffset((int) value);
            }
            case LD -> {
                if (!insn.isWide()) {
                    throw new MalformedObjectException("CO-RE relocation on legacy packet load: " + insn);
                }
                return insn.withConstant(value);
            }
            default -> throw new MalformedObjectException("CO-RE relocation on instruction that takes no constant: " + insn);
        }
    }

    private static void checkFits(long value, long min, long max, Instruction insn) {
        if (value < min || value > max) {
            throw new MalformedObjectException("CO-RE value " + value + " does not fit " + insn);
        }
    }

    /**
     * The value a relocation resolves to.
     *
     * @throws MalformedObjectException naming the relocation when it cannot be resolved
     */
    public long value(CoreRelocation relo) {
        if (resolvesAgainstKernelStructs(relo)) {
            return kernel.value(relo);
        }
        try {
            return compute(relo);
        } catch (NoMatchException e) {
            throw new NoMatchException(relo.kind() + " of " + local.typeName(relo.typeId())
                    + " (access " + relo.accessString() + "): " + e.getMessage());
        } catch (MalformedObjectException e) {
            throw new MalformedObjectException(relo.kind() + " of " + local.typeName(relo.typeId())
                    + " (access " + relo.accessString() + "): " + e.getMessage(), e);
        }
    }

    private long compute(CoreRelocation relo) {
        CoreKind kind = relo.kind();
        if (kind == CoreKind.TYPE_ID_LOCAL) {
            return relo.typeId();
        }
        int[] access = parseAccess(relo.accessString());
        BtfType localRoot = local.type(relo.typeId());
        List<BtfType> candidates = candidates(localRoot);
        if (kind.isEnumValue()) {
            return enumValue(relo, access, candidates);
        }
        if (!kind.isField()) {
            if (candidates.isEmpty()) {
                // libbpf: type-based relocations give 0 when the target has no such type (no poison)
                return 0;
            }
            if (kind == CoreKind.TYPE_MATCHES) {
                candidates = candidates.stream().filter(c -> typesMatch(relo.typeId(), c.id(), false, MATCH_LEVELS)).toList();
                // libbpf: no candidate that matches is a relocation to 0, as no candidate at all is
                return candidates.isEmpty() ? 0 : 1;
            }
            candidates = candidates.stream().filter(c -> typesCompatible(relo.typeId(), c.id(), MATCH_LEVELS)).toList();
            if (candidates.isEmpty()) {
                return 0;
            }
            Long agreed = null;
            for (BtfType found : candidates) {
                long value = switch (kind) {
                    case TYPE_ID_TARGET -> found.id();
                    case TYPE_SIZE -> target.sizeOf(found.id());
                    default -> 1;
                };
                agreed = agree(agreed, value, found);
            }
            return agreed;
        }
        List<Step> steps = localPath(relo.typeId(), access);
        Long agreed = null;
        for (BtfType candidate : candidates) {
            Field field = targetField(candidate.id(), access[0], steps);
            if (field != null) {
                agreed = agree(agreed, fieldValue(kind, field), candidate);
            }
        }
        if (agreed != null) {
            return agreed;
        }
        if (kind == CoreKind.FIELD_EXISTS) {
            return 0;
        }
        if (candidates.isEmpty()) {
            throw new NoMatchException("no type named \"" + localRoot.name() + "\" in the target");
        }
        StringBuilder path = new StringBuilder();
        for (Step step : steps) {
            path.append(step.name() == null ? "[" + step.index() + "]" : "." + step.name());
        }
        throw new NoMatchException("no field " + path + " in \"" + localRoot.name() + "\" of the target");
    }

    /**
     * libbpf's rule for several matching candidates: they must all give the same value, else the
     * load fails ("relocation decision ambiguity").
     */
    private long agree(Long before, long value, BtfType candidate) {
        if (before != null && before != value) {
            throw new MalformedObjectException("relocation decision ambiguity: " + before + " or " + value + " (the target has several "
                    + target.typeName(candidate.id()) + ")");
        }
        return value;
    }

    private static int[] parseAccess(String spec) {
        String[] parts = spec.split(":", -1);
        if (spec.isEmpty() || parts.length > Btf.MAX_DEPTH) {
            throw new MalformedObjectException("bad access string \"" + spec + "\"");
        }
        int[] out = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                out[i] = Integer.parseInt(parts[i]);
            } catch (NumberFormatException e) {
                throw new MalformedObjectException("bad access string \"" + spec + "\"", e);
            }
            if (out[i] < 0) {
                throw new MalformedObjectException("bad access string \"" + spec + "\"");
            }
        }
        return out;
    }

    /**
     * Target types of a kind compatible with the local type's whose names match without flavour
     * suffixes (libbpf's {@code bpf_core_find_cands}: the same kind, any two enums alike).
     */
    private List<BtfType> candidates(BtfType localType) {
        BtfType resolved = localType instanceof BtfType.Typedef ? localType : local.resolve(localType.id());
        String name = essential(resolved.name());
        List<BtfType> out = new ArrayList<>();
        if (target == local && !(resolved instanceof BtfType.Fwd)) {
            // against itself a type is its own only candidate: the values are those the compiler
            // wrote, whatever flavours of it the object also declares
            out.add(resolved);
            return out;
        }
        if (name.isEmpty()) {
            // libbpf refuses the object: "relocation on anonymous type is not supported"
            throw new MalformedObjectException("a CO-RE relocation of an anonymous type, which libbpf does not support");
        }
        for (BtfType t : target.withEssentialName(name)) {
            if (compatibleKinds(resolved, t)) {
                out.add(t);
            }
        }
        return out;
    }

    private boolean compatibleKinds(BtfType a, BtfType b) {
        if (a instanceof BtfType.EnumType) {
            return b instanceof BtfType.EnumType;
        }
        if (target == local && (a instanceof BtfType.Composite || a instanceof BtfType.Fwd)) {
            // against itself a forward declaration stands for its struct, as before kernel BTF was the target
            return b instanceof BtfType.Composite || b instanceof BtfType.Fwd;
        }
        return a.kind() == b.kind();
    }

    /** How deep libbpf's type match follows members and parameters. */
    private static final int MATCH_LEVELS = 32;

    /**
     * libbpf's "types match" relation for {@code bpf_core_type_matches}: typedefs and qualifiers
     * ignored, names equal without flavours, the same kind (a struct or union behind a pointer may
     * match a forward declaration of its kind, an enum a 64-bit enum), integers of the same size
     * and signedness, arrays of the same length, every local enumerator and every local member
     * present in the target by name (members of matching types, or only of a matching kind once
     * behind a pointer), functions with the same number of matching parameters and return type.
     */
    private boolean typesMatch(int localId, int targetId, boolean behindPointer, int level) {
        if (level <= 0) {
            throw new MalformedObjectException("type match nested too deep");
        }
        for (int depth = 0; depth < Btf.MAX_DEPTH; depth++) {
            BtfType l = local.resolve(localId);
            BtfType t = target.resolve(targetId);
            if (!essential(nameOf(l)).equals(essential(nameOf(t))) || nameOf(l).isEmpty() != nameOf(t).isEmpty()) {
                return false;
            }
            if (l instanceof BtfType.Void) {
                return t instanceof BtfType.Void;
            } else if (l instanceof BtfType.Fwd f) {
                if (t instanceof BtfType.Fwd tf) {
                    return f.union() == tf.union();
                }
                return behindPointer && (f.union() ? t instanceof BtfType.UnionType : t instanceof BtfType.StructType);
            } else if (l instanceof BtfType.EnumType e) {
                return t instanceof BtfType.EnumType te && enumsMatch(e, te);
            } else if (l instanceof BtfType.Composite c) {
                boolean union = c instanceof BtfType.UnionType;
                boolean sameKind = union ? t instanceof BtfType.UnionType : t instanceof BtfType.StructType;
                if (behindPointer) {
                    return sameKind || t instanceof BtfType.Fwd tf && tf.union() == union;
                }
                return sameKind && membersMatch(c, (BtfType.Composite) t, level);
            } else if (l instanceof BtfType.IntType i) {
                return t instanceof BtfType.IntType ti && i.size() == ti.size() && i.signed() == ti.signed();
            } else if (l instanceof BtfType.Pointer p) {
                if (!(t instanceof BtfType.Pointer tp)) {
                    return false;
                }
                behindPointer = true;
                localId = p.target();
                targetId = tp.target();
            } else if (l instanceof BtfType.ArrayType a) {
                if (!(t instanceof BtfType.ArrayType ta) || a.count() != ta.count()) {
                    return false;
                }
                localId = a.element();
                targetId = ta.element();
            } else if (l instanceof BtfType.FuncProto fp) {
                if (!(t instanceof BtfType.FuncProto tfp) || fp.params().size() != tfp.params().size()) {
                    return false;
                }
                for (int i = 0; i < fp.params().size(); i++) {
                    if (!typesMatch(fp.params().get(i).type(), tfp.params().get(i).type(), behindPointer, level - 1)) {
                        return false;
                    }
                }
                localId = fp.returnType();
                targetId = tfp.returnType();
            } else {
                return false;
            }
        }
        throw new MalformedObjectException("type match nested too deep");
    }

    /**
     * libbpf's type compatibility for the other type-based relocations (existence, size, target
     * id): the kinds agree (any two enums alike) at the root and once typedefs and qualifiers are
     * seen through; structs, unions, enums and forward declarations need nothing more; integers
     * are compatible unless either is a bitfield-like integer; pointers and arrays by what they
     * point at or hold; functions by the number and compatibility of parameters and the return type.
     */
    private boolean typesCompatible(int localId, int targetId, int level) {
        if (!kindsAgree(local.type(localId), target.type(targetId))) {
            return false;
        }
        for (int depth = 0; depth < Btf.MAX_DEPTH; depth++) {
            BtfType l = local.resolve(localId);
            BtfType t = target.resolve(targetId);
            if (!kindsAgree(l, t)) {
                return false;
            }
            if (l instanceof BtfType.Composite || l instanceof BtfType.EnumType || l instanceof BtfType.Fwd || l instanceof BtfType.Void) {
                return true;
            } else if (l instanceof BtfType.IntType i) {
                return i.bitOffset() == 0 && ((BtfType.IntType) t).bitOffset() == 0;
            } else if (l instanceof BtfType.Pointer p) {
                localId = p.target();
                targetId = ((BtfType.Pointer) t).target();
            } else if (l instanceof BtfType.ArrayType a) {
                localId = a.element();
                targetId = ((BtfType.ArrayType) t).element();
            } else if (l instanceof BtfType.FuncProto fp) {
                BtfType.FuncProto tfp = (BtfType.FuncProto) t;
                if (fp.params().size() != tfp.params().size()) {
                    return false;
                }
                for (int i = 0; i < fp.params().size(); i++) {
                    if (level <= 1 || !typesCompatible(fp.params().get(i).type(), tfp.params().get(i).type(), level - 1)) {
                        return false;
                    }
                }
                localId = fp.returnType();
                targetId = tfp.returnType();
            } else {
                return false;
            }
        }
        return false;
    }

    /** btf_kind_core_compat: the same kind, or two enums of either width. */
    private static boolean kindsAgree(BtfType a, BtfType b) {
        return a.kind() == b.kind() || a instanceof BtfType.EnumType && b instanceof BtfType.EnumType;
    }

    private static String nameOf(BtfType t) {
        String name = t.name();
        return name == null ? "" : name;
    }

    /** Every local enumerator has a target enumerator of the same name (values may differ); sizes equal. */
    private static boolean enumsMatch(BtfType.EnumType l, BtfType.EnumType t) {
        if (l.size() != t.size() || l.values().size() > t.values().size()) {
            return false;
        }
        for (BtfType.EnumValue v : l.values()) {
            if (t.values().stream().noneMatch(tv -> essential(tv.name()).equals(essential(v.name())))) {
                return false;
            }
        }
        return true;
    }

    /** Every local member has a target member of the same name whose type matches. */
    private boolean membersMatch(BtfType.Composite l, BtfType.Composite t, int level) {
        if (l.members().size() > t.members().size()) {
            return false;
        }
        for (BtfType.Member m : l.members()) {
            boolean found = false;
            for (BtfType.Member tm : t.members()) {
                if (essential(nameOf(m.name())).equals(essential(nameOf(tm.name()))) && nameOf(m.name()).isEmpty() == nameOf(tm.name()).isEmpty()
                        && typesMatch(m.type(), tm.type(), false, level - 1)) {
                    found = true;
                    break;
                }
            }
            if (!found) {
                return false;
            }
        }
        return true;
    }

    private static String nameOf(String name) {
        return name == null ? "" : name;
    }

    private static String essential(String name) {
        return Btf.essentialName(name);
    }

    /**
     * One step of the local access path: a member by name, or an array element by index (name null).
     * Anonymous members take no step of their own, as in libbpf: the target may nest the named
     * member in different anonymous structs and unions, and the match looks into them by name.
     */
    private record Step(String name, int index) {
    }

    private List<Step> localPath(int rootId, int[] access) {
        List<Step> steps = new ArrayList<>();
        int type = rootId;
        for (int i = 1; i < access.length; i++) {
            BtfType t = local.resolve(type);
            if (t instanceof BtfType.Composite c) {
                if (access[i] >= c.members().size()) {
                    throw new MalformedObjectException("member index " + access[i] + " out of range for " + local.typeName(t.id()));
                }
                BtfType.Member m = c.members().get(access[i]);
                if (!m.name().isEmpty()) {
                    steps.add(new Step(m.name(), access[i]));
                }
                type = m.type();
            } else if (t instanceof BtfType.ArrayType a) {
                steps.add(new Step(null, access[i]));
                type = a.element();
            } else {
                throw new MalformedObjectException("access step " + i + " into " + t.kind());
            }
        }
        return steps;
    }

    /** What the target says about the field an access path ends at. */
    private record Field(long bitOffset, int bitfieldSize, int type, boolean arrayElement) {
    }

    private Field targetField(int rootId, int first, List<Step> steps) {
        long bits = first == 0 ? 0 : first * target.sizeOf(rootId) * 8;
        int type = rootId;
        int bitfield = 0;
        boolean element = false;
        for (Step step : steps) {
            BtfType t = target.resolve(type);
            if (step.name() != null && t instanceof BtfType.Composite c) {
                Field member = findMember(c, step.name(), 0);
                if (member == null) {
                    return null;
                }
                bits += member.bitOffset();
                bitfield = member.bitfieldSize();
                type = member.type();
                element = false;
            } else if (step.name() == null && t instanceof BtfType.ArrayType a) {
                long count = a.count() & 0xffffffffL;
                if (step.index() >= count && count != 0) {
                    return null;
                }
                bits += step.index() * target.sizeOf(a.element()) * 8;
                type = a.element();
                bitfield = 0;
                element = true;
            } else {
                return null;
            }
        }
        return new Field(bits, bitfield, type, element);
    }

    /** A member by name, looking into anonymous members as C does. */
    private Field findMember(BtfType.Composite c, String name, int depth) {
        if (depth > Btf.MAX_DEPTH) {
            throw new MalformedObjectException("anonymous members nest too deep");
        }
        for (BtfType.Member m : c.members()) {
            if (m.name().equals(name)) {
                return new Field(m.bitOffset(), m.bitfieldSize(), m.type(), false);
            }
            if (m.name().isEmpty() && target.resolve(m.type()) instanceof BtfType.Composite inner) {
                Field f = findMember(inner, name, depth + 1);
                if (f != null) {
                    return new Field(m.bitOffset() + f.bitOffset(), f.bitfieldSize(), f.type(), false);
                }
            }
        }
        return null;
    }

    private long fieldValue(CoreKind kind, Field f) {
        if (kind == CoreKind.FIELD_EXISTS) {
            return 1;
        }
        BtfType type = target.resolve(f.type());
        long bitOff = f.bitOffset();
        long bitSize = f.bitfieldSize();
        long byteSize;
        long byteOff;
        if (bitSize == 0) {
            byteSize = target.sizeOf(f.type());
            byteOff = bitOff / 8;
            bitSize = byteSize * 8;
        } else {
            byteSize = target.sizeOf(f.type());
            if (byteSize <= 0) {
                throw new MalformedObjectException("bitfield of a type without size");
            }
            byteOff = bitOff / 8 / byteSize * byteSize;
            while (bitOff + bitSize - byteOff * 8 > byteSize * 8) {
                if (byteSize >= 8) {
                    throw new MalformedObjectException("bitfield wider than 64 bits");
                }
                byteSize *= 2;
                byteOff = bitOff / 8 / byteSize * byteSize;
            }
        }
        return switch (kind) {
            case FIELD_BYTE_OFFSET -> byteOff;
            case FIELD_BYTE_SIZE -> byteSize;
            case FIELD_SIGNED -> (type instanceof BtfType.EnumType e && e.signed()) || (type instanceof BtfType.IntType i && i.signed()) ? 1 : 0;
            case FIELD_LSHIFT_U64 -> target.byteOrder() == ByteOrder.BIG_ENDIAN
                    ? (8 - byteSize) * 8 + (bitOff - byteOff * 8)
                    : 64 - (bitOff + bitSize - byteOff * 8);
            case FIELD_RSHIFT_U64 -> 64 - bitSize;
            default -> throw new IllegalStateException(kind.name());
        };
    }

    private long enumValue(CoreRelocation relo, int[] access, List<BtfType> candidates) {
        BtfType localEnum = local.resolve(relo.typeId());
        if (!(localEnum instanceof BtfType.EnumType e) || access.length != 1 || access[0] >= e.values().size()) {
            throw new MalformedObjectException("access does not name a value of an enum");
        }
        String name = essential(e.values().get(access[0]).name());
        for (BtfType candidate : candidates) {
            // a typedef'd enum (typedef enum { ... } name) is found by the typedef's name
            if (!(target.resolve(candidate.id()) instanceof BtfType.EnumType targetEnum)) {
                continue;
            }
            for (BtfType.EnumValue v : targetEnum.values()) {
                if (essential(v.name()).equals(name)) {
                    return relo.kind() == CoreKind.ENUMVAL_EXISTS ? 1 : v.value();
                }
            }
        }
        if (relo.kind() == CoreKind.ENUMVAL_EXISTS) {
            return 0;
        }
        throw new NoMatchException("no enum value " + name + " in the target");
    }
}
