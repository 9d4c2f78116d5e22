package org.ebpftest.runtime.context;

import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * mimic's {@code generic} context: registers r1 to r5 set to named memory objects, which are
 * blocks of bytes, pointers into blocks and structs, integers, and structs of pointers and
 * integers. The way to describe any program type's context, such as a kprobe's {@code pt_regs}.
 *
 * <p>A run maps every block and struct as a writable region of its own and resolves pointers to
 * their addresses; CONTEXTS.md gives the layout.
 *
 * @param name its name
 * @param source the file it came from
 * @param registers register number (1 to 5) to the name of the memory object it holds
 * @param memory the memory objects, in the file's order
 */
public record GenericContext(String name, String source, Map<Integer, String> registers, List<MemoryObject> memory) implements BpfContext {

    /** Copies the collections in. */
    public GenericContext {
        registers = Map.copyOf(registers);
        memory = List.copyOf(memory);
    }

    @Override
    public String type() {
        return "generic";
    }

    /** The memory object of a name. */
    public Optional<MemoryObject> memory(String objectName) {
        return memory.stream().filter(m -> m.name().equals(objectName)).findFirst();
    }

    /** A named memory object: {@link Block}, {@link Pointer}, {@link Int} or {@link Struct}. */
    public sealed interface MemoryObject permits Block, Pointer, Int, Struct {
        /** Its name, unique in the context. */
        String name();
    }

    /**
     * A block of bytes ({@code "type": "block"}), mapped as a region of its own. The VM is
     * little-endian, as x86-64 and arm64 kernels are, whatever byte order the file declares: the
     * order is kept, not applied.
     *
     * @param name its name
     * @param value its bytes (base64 in the file)
     * @param byteOrder the order the file declares
     */
    public record Block(String name, byte[] value, ByteOrder byteOrder) implements MemoryObject {
        /** Copies the bytes in. */
        public Block {
            value = value.clone();
        }

        /** A copy of the bytes. */
        @Override
        public byte[] value() {
            return value.clone();
        }
    }

    /**
     * A pointer ({@code "type": "ptr"}) to a block or struct, {@code offset} bytes in: the value
     * of a register, or a 4-byte struct field whatever its {@code size} (0, 32 or 64), because
     * mimic, and edb which writes the files, always put a pointer field's 32-bit value in a struct.
     *
     * @param name its name
     * @param memory the block or struct it points into
     * @param offset the byte offset from its start
     * @param size 0, 32 or 64
     */
    public record Pointer(String name, String memory, int offset, int size) implements MemoryObject {
    }

    /**
     * An integer ({@code "type": "int"}) of 8, 16, 32 or 64 bits: the value of a register, or a
     * little-endian struct field.
     *
     * @param name its name
     * @param value its value
     * @param size 8, 16, 32 or 64
     */
    public record Int(String name, long value, int size) implements MemoryObject {
    }

    /**
     * A struct ({@code "type": "struct"}) laid out from its fields in order, without padding, as
     * mimic lays it out; fields are pointers and integers.
     *
     * @param name its name
     * @param fields its fields
     */
    public record Struct(String name, List<Field> fields) implements MemoryObject {
        /** Copies the fields in. */
        public Struct {
            fields = List.copyOf(fields);
        }
    }

    /**
     * One field of a struct.
     *
     * @param name the field's name
     * @param memory the pointer or integer that gives its bytes
     */
    public record Field(String name, String memory) {
    }
}
