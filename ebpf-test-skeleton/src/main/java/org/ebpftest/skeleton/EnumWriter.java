package org.ebpftest.skeleton;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Modifier;
import org.ebpftest.runtime.btf.BtfType;
import org.ebpftest.runtime.skeleton.StructBytes;

/**
 * Writes the class for an enum: an open enum, a record of the value with a constant per named
 * value. A C enum variable may hold any value of its size, so a Java {@code enum} (closed) could not
 * decode every map value; equality is by value, and {@code toString} prints the name.
 */
final class EnumWriter {
    private EnumWriter() {
    }

    static TypeSpec build(ClassName name, BtfType.EnumType e, String cType, String objectFile) {
        boolean wide = e.size() > 4;
        TypeName valueType = wide ? TypeName.LONG : TypeName.INT;
        TypeSpec.Builder type = TypeSpec.recordBuilder(name).addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .addJavadoc("{@code $L} of {@code $L} ($L bytes): any value of its size, a constant for each named one.\n\n", cType,
                        objectFile, e.size())
                .addJavadoc("@param value the value as C stores it\n");
        type.recordConstructor(MethodSpec.constructorBuilder().addParameter(ParameterSpec.builder(valueType, "value").build()).build());
        Set<String> names = new HashSet<>(Set.of("SIZE", "CODEC"));
        CodeBlock.Builder switchCases = CodeBlock.builder();
        CodeBlock.Builder known = CodeBlock.builder();
        Set<Long> seen = new HashSet<>();
        for (BtfType.EnumValue v : e.values()) {
            String constant = SourceVersion.isName(v.name()) && !names.contains(v.name()) ? v.name() : v.name() + "_";
            names.add(constant);
            long value = wide ? v.value() : (int) v.value();
            type.addField(FieldSpec.builder(name, constant, Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                    .addJavadoc("{@code $L = $L}.\n", v.name(), e.signed() || wide ? Long.toString(v.value()) : Long.toString(v.value() & 0xffffffffL))
                    .initializer("new $T($L$L)", name, value, wide ? "L" : "").build());
            known.add(known.isEmpty() ? "$L" : ", $L", constant);
            if (seen.add(value)) {
                switchCases.add("if (value == $L$L) {\n$>return $T.of($S);\n$<}\n", value, wide ? "L" : "", Optional.class, v.name());
            }
        }
        Members.addSizeAndCodec(type, name, e.size(), cType);
        type.addMethod(Members.readMethod(name, cType)
                .addStatement(wide ? "return new $T($T.get(in, offset, $L, false))" : "return new $T((int) $T.get(in, offset, $L, false))",
                        name, StructBytes.class, e.size()).build());
        type.addMethod(Members.writeMethod(name, cType)
                .addStatement("$T.put(out, offset, $L, false, value.value())", StructBytes.class, e.size()).build());
        type.addMethod(MethodSpec.methodBuilder("known").addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .returns(ParameterizedTypeName.get(ClassName.get(List.class), name))
                .addJavadoc("The named values, in the order C declares them.\n")
                .addStatement("return $T.of($L)", List.class, known.build()).build());
        type.addMethod(MethodSpec.methodBuilder("cName").addModifiers(Modifier.PUBLIC)
                .returns(ParameterizedTypeName.get(Optional.class, String.class))
                .addJavadoc("The C name of this value, if the enum names it.\n")
                .addCode(switchCases.build()).addStatement("return $T.empty()", Optional.class).build());
        type.addMethod(MethodSpec.methodBuilder("toString").addAnnotation(Override.class).addModifiers(Modifier.PUBLIC).returns(String.class)
                .addStatement("return cName().orElse($S + value + $S)", name.simpleName() + "(", ")").build());
        return type.build();
    }
}
