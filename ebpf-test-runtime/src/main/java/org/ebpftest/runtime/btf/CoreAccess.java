package org.ebpftest.runtime.btf;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.ebpftest.runtime.MalformedObjectException;

/**
 * The access path of a CO-RE field relocation, followed as libbpf follows it ({@code relo_core.c}):
 * parsed through the local BTF from the access string, matched by member names against a target
 * candidate, and turned into the value the relocation asks for.
 *
 * <p>A path keeps only the steps that mean something in C: the first index (the {@code 0} of
 * {@code &p[0]}), named members and array elements. Anonymous structs and unions take no step of
 * their own, so the target may nest the named member in other anonymous members, which the match
 * searches.
 */
final class CoreAccess {
    /**
     * One step: a member ({@code name} not null) at {@code index} of the struct or union
     * {@code typeId}, or an element ({@code name} null) at {@code index} of an array whose element
     * type is {@code typeId} (for the first step, the root type itself).
     */
    record Accessor(int typeId, int index, String name) {
    }

    /** A path through one BTF and the bit offset it reaches from the root. */
    record Spec(Btf btf, List<Accessor> accessors, long bitOffset) {
        Accessor last() {
            return accessors.get(accessors.size() - 1);
        }

        /** The path as C would write it, such as {@code .a.b[2]}. */
        String path() {
            StringBuilder out = new StringBuilder();
            for (int i = 1; i < accessors.size(); i++) {
                Accessor a = accessors.get(i);
                out.append(a.name() == null ? "[" + a.index() + "]" : "." + a.name());
            }
            return out.toString();
        }
    }

    /**
     * What a path gives a field relocation: the value; whether libbpf checks the instruction
     * against the local one (not the offset, size or left shift of a bitfield, which the compiler
     * may have chosen otherwise); and, for a byte offset, the size and type of the memory a load
     * or store there reads or writes (size 0 for a bitfield).
     */
    record FieldValue(long value, boolean validate, int memSize, int memType) {
    }

    private final Btf target;
    private final CoreTypes types;
    /** Why the last match failed where a member had the name but not a compatible type, or null. */
    private String incompatible;

    CoreAccess(Btf target, CoreTypes types) {
        this.target = target;
        this.types = types;
    }

    /**
     * The local path of an access string, as libbpf's {@code bpf_core_parse_spec} reads it: each
     * index past the first names a member of a struct or union, or an element of an array within
     * its length (any element of a flexible array, the last member of its struct with no length).
     *
     * @throws MalformedObjectException for a path the local type does not have, which libbpf refuses
     */
    static Spec parseLocal(Btf btf, int rootId, int[] access) {
        int id = btf.resolve(rootId).id();
        List<Accessor> accessors = new ArrayList<>();
        accessors.add(new Accessor(id, access[0], null));
        long bits = access[0] * btf.sizeOf(id) * 8;
        for (int i = 1; i < access.length; i++) {
            BtfType t = btf.resolve(id);
            int index = access[i];
            if (t instanceof BtfType.Composite c) {
                if (index >= c.members().size()) {
                    throw new MalformedObjectException("member index " + index + " out of range for " + btf.typeName(t.id()));
                }
                BtfType.Member m = c.members().get(index);
                bits += m.bitOffset();
                if (!m.name().isEmpty()) {
                    accessors.add(new Accessor(t.id(), index, m.name()));
                }
                id = m.type();
            } else if (t instanceof BtfType.ArrayType a) {
                int element = btf.resolve(a.element()).id();
                if (!isFlexible(btf, accessors.get(accessors.size() - 1), a) && Integer.toUnsignedLong(index) >= (a.count() & 0xffffffffL)) {
                    throw new MalformedObjectException("index " + index + " out of range for " + btf.typeName(t.id()));
                }
                accessors.add(new Accessor(element, index, null));
                bits += index * btf.sizeOf(element) * 8;
                id = element;
            } else {
                throw new MalformedObjectException("access step " + i + " into " + t.kind());
            }
        }
        return new Spec(btf, List.copyOf(accessors), bits);
    }

    /**
     * An array with no length that is the last member of its struct, reached by name: any index of
     * it is allowed.
     */
    private static boolean isFlexible(Btf btf, Accessor previous, BtfType.ArrayType array) {
        return previous.name() != null && array.count() == 0
                && btf.type(previous.typeId()) instanceof BtfType.Composite c && previous.index() == c.members().size() - 1;
    }

    /**
     * The local path followed through a target candidate ({@code bpf_core_spec_match}): each named
     * member found by its exact name (searching anonymous members too) and compatible with the
     * local member ({@link CoreTypes#fieldsCompatible}), each array index within the target's
     * length; null when the candidate does not have the path.
     */
    Spec match(Spec local, int candidateId) {
        int id = candidateId;
        List<Accessor> accessors = new ArrayList<>();
        long bits = 0;
        for (int i = 0; i < local.accessors().size(); i++) {
            Accessor step = local.accessors().get(i);
            id = target.resolve(id).id();
            if (step.name() != null) {
                BtfType.Member localMember = ((BtfType.Composite) local.btf().type(step.typeId())).members().get(step.index());
                Found found = findMember(step.name(), localMember.type(), id, 0);
                if (found == null) {
                    return null;
                }
                accessors.add(new Accessor(found.container(), found.index(), step.name()));
                bits += found.bitOffset();
                id = found.type();
            } else {
                if (i > 0) {
                    if (!(target.type(id) instanceof BtfType.ArrayType a)) {
                        return null;
                    }
                    if (!isFlexible(target, accessors.get(accessors.size() - 1), a) && Integer.toUnsignedLong(step.index()) >= (a.count() & 0xffffffffL)) {
                        return null;
                    }
                    id = target.resolve(a.element()).id();
                }
                accessors.add(new Accessor(id, step.index(), null));
                bits += step.index() * target.sizeOf(id) * 8;
            }
        }
        return new Spec(target, List.copyOf(accessors), bits);
    }

    /** Why the last {@link #match} found a member by name but of a type not compatible, or null. */
    String incompatible() {
        return incompatible;
    }

    /** Forgets the reason of an earlier match. */
    void clearIncompatible() {
        incompatible = null;
    }

    /** A member found by name: the struct or union that holds it, its index, type and bit offset from the searched type. */
    private record Found(int container, int index, int type, long bitOffset) {
    }

    /**
     * libbpf's {@code bpf_core_match_member}: the first member of that name, looking into
     * anonymous members in order; a member of that name but not a compatible type ends the search
     * at its level (an enclosing level goes on with its next members).
     */
    private Found findMember(String name, int localType, int containerId, int depth) {
        if (depth > Btf.MAX_DEPTH) {
            throw new MalformedObjectException("anonymous members nest too deep");
        }
        BtfType t = target.resolve(containerId);
        if (!(t instanceof BtfType.Composite c)) {
            return null;
        }
        for (int i = 0; i < c.members().size(); i++) {
            BtfType.Member m = c.members().get(i);
            if (m.name().isEmpty()) {
                Found inner = findMember(name, localType, m.type(), depth + 1);
                if (inner != null) {
                    return new Found(inner.container(), inner.index(), inner.type(), m.bitOffset() + inner.bitOffset());
                }
            } else if (m.name().equals(name)) {
                if (types.fieldsCompatible(localType, m.type())) {
                    return new Found(t.id(), i, m.type(), m.bitOffset());
                }
                if (incompatible == null) {
                    incompatible = name + " is " + target.typeName(m.type()) + " in " + target.typeName(t.id()) + " of the target";
                }
                return null;
            }
        }
        return null;
    }

    /**
     * What a path gives a field relocation, as libbpf's {@code bpf_core_calc_field_relo} works it
     * out; an element of an array (or the root) only has a byte offset and a size.
     *
     * @throws MalformedObjectException for a bitfield no 8-byte load can read, or a kind an array element cannot answer
     */
    static FieldValue value(CoreKind kind, Spec spec) {
        Btf btf = spec.btf();
        if (kind == CoreKind.FIELD_EXISTS) {
            return new FieldValue(1, true, 0, 0);
        }
        Accessor last = spec.last();
        if (last.name() == null) {
            long size = btf.sizeOf(last.typeId());
            return switch (kind) {
                case FIELD_BYTE_OFFSET -> new FieldValue(spec.bitOffset() / 8, true, (int) size, last.typeId());
                case FIELD_BYTE_SIZE -> new FieldValue(size, true, 0, 0);
                default -> throw new MalformedObjectException(kind + " cannot be applied to an array element");
            };
        }
        BtfType.Member m = ((BtfType.Composite) btf.type(last.typeId())).members().get(last.index());
        BtfType type = btf.resolve(m.type());
        long bitOff = spec.bitOffset();
        long bitSize = m.bitfieldSize();
        boolean bitfield = bitSize > 0;
        long byteSize;
        long byteOff;
        if (bitfield) {
            byteSize = btf.sizeOf(type.id());
            if (byteSize <= 0) {
                throw new MalformedObjectException("bitfield of a type without size");
            }
            byteOff = bitOff / 8 / byteSize * byteSize;
            // the smallest load that holds every bit of the field
            while (bitOff + bitSize - byteOff * 8 > byteSize * 8) {
                if (byteSize >= 8) {
                    throw new MalformedObjectException("bitfield " + last.name() + " cannot be read with a 64-bit load");
                }
                byteSize *= 2;
                byteOff = bitOff / 8 / byteSize * byteSize;
            }
        } else {
            byteSize = btf.sizeOf(type.id());
            byteOff = bitOff / 8;
            bitSize = byteSize * 8;
        }
        return switch (kind) {
            case FIELD_BYTE_OFFSET -> new FieldValue(byteOff, !bitfield, bitfield ? 0 : (int) byteSize, bitfield ? 0 : type.id());
            case FIELD_BYTE_SIZE -> new FieldValue(byteSize, !bitfield, 0, 0);
            case FIELD_SIGNED -> new FieldValue((type instanceof BtfType.EnumType e && e.signed()) || (type instanceof BtfType.IntType i && i.signed()) ? 1 : 0,
                    true, 0, 0);
            case FIELD_LSHIFT_U64 -> new FieldValue(btf.byteOrder() == ByteOrder.BIG_ENDIAN
                    ? (8 - byteSize) * 8 + (bitOff - byteOff * 8)
                    : 64 - (bitOff + bitSize - byteOff * 8), !bitfield, 0, 0);
            case FIELD_RSHIFT_U64 -> new FieldValue(64 - bitSize, true, 0, 0);
            default -> throw new IllegalStateException(kind.name());
        };
    }
}
