package org.ebpftest.runtime.isa;

/** The access width of a load or store: bits 3 and 4 of its opcode. */
public enum Size {
    /** Word, 4 bytes. */
    W(0x00, 4, "u32"),
    /** Half word, 2 bytes. */
    H(0x08, 2, "u16"),
    /** Byte. */
    B(0x10, 1, "u8"),
    /** Double word, 8 bytes. */
    DW(0x18, 8, "u64");

    private static final Size[] BY_CODE = {W, H, B, DW};

    private final int code;
    private final int bytes;
    private final String unsignedType;

    Size(int code, int bytes, String unsignedType) {
        this.code = code;
        this.bytes = bytes;
        this.unsignedType = unsignedType;
    }

    /** The size's bits in an opcode (already shifted into place). */
    public int code() {
        return code;
    }

    /** The number of bytes accessed. */
    public int bytes() {
        return bytes;
    }

    /** The C type the disassembler prints for this width, such as {@code u32}. */
    public String unsignedType() {
        return unsignedType;
    }

    /** The signed C type of this width, such as {@code s32}. */
    public String signedType() {
        return "s" + unsignedType.substring(1);
    }

    /** The width that accesses so many bytes, or null when none does. */
    public static Size ofBytes(long bytes) {
        for (Size s : BY_CODE) {
            if (s.bytes == bytes) {
                return s;
            }
        }
        return null;
    }

    /** The size of a load or store opcode byte. */
    public static Size of(int opcode) {
        return BY_CODE[(opcode >> 3) & 0x03];
    }
}
