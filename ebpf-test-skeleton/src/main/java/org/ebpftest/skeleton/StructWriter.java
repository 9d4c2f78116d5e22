package org.ebpftest.skeleton;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import javax.lang.model.element.Modifier;
import org.ebpftest.runtime.btf.BtfType;

/** Writes the record for a struct: one component per member, and its codec. */
final class StructWriter {
    /**
     * The structs the kernel manages inside a map value (btf.c's special fields): a lookup from user
     * space reads them as zero and an update leaves the kernel's own alone (copy_map_value skips
     * them), so a test has nothing to say about them.
     */
    static final Set<String> KERNEL_OWNED = Set.of("bpf_spin_lock", "bpf_res_spin_lock", "bpf_timer", "bpf_wq", "bpf_list_head",
            "bpf_list_node", "bpf_rb_root", "bpf_rb_node", "bpf_refcount");

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
        addConstructorWithoutKernelOwnedMembers(type, members);
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

    /**
     * A second constructor that leaves out the members of a kernel-owned struct type ({@code struct
     * bpf_spin_lock lock}), setting them to zero as user space always sees them; none when the
     * struct has no such member, or nothing else.
     */
    private void addConstructorWithoutKernelOwnedMembers(TypeSpec.Builder type, List<Members.Member> members) {
        List<BtfType.Member> cMembers = struct.members();
        CodeBlock.Builder args = CodeBlock.builder();
        CodeBlock.Builder javadoc = CodeBlock.builder();
        MethodSpec.Builder constructor = MethodSpec.constructorBuilder().addModifiers(Modifier.PUBLIC);
        StringBuilder left = new StringBuilder();
        int kept = 0;
        for (int i = 0; i < members.size(); i++) {
            Members.Member m = members.get(i);
            args.add(i == 0 ? "" : ", ");
            if (!m.isBitfield() && m.field().generated() != null && types.btf().resolve(cMembers.get(i).type()) instanceof BtfType.StructType t
                    && KERNEL_OWNED.contains(t.name())) {
                args.add("$T.read(new byte[$T.SIZE], 0)", m.field().generated(), m.field().generated());
                left.append(left.length() == 0 ? "" : ", ").append("{@code ").append(m.cName()).append("}");
            } else {
                args.add("$L", m.javaName());
                constructor.addParameter(ParameterSpec.builder(m.field().type(), m.javaName()).build());
                javadoc.add("@param $L $L\n", m.javaName(), m.describe());
                kept++;
            }
        }
        if (left.length() == 0 || kept == 0) {
            return;
        }
        type.addMethod(constructor
                .addJavadoc("{@code $L} without $L, which the kernel owns: user space reads it as zero, and the kernel keeps its own\n"
                        + "when a value is written, so the record holds zero there.\n\n", cType, left.toString())
                .addJavadoc(javadoc.build())
                .addStatement("this($L)", args.build()).build());
    }
}
