package org.ebpftest.runtime.btf;

import org.ebpftest.runtime.MalformedObjectException;

/**
 * The three relations libbpf's CO-RE relocations ask of a local type and a target type
 * ({@code relo_core.c}): types that <em>match</em> ({@code bpf_core_type_matches}), types that are
 * <em>compatible</em> (type existence, size and target id) and <em>fields</em> that are compatible
 * (every member an access path goes through).
 */
final class CoreTypes {
    /** How deep libbpf follows members and parameters. */
    static final int LEVELS = 32;

    private final Btf local;
    private final Btf target;

    CoreTypes(Btf local, Btf target) {
        this.local = local;
        this.target = target;
    }

    /**
     * libbpf's rule for a member met on an access path ({@code bpf_core_fields_are_compat}), with
     * typedefs and qualifiers seen through on both sides: any two structs or unions are compatible
     * whatever their names (a struct may have become a union); otherwise the kinds must agree (an
     * enum and a 64-bit enum agree); any two pointers and any two floats are compatible; integers
     * of any size and signedness are, unless either is a bitfield-like integer; enums and forward
     * declarations need the same name without flavours, or one of them anonymous; arrays are
     * compatible when their elements are, whatever their lengths. Everything else (an integer
     * against a pointer or an enum, a struct against an integer, an array against a pointer) is not.
     */
    boolean fieldsCompatible(int localId, int targetId) {
        for (int depth = 0; depth < Btf.MAX_DEPTH; depth++) {
            BtfType l = local.resolve(localId);
            BtfType t = target.resolve(targetId);
            if (l instanceof BtfType.Composite && t instanceof BtfType.Composite) {
                return true;
            }
            if (!kindsAgree(l, t)) {
                return false;
            }
            if (l instanceof BtfType.Pointer || l instanceof BtfType.FloatType) {
                return true;
            } else if (l instanceof BtfType.Fwd || l instanceof BtfType.EnumType) {
                String ln = essential(nameOf(l));
                String tn = essential(nameOf(t));
                return ln.isEmpty() || tn.isEmpty() || ln.equals(tn);
            } else if (l instanceof BtfType.IntType i) {
                return i.bitOffset() == 0 && ((BtfType.IntType) t).bitOffset() == 0;
            } else if (l instanceof BtfType.ArrayType a) {
                localId = a.element();
                targetId = ((BtfType.ArrayType) t).element();
            } else {
                return false;
            }
        }
        throw new MalformedObjectException("array of arrays nested too deep");
    }

    /**
     * libbpf's "types match" relation for {@code bpf_core_type_matches}: typedefs and qualifiers
     * ignored, names equal without flavours, the same kind (a struct or union behind a pointer may
     * match a forward declaration of its kind, an enum a 64-bit enum), integers of the same size
     * and signedness, arrays of the same length, every local enumerator and every local member
     * present in the target by name (members of matching types, or only of a matching kind once
     * behind a pointer), functions with the same number of matching parameters and return type.
     */
    boolean typesMatch(int localId, int targetId, boolean behindPointer, int level) {
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
    boolean typesCompatible(int localId, int targetId, int level) {
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
    static boolean kindsAgree(BtfType a, BtfType b) {
        return a.kind() == b.kind() || a instanceof BtfType.EnumType && b instanceof BtfType.EnumType;
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

    static String nameOf(BtfType t) {
        return nameOf(t.name());
    }

    private static String nameOf(String name) {
        return name == null ? "" : name;
    }

    static String essential(String name) {
        return Btf.essentialName(name);
    }
}
