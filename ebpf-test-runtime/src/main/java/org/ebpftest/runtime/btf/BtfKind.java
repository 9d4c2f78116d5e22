package org.ebpftest.runtime.btf;

/** The kind of a BTF type, with the number the wire format uses ({@code BTF_KIND_*}). */
public enum BtfKind {
    /** The void type, id 0; never encoded. */
    VOID(0),
    /** An integer, boolean or char. */
    INT(1),
    /** A pointer. */
    PTR(2),
    /** An array with a fixed number of elements. */
    ARRAY(3),
    /** A struct. */
    STRUCT(4),
    /** A union. */
    UNION(5),
    /** An enum with 32-bit values. */
    ENUM(6),
    /** A forward declaration of a struct or union. */
    FWD(7),
    /** A typedef. */
    TYPEDEF(8),
    /** The volatile qualifier. */
    VOLATILE(9),
    /** The const qualifier. */
    CONST(10),
    /** The restrict qualifier. */
    RESTRICT(11),
    /** A function: its name and prototype. */
    FUNC(12),
    /** A function prototype: return type and parameters. */
    FUNC_PROTO(13),
    /** A global variable. */
    VAR(14),
    /** A data section and the variables in it. */
    DATASEC(15),
    /** A floating-point type. */
    FLOAT(16),
    /** An attribute attached to a declaration. */
    DECL_TAG(17),
    /** An attribute attached to a type. */
    TYPE_TAG(18),
    /** An enum with 64-bit values. */
    ENUM64(19);

    private final int code;

    BtfKind(int code) {
        this.code = code;
    }

    /** The number in the wire format. */
    public int code() {
        return code;
    }

    /** The kind for a wire number, or null when the number names none. */
    public static BtfKind of(int code) {
        return code >= 0 && code < values().length ? values()[code] : null;
    }
}
