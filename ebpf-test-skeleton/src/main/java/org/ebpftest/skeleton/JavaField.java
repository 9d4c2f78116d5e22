package org.ebpftest.skeleton;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.TypeName;
import org.ebpftest.runtime.linux.maps.MapCodec;
import org.ebpftest.runtime.skeleton.StructBytes;

/**
 * How values of one BTF type look in Java and how generated code reads and writes them at an offset
 * of a byte array: the unit the generator composes structs, arrays and codecs from.
 *
 * @param type the Java type (primitive where the C type is a scalar)
 * @param size the C size in bytes
 * @param cType the C type's name, for Javadoc
 * @param reader the expression reading a value
 * @param writer the statement writing a value
 * @param generated the generated class for structs, unions and enums; null for scalars and arrays
 * @param bigEndian true for a {@code __be} integer, kept in network order
 */
record JavaField(TypeName type, int size, String cType, Reader reader, Writer writer, ClassName generated, boolean bigEndian) {
    private static final ClassName STRUCT_BYTES = ClassName.get(StructBytes.class);

    /** The expression reading a value at {@code offset} of array {@code in}; {@code depth} keeps nested lambdas' names apart. */
    @FunctionalInterface
    interface Reader {
        CodeBlock read(String in, CodeBlock offset, int depth);
    }

    /** The statement (without semicolon) writing {@code value} at {@code offset} of {@code out}; {@code field} names it in errors. */
    @FunctionalInterface
    interface Writer {
        CodeBlock write(CodeBlock value, String out, CodeBlock offset, String field, int depth);
    }

    CodeBlock read(String in, CodeBlock offset) {
        return reader.read(in, offset, 0);
    }

    CodeBlock write(CodeBlock value, String out, CodeBlock offset, String field) {
        return writer.write(value, out, offset, field, 0);
    }

    /** True when equality must compare contents: arrays, and the unions kept as bytes. */
    boolean isArray() {
        return type instanceof ArrayTypeName;
    }

    /** A {@code MapCodec.Reader} lambda. */
    CodeBlock readerLambda(int depth) {
        String b = "b" + depth;
        String o = "o" + depth;
        return CodeBlock.of("($L, $L) -> $L", b, o, reader.read(b, CodeBlock.of("$L", o), depth + 1));
    }

    /** A {@code MapCodec.Writer} lambda. */
    CodeBlock writerLambda(int depth, String field) {
        String v = "v" + depth;
        String b = "b" + depth;
        String o = "o" + depth;
        return CodeBlock.of("($L, $L, $L) -> $L", v, b, o, writer.write(CodeBlock.of("$L", v), b, CodeBlock.of("$L", o), field, depth + 1));
    }

    /** An expression of type {@code MapCodec<boxed type>} for this type. */
    CodeBlock codec() {
        if (generated != null) {
            return CodeBlock.of("$T.CODEC", generated);
        }
        if (!bigEndian && type.isPrimitive() && !type.equals(TypeName.BOOLEAN) && !type.equals(TypeName.FLOAT) && !type.equals(TypeName.DOUBLE)) {
            return CodeBlock.of("$T.int$L()", MapCodec.class, size * 8);
        }
        return CodeBlock.of("$T.<$T>of($L, $L, $L)", MapCodec.class, type.box(), size, writerLambda(0, "value"), readerLambda(0));
    }

    /** {@code offset + n}, or {@code offset} when n is 0. */
    static CodeBlock plus(CodeBlock offset, long n) {
        return n == 0 ? offset : CodeBlock.of("$L + $L", offset, n);
    }

    /** An integer of 1, 2, 4 or 8 bytes as byte, short, int or long. */
    static JavaField integer(int size, boolean bigEndian, String cType) {
        TypeName type = switch (size) {
            case 1 -> TypeName.BYTE;
            case 2 -> TypeName.SHORT;
            case 4 -> TypeName.INT;
            default -> TypeName.LONG;
        };
        Reader reader = size == 8
                ? (in, off, d) -> CodeBlock.of("$T.get($L, $L, 8, $L)", STRUCT_BYTES, in, off, bigEndian)
                : (in, off, d) -> CodeBlock.of("($T) $T.get($L, $L, $L, $L)", type, STRUCT_BYTES, in, off, size, bigEndian);
        Writer writer = (v, out, off, f, d) -> CodeBlock.of("$T.put($L, $L, $L, $L, $L)", STRUCT_BYTES, out, off, size, bigEndian, v);
        return new JavaField(type, size, cType, reader, writer, null, bigEndian);
    }

    /** A {@code _Bool}. */
    static JavaField bool(String cType) {
        return new JavaField(TypeName.BOOLEAN, 1, cType,
                (in, off, d) -> CodeBlock.of("$L[$L] != 0", in, off),
                (v, out, off, f, d) -> CodeBlock.of("$L[$L] = (byte) ($L ? 1 : 0)", out, off, v), null, false);
    }

    /** A float or double. */
    static JavaField floating(int size, String cType) {
        if (size == 4) {
            return new JavaField(TypeName.FLOAT, 4, cType,
                    (in, off, d) -> CodeBlock.of("$T.intBitsToFloat((int) $T.get($L, $L, 4, false))", Float.class, STRUCT_BYTES, in, off),
                    (v, out, off, f, d) -> CodeBlock.of("$T.put($L, $L, 4, false, $T.floatToRawIntBits($L))", STRUCT_BYTES, out, off, Float.class, v),
                    null, false);
        }
        return new JavaField(TypeName.DOUBLE, 8, cType,
                (in, off, d) -> CodeBlock.of("$T.longBitsToDouble($T.get($L, $L, 8, false))", Double.class, STRUCT_BYTES, in, off),
                (v, out, off, f, d) -> CodeBlock.of("$T.put($L, $L, 8, false, $T.doubleToRawLongBits($L))", STRUCT_BYTES, out, off, Double.class, v),
                null, false);
    }

    /** Bytes kept as they are: {@code char[]}, {@code __u8[]}, and types Java has no better view of. */
    static JavaField bytes(int size, String cType) {
        return new JavaField(ArrayTypeName.of(TypeName.BYTE), size, cType,
                (in, off, d) -> CodeBlock.of("$T.getBytes($L, $L, $L)", STRUCT_BYTES, in, off, size),
                (v, out, off, f, d) -> CodeBlock.of("$T.putBytes($L, $L, $L, $L, $S)", STRUCT_BYTES, out, off, size, v, f), null, false);
    }

    /** A generated struct, union or enum class, which has static {@code read} and {@code write} methods and a {@code CODEC}. */
    static JavaField generated(ClassName name, int size, String cType) {
        return new JavaField(name, size, cType,
                (in, off, d) -> CodeBlock.of("$T.read($L, $L)", name, in, off),
                (v, out, off, f, d) -> CodeBlock.of("$T.write($L, $L, $L)", name, v, out, off), name, false);
    }

    /** An array of {@code count} elements of {@code element}. */
    static JavaField array(JavaField element, int count, String cType) {
        int size = element.size() * count;
        int stride = element.size();
        TypeName e = element.type();
        if (e.equals(TypeName.BYTE)) {
            return bytes(size, cType);
        }
        boolean integer = e.equals(TypeName.SHORT) || e.equals(TypeName.INT) || e.equals(TypeName.LONG);
        if (integer && element.generated() == null) {
            boolean bigEndian = element.bigEndian();
            String kind = e.equals(TypeName.SHORT) ? "Shorts" : e.equals(TypeName.INT) ? "Ints" : "Longs";
            return new JavaField(ArrayTypeName.of(e), size, cType,
                    (in, off, d) -> CodeBlock.of("$T.get$L($L, $L, $L, $L)", STRUCT_BYTES, kind, in, off, count, bigEndian),
                    (v, out, off, f, d) -> CodeBlock.of("$T.put$L($L, $L, $L, $L, $L, $S)", STRUCT_BYTES, kind, out, off, count, bigEndian, v, f),
                    null, false);
        }
        TypeName boxed = e.box();
        return new JavaField(ArrayTypeName.of(boxed), size, cType,
                (in, off, d) -> CodeBlock.of("$T.getArray($L, $L, $L, $L, $T[]::new, $L)", STRUCT_BYTES, in, off, count, stride, boxed,
                        element.readerLambda(d)),
                (v, out, off, f, d) -> CodeBlock.of("$T.putArray($L, $L, $L, $L, $L, $L, $S)", STRUCT_BYTES, out, off, count, stride, v,
                        element.writerLambda(d, f), f),
                null, false);
    }
}
