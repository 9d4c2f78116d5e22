package org.ebpftest.skeleton;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.lang.model.element.Modifier;
import org.ebpftest.runtime.btf.BtfType;
import org.ebpftest.runtime.linux.maps.MapCodec;
import org.ebpftest.runtime.skeleton.StructBytes;

/**
 * The members of a struct or union as the generated class sees them: a Java name, the Java view of
 * the type, and where the bytes (or bits, for a bitfield) are.
 */
final class Members {
    /**
     * One member; {@code bits} is 0 unless it is a bitfield, and then {@code bitOffset} places it;
     * {@code arrayLength} is the element count of an array member's first dimension, 0 for others.
     */
    record Member(String cName, String javaName, JavaField field, int byteOffset, int bitOffset, int bits, boolean signed, int arrayLength) {
        boolean isBitfield() {
            return bits > 0;
        }

        CodeBlock read(String in, CodeBlock base) {
            if (isBitfield()) {
                CodeBlock bits = CodeBlock.of("$T.getBits($L, $L, $L, $L, $L)", StructBytes.class, in, base, bitOffset, this.bits, signed);
                return field.type().equals(TypeName.LONG) ? bits : CodeBlock.of("($T) $L", field.type(), bits);
            }
            return field.read(in, JavaField.plus(base, byteOffset));
        }

        CodeBlock write(CodeBlock value, String out, CodeBlock base) {
            if (isBitfield()) {
                return CodeBlock.of("$T.putBits($L, $L, $L, $L, $L, $L, $S)", StructBytes.class, out, base, bitOffset, bits, signed, value, cName);
            }
            return field.write(value, out, JavaField.plus(base, byteOffset), cName);
        }

        /** Where the member is, for Javadoc: {@code __u32 low : 3 (bits 704 to 706)} or {@code __u64 count (offset 8)}. */
        String describe() {
            if (isBitfield()) {
                return "{@code " + field.cType() + " " + cName + " : " + bits + "} (bits " + bitOffset + " to " + (bitOffset + bits - 1) + ")";
            }
            return "{@code " + field.cType() + " " + cName + "} (offset " + byteOffset + ", " + field.size() + " bytes)";
        }
    }

    private Members() {
    }

    /** The members of a struct or union, named for Java and mapped to Java views. */
    static List<Member> of(TypeGenerator types, ClassName owner, BtfType.Composite composite) {
        List<Member> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        List<BtfType.Member> members = composite.members();
        for (int i = 0; i < members.size(); i++) {
            BtfType.Member m = members.get(i);
            String cName = m.name().isEmpty() ? "anon" + i : m.name();
            String javaName = JavaNames.member(cName);
            for (int n = 2; !names.add(javaName); n++) {
                javaName = JavaNames.member(cName) + n;
            }
            JavaField field = types.field(m.type(), owner.simpleName() + JavaNames.capitalize(javaName));
            int bits = m.bitfieldSize();
            int bitOffset = m.bitOffset();
            BtfType resolved = types.btf().resolve(m.type());
            if (bits == 0 && resolved instanceof BtfType.IntType it && it.bits() != it.size() * 8) {
                bits = it.bits();
                bitOffset += it.bitOffset();
            }
            boolean signed = resolved instanceof BtfType.IntType it2 ? it2.signed() : resolved instanceof BtfType.EnumType e && e.signed();
            if (bits > 0) {
                // An int whatever the storage type (a __u8 flag too), a long only when the bits need it.
                field = JavaField.integer(bits < 32 ? 4 : 8, false, types.btf().typeName(m.type()));
            }
            // byte[] views of what is no array in C (__int128, odd floats) hold the member's bytes
            int arrayLength = !field.isArray() ? 0 : resolved instanceof BtfType.ArrayType a ? a.count() : field.size();
            out.add(new Member(cName, javaName, field, bitOffset / 8, bitOffset, bits, signed, arrayLength));
        }
        return out;
    }

    /** {@code SIZE} and {@code CODEC}, which every generated struct, union and enum has. */
    static void addSizeAndCodec(TypeSpec.Builder type, ClassName name, int size, String cType) {
        type.addField(FieldSpec.builder(TypeName.INT, "SIZE", Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                .addJavadoc("{@code sizeof($L)}.\n", cType).initializer("$L", size).build());
        type.addField(FieldSpec.builder(ParameterizedTypeName.get(ClassName.get(MapCodec.class), name), "CODEC",
                        Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                .addJavadoc("Encodes and decodes {@code $L} as the program stores it.\n", cType)
                .initializer("$T.of(SIZE, $T::write, $T::read)", MapCodec.class, name, name).build());
    }

    /** The static {@code read(byte[], int)} method's skeleton. */
    static MethodSpec.Builder readMethod(ClassName name, String cType) {
        return MethodSpec.methodBuilder("read").addModifiers(Modifier.PUBLIC, Modifier.STATIC).returns(name)
                .addJavadoc("Decodes the {@code $L} at {@code offset} of {@code in}.\n", cType)
                .addParameter(byte[].class, "in").addParameter(int.class, "offset");
    }

    /** The static {@code write(T, byte[], int)} method's skeleton. */
    static MethodSpec.Builder writeMethod(ClassName name, String cType) {
        return MethodSpec.methodBuilder("write").addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .addJavadoc("Encodes {@code value} as {@code $L} at {@code offset} of {@code out}, padding zero.\n", cType)
                .addParameter(name, "value").addParameter(byte[].class, "out").addParameter(int.class, "offset");
    }

    /**
     * {@code equals}, {@code hashCode} and {@code toString} by content, for records with array
     * components (a record's own compare arrays by identity, which no test wants).
     */
    static void addContentEquality(TypeSpec.Builder type, ClassName name, List<String> components, List<TypeName> types) {
        CodeBlock.Builder list = CodeBlock.builder();
        for (int i = 0; i < components.size(); i++) {
            list.add(i == 0 ? "$L" : ", $L", components.get(i));
        }
        CodeBlock.Builder otherList = CodeBlock.builder();
        for (int i = 0; i < components.size(); i++) {
            otherList.add(i == 0 ? "o.$L" : ", o.$L", components.get(i));
        }
        type.addMethod(MethodSpec.methodBuilder("equals").addAnnotation(Override.class).addModifiers(Modifier.PUBLIC).returns(boolean.class)
                .addParameter(Object.class, "other")
                .addStatement("return other instanceof $T o && $T.deepEquals(new Object[] {$L}, new Object[] {$L})", name, Arrays.class,
                        list.build(), otherList.build())
                .build());
        type.addMethod(MethodSpec.methodBuilder("hashCode").addAnnotation(Override.class).addModifiers(Modifier.PUBLIC).returns(int.class)
                .addStatement("return $T.deepHashCode(new Object[] {$L})", Arrays.class, list.build()).build());
        CodeBlock.Builder text = CodeBlock.builder().add("$S", name.simpleName() + "[");
        for (int i = 0; i < components.size(); i++) {
            String c = components.get(i);
            text.add(" + $S + ", (i == 0 ? "" : ", ") + c + "=");
            if (types.get(i) instanceof ArrayTypeName a) {
                text.add("$T.$L($L)", Arrays.class, a.componentType().isPrimitive() ? "toString" : "deepToString", c);
            } else {
                text.add("$L", c);
            }
        }
        text.add(" + $S", "]");
        type.addMethod(MethodSpec.methodBuilder("toString").addAnnotation(Override.class).addModifiers(Modifier.PUBLIC).returns(String.class)
                .addStatement("return $L", text.build()).build());
    }
}
