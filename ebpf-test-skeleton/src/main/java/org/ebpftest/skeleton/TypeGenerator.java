package org.ebpftest.skeleton;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.TypeSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ebpftest.runtime.btf.Btf;
import org.ebpftest.runtime.btf.BtfType;

/**
 * Maps BTF types to {@link JavaField}s, generating a nested class for every struct, union and enum
 * it meets (once per BTF type): records for structs, records over their bytes for unions, open
 * enums (a record per value, constants for the named ones) for enums.
 */
final class TypeGenerator {
    private final Btf btf;
    private final ClassName skeleton;
    private final String objectFile;
    private final Map<Integer, JavaField> generated = new HashMap<>();
    private final Set<String> typeNames = new HashSet<>();
    private final List<TypeSpec> types = new ArrayList<>();

    TypeGenerator(Btf btf, ClassName skeleton, String objectFile, Set<String> reservedTypeNames) {
        this.btf = btf;
        this.skeleton = skeleton;
        this.objectFile = objectFile;
        this.typeNames.add(skeleton.simpleName());
        this.typeNames.addAll(reservedTypeNames);
    }

    /** The nested classes generated so far, in the order they were met. */
    List<TypeSpec> types() {
        return types;
    }

    /**
     * The Java view of a BTF type; {@code nameHint} names an anonymous struct, union or enum that
     * no typedef names.
     */
    JavaField field(int typeId, String nameHint) {
        int id = typeId;
        String typedefName = null;
        boolean bigEndian = false;
        for (int depth = 0; ; depth++) {
            if (depth > 64) {
                throw new SkeletonException(objectFile + ": BTF type " + typeId + " has a typedef chain too deep or cyclic");
            }
            BtfType t = btf.type(id);
            if (t instanceof BtfType.Typedef td) {
                bigEndian |= td.name().matches("__be(16|32|64)");
                typedefName = typedefName == null ? td.name() : typedefName;
                id = td.type();
            } else if (t instanceof BtfType.Qualifier q) {
                id = q.type();
            } else if (t instanceof BtfType.TypeTag tt) {
                id = tt.type();
            } else {
                break;
            }
        }
        BtfType t = btf.type(id);
        String cType = btf.typeName(typeId);
        if (t instanceof BtfType.IntType i) {
            if (i.isBool() && i.size() == 1) {
                return JavaField.bool(cType);
            }
            if (i.size() == 1 || i.size() == 2 || i.size() == 4 || i.size() == 8) {
                return JavaField.integer(i.size(), bigEndian && i.size() > 1, cType);
            }
            return JavaField.bytes(i.size(), cType);
        }
        if (t instanceof BtfType.Pointer) {
            return JavaField.integer(8, false, cType);
        }
        if (t instanceof BtfType.FloatType f) {
            return f.size() == 4 || f.size() == 8 ? JavaField.floating(f.size(), cType) : JavaField.bytes(f.size(), cType);
        }
        if (t instanceof BtfType.ArrayType a) {
            JavaField element = field(a.element(), nameHint);
            if (element.size() == 0 || a.count() == 0) {
                return JavaField.bytes(0, cType);
            }
            return JavaField.array(element, a.count(), cType);
        }
        if (t instanceof BtfType.Composite || t instanceof BtfType.EnumType) {
            JavaField known = generated.get(id);
            if (known != null) {
                return known;
            }
            String base = !t.name().isEmpty() ? t.name() : typedefName != null ? typedefName : nameHint;
            ClassName name = skeleton.nestedClass(uniqueTypeName(JavaNames.type(base), t));
            JavaField field = JavaField.generated(name, (int) btf.sizeOf(id), cType);
            generated.put(id, field);
            if (t instanceof BtfType.StructType s) {
                types.add(new StructWriter(this, name, s, btf.typeName(id), objectFile).build());
            } else if (t instanceof BtfType.UnionType u) {
                types.add(new UnionWriter(this, name, u, btf.typeName(id), objectFile).build());
            } else {
                types.add(EnumWriter.build(name, (BtfType.EnumType) t, btf.typeName(id), objectFile));
            }
            return field;
        }
        throw new SkeletonException(objectFile + ": " + cType + " (BTF type " + typeId + ", " + t.kind()
                + ") has no Java view: a map, global or record of a skeleton holds integers, floats, pointers, arrays, structs, unions and enums");
    }

    /** The BTF blob, for the writers. */
    Btf btf() {
        return btf;
    }

    private String uniqueTypeName(String wanted, BtfType t) {
        String name = wanted;
        if (typeNames.contains(name)) {
            name = wanted + (t instanceof BtfType.UnionType ? "Union" : t instanceof BtfType.EnumType ? "Enum" : "Struct");
        }
        for (int i = 2; typeNames.contains(name); i++) {
            name = wanted + i;
        }
        typeNames.add(name);
        return name;
    }

    /** {@code offset} as a code block. */
    static CodeBlock offset() {
        return CodeBlock.of("offset");
    }
}
