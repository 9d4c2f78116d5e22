package org.ebpftest.runtime.btf;

import java.util.List;

/**
 * One type of a {@link Btf} blob, in a form meant for reading rather than for the wire. Types refer
 * to each other by id (as the wire format does), because BTF graphs have cycles: resolve an id with
 * {@link Btf#type(int)}. Every implementation is an immutable record.
 */
public sealed interface BtfType {

    /** The type's id in its blob; 0 is void. */
    int id();

    /** The type's name, or an empty string for an anonymous type. */
    String name();

    /** The kind of type. */
    BtfKind kind();

    /** The void type, id 0. */
    record Void() implements BtfType {
        @Override public int id() { return 0; }
        @Override public String name() { return "void"; }
        @Override public BtfKind kind() { return BtfKind.VOID; }
    }

    /**
     * An integer type.
     *
     * @param id the type id
     * @param name the name, such as {@code unsigned int}
     * @param size the size in bytes
     * @param signed true for a signed integer
     * @param isChar true when the compiler marked it as a character type
     * @param isBool true for {@code _Bool}
     * @param bitOffset the offset of the value's bits inside the storage (0 in practice)
     * @param bits the number of value bits
     */
    record IntType(int id, String name, int size, boolean signed, boolean isChar, boolean isBool, int bitOffset, int bits)
            implements BtfType {
        @Override public BtfKind kind() { return BtfKind.INT; }
    }

    /** A pointer to {@code target}. */
    record Pointer(int id, int target) implements BtfType {
        @Override public String name() { return ""; }
        @Override public BtfKind kind() { return BtfKind.PTR; }
    }

    /** An array of {@code count} elements of type {@code element}, indexed by {@code indexType}. */
    record ArrayType(int id, int element, int indexType, int count) implements BtfType {
        @Override public String name() { return ""; }
        @Override public BtfKind kind() { return BtfKind.ARRAY; }
    }

    /**
     * A member of a struct or union.
     *
     * @param name the member's name, or empty for an anonymous member
     * @param type the member's type id
     * @param bitOffset the offset from the start of the struct in bits
     * @param bitfieldSize the width of a bitfield in bits, or 0 when the member is not a bitfield
     */
    record Member(String name, int type, int bitOffset, int bitfieldSize) {
    }

    /** A struct or union: both have a size and members. */
    sealed interface Composite extends BtfType permits StructType, UnionType {
        /** The size in bytes. */
        int size();

        /** The members in declaration order. */
        List<Member> members();
    }

    /** A struct. */
    record StructType(int id, String name, int size, List<Member> members) implements Composite {
        /** Keeps an unmodifiable copy of the members. */
        public StructType {
            members = List.copyOf(members);
        }

        @Override public BtfKind kind() { return BtfKind.STRUCT; }
    }

    /** A union. */
    record UnionType(int id, String name, int size, List<Member> members) implements Composite {
        /** Keeps an unmodifiable copy of the members. */
        public UnionType {
            members = List.copyOf(members);
        }

        @Override public BtfKind kind() { return BtfKind.UNION; }
    }

    /** One named value of an enum. */
    record EnumValue(String name, long value) {
    }

    /**
     * An enum; {@code ENUM} has 32-bit values and {@code ENUM64} 64-bit values.
     *
     * @param size the size in bytes
     * @param signed true when the values are signed
     * @param wide true for {@link BtfKind#ENUM64}
     */
    record EnumType(int id, String name, int size, boolean signed, boolean wide, List<EnumValue> values) implements BtfType {
        /** Keeps an unmodifiable copy of the values. */
        public EnumType {
            values = List.copyOf(values);
        }

        @Override public BtfKind kind() { return wide ? BtfKind.ENUM64 : BtfKind.ENUM; }
    }

    /** A forward declaration; {@code union} tells whether it declares a union or a struct. */
    record Fwd(int id, String name, boolean union) implements BtfType {
        @Override public BtfKind kind() { return BtfKind.FWD; }
    }

    /** A typedef naming {@code type}. */
    record Typedef(int id, String name, int type) implements BtfType {
        @Override public BtfKind kind() { return BtfKind.TYPEDEF; }
    }

    /** A qualifier ({@code volatile}, {@code const} or {@code restrict}) applied to {@code type}. */
    record Qualifier(int id, BtfKind kind, int type) implements BtfType {
        @Override public String name() { return ""; }
    }

    /** How far a function or variable is visible. */
    enum Linkage {
        /** Visible in its compilation unit only. */
        STATIC,
        /** Visible to other objects. */
        GLOBAL,
        /** Declared here, defined elsewhere. */
        EXTERN;

        static Linkage of(int code) {
            return code >= 0 && code < values().length ? values()[code] : GLOBAL;
        }
    }

    /** A function: its name, prototype and linkage. */
    record Func(int id, String name, int proto, Linkage linkage) implements BtfType {
        @Override public BtfKind kind() { return BtfKind.FUNC; }
    }

    /** A parameter of a function prototype; a variadic prototype ends with one of type 0. */
    record Param(String name, int type) {
    }

    /** A function prototype. */
    record FuncProto(int id, int returnType, List<Param> params) implements BtfType {
        /** Keeps an unmodifiable copy of the parameters. */
        public FuncProto {
            params = List.copyOf(params);
        }

        @Override public String name() { return ""; }
        @Override public BtfKind kind() { return BtfKind.FUNC_PROTO; }
    }

    /** A global variable. */
    record Var(int id, String name, int type, Linkage linkage) implements BtfType {
        @Override public BtfKind kind() { return BtfKind.VAR; }
    }

    /** Where a variable lives in a data section: the {@link Var}'s id, its offset and size. */
    record VarSecinfo(int type, int offset, int size) {
    }

    /** A data section and the variables in it. */
    record Datasec(int id, String name, int size, List<VarSecinfo> vars) implements BtfType {
        /** Keeps an unmodifiable copy of the variables. */
        public Datasec {
            vars = List.copyOf(vars);
        }

        @Override public BtfKind kind() { return BtfKind.DATASEC; }
    }

    /** A floating-point type of {@code size} bytes. */
    record FloatType(int id, String name, int size) implements BtfType {
        @Override public BtfKind kind() { return BtfKind.FLOAT; }
    }

    /** A tag on a declaration; {@code componentIndex} is -1 for the whole type, else a member or parameter. */
    record DeclTag(int id, String name, int type, int componentIndex) implements BtfType {
        @Override public BtfKind kind() { return BtfKind.DECL_TAG; }
    }

    /** A tag on a type, such as {@code __user}. */
    record TypeTag(int id, String name, int type) implements BtfType {
        @Override public BtfKind kind() { return BtfKind.TYPE_TAG; }
    }
}
