package org.ebpftest.runtime.btf;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.ebpftest.runtime.MalformedObjectException;
import org.ebpftest.runtime.isa.Instruction;
import org.ebpftest.runtime.isa.InstructionClass;
import org.ebpftest.runtime.isa.Size;
import org.ebpftest.runtime.isa.Source;

/**
 * Resolves CO-RE relocations the way libbpf does ({@code relo_core.c}): finds the types in the
 * target BTF whose names match the local type (ignoring {@code ___flavour} suffixes) and whose
 * kinds are compatible, keeps those that match the relocation (the access path by member names
 * through compatible members, a compatible or matching type, an enumerator of the same name),
 * requires them to agree, and patches the instruction's immediate or offset with what they give.
 * The target is normally the emulated kernel's BTF ({@link KernelBtf}, see {@link CoreTarget});
 * resolved against the object's own BTF, it gives back the values the compiler wrote.
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
    private final CoreTypes types;
    private final CoreAccess paths;
    /**
     * libbpf's candidate cache: for each local type, the target types still in the running. A
     * relocation that some of them match leaves the others out of the later relocations of that
     * type; one that none matches leaves the list as it was.
     */
    private final Map<Integer, List<BtfType>> candidates = new HashMap<>();

    /**
     * A resolver for relocations of {@code local} types against {@code target} types. When the
     * target is the object's own BTF (no kernel BTF given), the structs the emulated kernel lays
     * out ({@link KernelStructs}) still resolve against the kernel's layout, since programs read
     * them in the emulator's memory. One resolver serves one object, whose relocations it must
     * see in the order of its {@code .BTF.ext}, since earlier ones prune the candidates of later ones.
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
        this.types = new CoreTypes(local, target);
        this.paths = new CoreAccess(target, types);
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
     * What a relocation resolves to, as libbpf's {@code bpf_core_relo_res}: the value the local BTF
     * gives (which the instruction must hold where {@code validate}), the target's value, for a
     * load or store the sizes of the field here and there and whether reading it with the other
     * size is unsafe, and why the instruction is poisoned (null when it is not).
     */
    private record Resolution(long local, boolean validate, long value, int localSize, int size, boolean unsafeSize, String poison) {
        static Resolution of(long local, boolean validate, long value) {
            return new Resolution(local, validate, value, 0, 0, false, null);
        }
    }

    /**
     * The instruction with the relocated value in place, as libbpf's {@code bpf_core_patch_insn}
     * writes it: the instruction must hold the value the local BTF gives (bitfield offsets, sizes
     * and left shifts, and target type ids, excepted); an immediate takes the low 32 bits of the
     * value; an offset must fit 16 bits; a load or store of a field whose size differs in the
     * target takes the target's size when both are pointers or unsigned integers, and is poisoned
     * otherwise.
     *
     * @throws NoMatchException when libbpf would poison the instruction
     * @throws MalformedObjectException if the relocation cannot be resolved or the instruction cannot take it
     */
    public Instruction apply(Instruction insn, CoreRelocation relo) {
        Resolution r = resolution(relo);
        InstructionClass cls = insn.instructionClass();
        switch (cls) {
            case ALU, ALU64 -> {
                if (Source.of(insn.opcode()) != Source.K) {
                    throw new MalformedObjectException("CO-RE relocation on ALU instruction without an immediate: " + insn);
                }
                poison(r);
                validate(r, insn.imm(), relo);
                // libbpf writes the low 32 bits of whatever value it found
                return insn.withImm((int) r.value());
            }
            case LDX, ST, STX -> {
                poison(r);
                validate(r, insn.offset(), relo);
                if (Long.compareUnsigned(r.value(), Short.MAX_VALUE) > 0) {
                    throw new MalformedObjectException(describe(relo) + ": value " + Long.toUnsignedString(r.value()) + " does not fit the offset of " + insn);
                }
                if (r.unsafeSize()) {
                    throw new NoMatchException(describe(relo) + ": the field is " + r.localSize() + " bytes here and " + r.size()
                            + " in the target, and a load or store of another size reads it wrongly unless both are pointers or unsigned integers");
                }
                Instruction out = insn.withOffset((int) r.value());
                if (r.size() != r.localSize()) {
                    int bytes = Size.of(insn.opcode()).bytes();
                    if (bytes != r.localSize()) {
                        throw new MalformedObjectException(describe(relo) + ": " + insn + " accesses " + bytes + " bytes of a field of " + r.localSize());
                    }
                    Size size = Size.ofBytes(r.size());
                    if (size == null) {
                        throw new MalformedObjectException(describe(relo) + ": the field is " + r.size() + " bytes in the target, which no load or store accesses");
                    }
                    out = out.withSize(size);
                }
                return out;
            }
            case LD -> {
                if (!insn.isWide() || insn.src() != 0 || insn.offset() != 0) {
                    throw new MalformedObjectException("CO-RE relocation on an instruction that is no plain 64-bit immediate load: " + insn);
                }
                poison(r);
                validate(r, insn.constant(), relo);
                return insn.withConstant(r.value());
            }
            default -> throw new MalformedObjectException("CO-RE relocation on instruction that takes no constant: " + insn);
        }
    }

    private static void poison(Resolution r) {
        if (r.poison() != null) {
            throw new NoMatchException(r.poison());
        }
    }

    /** libbpf refuses an instruction that does not hold what the local BTF says the compiler wrote. */
    private void validate(Resolution r, long held, CoreRelocation relo) {
        if (r.validate() && held != r.local()) {
            throw new MalformedObjectException(describe(relo) + ": the instruction holds " + Long.toUnsignedString(held) + " where the local BTF gives "
                    + Long.toUnsignedString(r.local()) + " (relocated to " + Long.toUnsignedString(r.value()) + "), as libbpf refuses it");
        }
    }

    /**
     * The value a relocation resolves to.
     *
     * @throws NoMatchException naming the relocation when libbpf would poison its instruction
     * @throws MalformedObjectException naming the relocation when it cannot be resolved
     */
    public long value(CoreRelocation relo) {
        Resolution r = resolution(relo);
        poison(r);
        return r.value();
    }

    private Resolution resolution(CoreRelocation relo) {
        if (resolvesAgainstKernelStructs(relo)) {
            return kernel.resolution(relo);
        }
        try {
            return compute(relo);
        } catch (MalformedObjectException e) {
            throw new MalformedObjectException(describe(relo) + ": " + e.getMessage(), e);
        }
    }

    private String describe(CoreRelocation relo) {
        return relo.kind() + " of " + local.typeName(relo.typeId()) + " (access " + relo.accessString() + ")";
    }

    private Resolution compute(CoreRelocation relo) {
        CoreKind kind = relo.kind();
        if (kind == CoreKind.TYPE_ID_LOCAL) {
            return Resolution.of(relo.typeId(), false, relo.typeId());
        }
        int[] access = parseAccess(relo.accessString());
        if (kind.isEnumValue()) {
            return enumValue(relo, access);
        }
        if (!kind.isField()) {
            return typeBased(relo);
        }
        return field(relo, access);
    }

    /**
     * What one matching candidate gives: the bit offset its path reaches (0 but for fields), the
     * value, and for a field's byte offset the size and type of the memory there.
     */
    private record Outcome(BtfType candidate, long bitOffset, long value, int memSize, int memType) {
    }

    /** A candidate's outcome for a relocation, or null when the candidate does not match it. */
    @FunctionalInterface
    private interface Matcher {
        Outcome match(BtfType candidate);
    }

    /**
     * libbpf's decision over the candidates of a local type ({@code bpf_core_calc_relo_insn}): the
     * ones that match must all reach the same bit offset ("field offset ambiguity") and give the
     * same value ("relocation decision ambiguity"), else the object is refused; the first one's
     * outcome stands, and the ones that did not match are left out of later relocations of the
     * type. Null when none matches.
     */
    private Outcome decide(CoreRelocation relo, Matcher matcher) {
        List<BtfType> all = candidates(relo.typeId());
        List<BtfType> matching = new ArrayList<>(all.size());
        Outcome first = null;
        for (BtfType candidate : all) {
            Outcome o = matcher.match(candidate);
            if (o == null) {
                continue;
            }
            if (first == null) {
                first = o;
            } else if (o.bitOffset() != first.bitOffset()) {
                throw new MalformedObjectException("field offset ambiguity: " + o.bitOffset() + " != " + first.bitOffset()
                        + " (bit offsets in " + target.typeName(candidate.id()) + " and " + target.typeName(first.candidate().id()) + " of the target)");
            } else if (o.value() != first.value()) {
                throw new MalformedObjectException("relocation decision ambiguity: success " + Long.toUnsignedString(o.value()) + " != success "
                        + Long.toUnsignedString(first.value()) + " (from " + target.typeName(candidate.id()) + " and "
                        + target.typeName(first.candidate().id()) + " of the target)");
            }
            matching.add(candidate);
        }
        if (!matching.isEmpty()) {
            candidates.put(relo.typeId(), matching);
        }
        return first;
    }

    /**
     * Type existence, size, target id and match: 0 when no candidate is compatible (or matches,
     * for {@code bpf_core_type_matches}), which libbpf answers without poisoning.
     */
    private Resolution typeBased(CoreRelocation relo) {
        CoreKind kind = relo.kind();
        if (!relo.accessString().equals("0")) {
            throw new MalformedObjectException("a type relocation's access string must be \"0\"");
        }
        long localValue = switch (kind) {
            case TYPE_ID_TARGET -> relo.typeId();
            case TYPE_SIZE -> local.sizeOf(relo.typeId());
            default -> 1;
        };
        Outcome found = decide(relo, c -> {
            boolean ok = kind == CoreKind.TYPE_MATCHES
                    ? types.typesMatch(relo.typeId(), c.id(), false, CoreTypes.LEVELS)
                    : types.typesCompatible(relo.typeId(), c.id(), CoreTypes.LEVELS);
            if (!ok) {
                return null;
            }
            long value = switch (kind) {
                case TYPE_ID_TARGET -> c.id();
                case TYPE_SIZE -> target.sizeOf(c.id());
                default -> 1;
            };
            return new Outcome(c, 0, value, 0, 0);
        });
        // a target type id may change when objects are linked, so libbpf does not check it
        return Resolution.of(localValue, kind != CoreKind.TYPE_ID_TARGET, found == null ? 0 : found.value());
    }

    /**
     * A field relocation: the local path through each candidate ({@link CoreAccess#match}); with
     * no candidate that has it, an existence check gives 0 and any other kind poisons the instruction.
     */
    private Resolution field(CoreRelocation relo, int[] access) {
        CoreKind kind = relo.kind();
        CoreAccess.Spec localSpec = CoreAccess.parseLocal(local, relo.typeId(), access);
        CoreAccess.FieldValue localValue = CoreAccess.value(kind, localSpec);
        paths.clearIncompatible();
        Outcome found = decide(relo, c -> {
            CoreAccess.Spec spec = paths.match(localSpec, c.id());
            if (spec == null) {
                return null;
            }
            CoreAccess.FieldValue v = CoreAccess.value(kind, spec);
            return new Outcome(c, spec.bitOffset(), v.value(), v.memSize(), v.memType());
        });
        if (found != null) {
            boolean unsafe = found.memSize() != localValue.memSize() && !sizeChangeSafe(localValue.memType(), found.memType());
            return new Resolution(localValue.value(), localValue.validate(), found.value(), localValue.memSize(), found.memSize(), unsafe, null);
        }
        if (kind == CoreKind.FIELD_EXISTS) {
            return Resolution.of(localValue.value(), localValue.validate(), 0);
        }
        String root = local.resolve(relo.typeId()).name();
        String why = candidates(relo.typeId()).isEmpty()
                ? "no type named \"" + root + "\" in the target"
                : "no field " + localSpec.path() + " in \"" + root + "\" of the target"
                        + (paths.incompatible() == null ? "" : " (" + paths.incompatible() + ", not compatible with the local type)");
        return new Resolution(localValue.value(), localValue.validate(), 0, 0, 0, false, describe(relo) + ": " + why);
    }

    /**
     * libbpf lets a load or store take the target field's size only for two pointers (a 32-bit
     * kernel's, zero-extended) and two integers that are not signed (zero extension keeps the value).
     */
    private boolean sizeChangeSafe(int localType, int targetType) {
        BtfType l = local.type(localType);
        BtfType t = target.type(targetType);
        if (l instanceof BtfType.Pointer && t instanceof BtfType.Pointer) {
            return true;
        }
        return l instanceof BtfType.IntType li && t instanceof BtfType.IntType ti && !plainSigned(li) && !plainSigned(ti);
    }

    /** An integer whose BTF encoding is exactly "signed" (not a char or bool). */
    private static boolean plainSigned(BtfType.IntType i) {
        return i.signed() && !i.isChar() && !i.isBool();
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

    /** The candidates of a local type, as the cache holds them (found on first use). */
    private List<BtfType> candidates(int localTypeId) {
        List<BtfType> list = candidates.get(localTypeId);
        if (list == null) {
            list = findCandidates(local.type(localTypeId));
            candidates.put(localTypeId, list);
        }
        return list;
    }

    /**
     * Target types of a kind compatible with the local type's whose names match without flavour
     * suffixes (libbpf's {@code bpf_core_find_cands}: the same kind, any two enums alike), in id order.
     */
    private List<BtfType> findCandidates(BtfType localType) {
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
        if (target == local && (a instanceof BtfType.Composite || a instanceof BtfType.Fwd)) {
            // against itself a forward declaration stands for its struct, as before kernel BTF was the target
            return b instanceof BtfType.Composite || b instanceof BtfType.Fwd;
        }
        return CoreTypes.kindsAgree(a, b);
    }

    private static String essential(String name) {
        return Btf.essentialName(name);
    }

    /**
     * An enum value relocation: every candidate enum (an enum known by its typedef through the
     * typedef) that has an enumerator of the local one's name without flavours, its first such;
     * they must agree on its value. A 32-bit enumerator's value is sign-extended, as libbpf reads
     * it, whether the enum is signed or not.
     */
    private Resolution enumValue(CoreRelocation relo, int[] access) {
        BtfType localEnum = local.resolve(relo.typeId());
        if (!(localEnum instanceof BtfType.EnumType e) || access.length != 1 || access[0] >= e.values().size()) {
            throw new MalformedObjectException("access does not name a value of an enum");
        }
        boolean exists = relo.kind() == CoreKind.ENUMVAL_EXISTS;
        BtfType.EnumValue localValue = e.values().get(access[0]);
        String name = essential(localValue.name());
        Outcome found = decide(relo, c -> {
            if (!(target.resolve(c.id()) instanceof BtfType.EnumType targetEnum)) {
                return null;
            }
            for (BtfType.EnumValue v : targetEnum.values()) {
                if (essential(v.name()).equals(name)) {
                    return new Outcome(c, 0, exists ? 1 : numeric(targetEnum, v), 0, 0);
                }
            }
            return null;
        });
        long here = exists ? 1 : numeric(e, localValue);
        if (found != null) {
            return Resolution.of(here, true, found.value());
        }
        if (exists) {
            return Resolution.of(here, true, 0);
        }
        return new Resolution(here, true, 0, 0, 0, false, describe(relo) + ": no enum value " + name + " in the target");
    }

    private static long numeric(BtfType.EnumType e, BtfType.EnumValue v) {
        return e.wide() ? v.value() : (int) v.value();
    }
}
