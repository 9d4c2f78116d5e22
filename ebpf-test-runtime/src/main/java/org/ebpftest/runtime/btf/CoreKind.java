package org.ebpftest.runtime.btf;

/** What a CO-RE relocation asks for ({@code enum bpf_core_relo_kind}), with the wire numbers. */
public enum CoreKind {
    /** The byte offset of a field. */
    FIELD_BYTE_OFFSET(0),
    /** The size of a field in bytes. */
    FIELD_BYTE_SIZE(1),
    /** 1 if a field exists, else 0. */
    FIELD_EXISTS(2),
    /** 1 if a field is signed, else 0. */
    FIELD_SIGNED(3),
    /** The left shift that moves a bitfield to the top of a u64. */
    FIELD_LSHIFT_U64(4),
    /** The right shift that then moves it to the bottom. */
    FIELD_RSHIFT_U64(5),
    /** The type's id in the object's own BTF. */
    TYPE_ID_LOCAL(6),
    /** The type's id in the target BTF. */
    TYPE_ID_TARGET(7),
    /** 1 if the type exists in the target, else 0. */
    TYPE_EXISTS(8),
    /** The type's size in the target. */
    TYPE_SIZE(9),
    /** 1 if an enum value exists in the target, else 0. */
    ENUMVAL_EXISTS(10),
    /** An enum value's number in the target. */
    ENUMVAL_VALUE(11),
    /** 1 if the type matches one in the target, else 0. */
    TYPE_MATCHES(12);

    private final int code;

    CoreKind(int code) {
        this.code = code;
    }

    /** The wire number. */
    public int code() {
        return code;
    }

    /** The kind for a wire number, or null when it names none. */
    public static CoreKind of(int code) {
        return code >= 0 && code < values().length ? values()[code] : null;
    }

    /** True for the kinds about a field of a struct or union. */
    public boolean isField() {
        return code <= FIELD_RSHIFT_U64.code;
    }

    /** True for the kinds about an enum value. */
    public boolean isEnumValue() {
        return this == ENUMVAL_EXISTS || this == ENUMVAL_VALUE;
    }
}
