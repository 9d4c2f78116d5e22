package org.ebpftest.skeleton;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import java.util.List;
import javax.lang.model.element.Modifier;
import org.ebpftest.runtime.btf.BtfType;
import org.ebpftest.runtime.skeleton.StructBytes;

/**
 * Writes the record for a union. A union's bytes are what it is (which member is meant is up to the
 * program), so the record keeps them, reads every member from them, and is built from one member
 * with {@code ofMember(value)}.
 */
final class UnionWriter {
    private final TypeGenerator types;
    private final ClassName name;
    private final BtfType.UnionType union;
    private final String cType;
    private final String objectFile;

    UnionWriter(TypeGenerator types, ClassName name, BtfType.UnionType union, String cType, String objectFile) {
        this.types = types;
        this.name = name;
        this.union = union;
        this.cType = cType;
        this.objectFile = objectFile;
    }

    TypeSpec build() {
        List<Members.Member> members = Members.of(types, name, union);
        TypeSpec.Builder type = TypeSpec.recordBuilder(name).addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .addJavadoc("{@code $L} of {@code $L} ($L bytes): its bytes, read through any member, built from one.\n\n", cType,
                        objectFile, union.size())
                .addJavadoc("@param bytes the union's $L bytes\n", union.size());
        // A canonical constructor, not the implicit one: a union of the wrong size fails where it is made.
        type.recordConstructor(MethodSpec.constructorBuilder().addModifiers(Modifier.PUBLIC)
                .addParameter(ParameterSpec.builder(ArrayTypeName.of(TypeName.BYTE), "bytes").build())
                .beginControlFlow("if (bytes.length != $L)", union.size())
                .addStatement("throw new $T($S + bytes.length)", IllegalArgumentException.class, cType + " is " + union.size() + " bytes, not ")
                .endControlFlow()
                .addStatement("this.bytes = bytes").build());
        Members.addSizeAndCodec(type, name, union.size(), cType);
        type.addMethod(Members.readMethod(name, cType)
                .addStatement("return new $T($T.getBytes(in, offset, SIZE))", name, StructBytes.class).build());
        type.addMethod(Members.writeMethod(name, cType)
                .addStatement("$T.putBytes(out, offset, SIZE, value.bytes(), $S)", StructBytes.class, cType).build());
        for (Members.Member m : members) {
            String accessor = m.javaName().equals("bytes") ? "bytes_" : m.javaName();
            type.addMethod(MethodSpec.methodBuilder(accessor).addModifiers(Modifier.PUBLIC).returns(m.field().type())
                    .addJavadoc("The bytes read as $L.\n", m.describe())
                    .addStatement("return $L", m.read("bytes", CodeBlock.of("0"))).build());
            type.addMethod(MethodSpec.methodBuilder("of" + JavaNames.capitalize(m.javaName()))
                    .addModifiers(Modifier.PUBLIC, Modifier.STATIC).returns(name)
                    .addJavadoc("The union holding $L, the rest of its bytes zero.\n", m.describe())
                    .addParameter(m.field().type(), "value")
                    .addStatement("byte[] bytes = new byte[SIZE]")
                    .addStatement("$L", m.write(CodeBlock.of("value"), "bytes", CodeBlock.of("0")))
                    .addStatement("return new $T(bytes)", name).build());
        }
        Members.addContentEquality(type, name, List.of("bytes"), List.of(ArrayTypeName.of(TypeName.BYTE)));
        return type.build();
    }
}
