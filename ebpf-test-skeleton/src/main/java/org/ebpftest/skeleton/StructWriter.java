package org.ebpftest.skeleton;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import java.util.Arrays;
import java.util.Objects;
import java.util.List;
import javax.lang.model.element.Modifier;
import org.ebpftest.runtime.btf.BtfType;

/** Writes the record for a struct: one component per member, and its codec. */
final class StructWriter {
    private final TypeGenerator types;
    private final ClassName name;
    private final BtfType.StructType struct;
    private final String cType;
    private final String objectFile;

    StructWriter(TypeGenerator types, ClassName name, BtfType.StructType struct, String cType, String objectFile) {
        this.types = types;
        this.name = name;
        this.struct = struct;
        this.cType = cType;
        this.objectFile = objectFile;
    }

    TypeSpec build() {
        List<Members.Member> members = Members.of(types, name, struct);
        TypeSpec.Builder type = TypeSpec.recordBuilder(name).addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .addJavadoc("{@code $L} of {@code $L} ($L bytes), laid out as the program sees it.\n", cType, objectFile, struct.size());
        // A canonical constructor rather than the implicit one: a missing member or an array of the
        // wrong length fails where the record is made, naming the C member, not later in a codec.
        MethodSpec.Builder constructor = MethodSpec.constructorBuilder().addModifiers(Modifier.PUBLIC);
        CodeBlock.Builder javadoc = CodeBlock.builder().add("\n");
        for (Members.Member m : members) {
            constructor.addParameter(ParameterSpec.builder(m.field().type(), m.javaName()).build());
            javadoc.add("@param $L $L\n", m.javaName(), m.describe());
            if (!m.field().type().isPrimitive()) {
                constructor.addStatement("$T.requireNonNull($L, $S)", Objects.class, m.javaName(), cType + "." + m.cName());
            }
            if (m.field().type() instanceof ArrayTypeName) {
                int length = m.arrayLength();
                constructor.beginControlFlow("if ($L.length != $L)", m.javaName(), length)
                        .addStatement("throw new $T($S + $L.length)", IllegalArgumentException.class,
                                cType + "." + m.cName() + " has " + length + " elements, not ", m.javaName())
                        .endControlFlow();
            }
        }
        for (Members.Member m : members) {
            constructor.addStatement("this.$L = $L", m.javaName(), m.javaName());
        }
        type.addJavadoc(javadoc.build());
        type.recordConstructor(constructor.build());
        Members.addSizeAndCodec(type, name, struct.size(), cType);

        CodeBlock.Builder args = CodeBlock.builder();
        for (int i = 0; i < members.size(); i++) {
            args.add(i == 0 ? "\n$L" : ",\n$L", members.get(i).read("in", TypeGenerator.offset()));
        }
        type.addMethod(Members.readMethod(name, cType).addStatement("return new $T($>$L$<)", name, args.build()).build());

        MethodSpec.Builder write = Members.writeMethod(name, cType)
                .addStatement("$T.fill(out, offset, offset + SIZE, (byte) 0)", Arrays.class);
        for (Members.Member m : members) {
            write.addStatement("$L", m.write(CodeBlock.of("value.$L()", m.javaName()), "out", TypeGenerator.offset()));
        }
        type.addMethod(write.build());

        List<TypeName> componentTypes = members.stream().map(m -> m.field().type()).toList();
        if (members.stream().anyMatch(m -> m.field().isArray())) {
            Members.addContentEquality(type, name, members.stream().map(Members.Member::javaName).toList(), componentTypes);
        }
        return type.build();
    }
}
