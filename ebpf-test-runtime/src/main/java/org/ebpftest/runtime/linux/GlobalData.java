package org.ebpftest.runtime.linux;

import java.math.BigInteger;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.ebpftest.runtime.btf.Btf;
import org.ebpftest.runtime.btf.BtfType;
import org.ebpftest.runtime.elf.MapSpec;
import org.ebpftest.runtime.elf.ObjectSpec;

/**
 * The values of an object's global variables before it is loaded, as a libbpf skeleton holds them
 * between {@code __open} and {@code __load}: the initial bytes of each global-data section
 * ({@code .data}, {@code .rodata}, {@code .bss}, {@code .data.*}, {@code .rodata.*}) with the
 * test's changes applied. Variables are found by name through the object's BTF ({@code DATASEC}
 * entries), or addressed by section and offset. Every change is checked when it is made, against
 * the variable's size and type, and a mistake is an {@link IllegalArgumentException} that names
 * the object, the section, the variable, and what exists instead.
 */
final class GlobalData {

    /** A global variable: its section, name, place in the section, and BTF type. */
    record Variable(String section, String name, int offset, int size, int typeId) {
    }

    private final ObjectSpec spec;
    private final Map<String, byte[]> changed = new LinkedHashMap<>();

    GlobalData(ObjectSpec spec) {
        this.spec = spec;
    }

    /** Sets an integer (or enum, or bool) variable, checking that the value fits its type. */
    void set(String name, long value) {
        Variable v = variable(name);
        Btf btf = spec.btf().orElseThrow();
        BtfType type = btf.resolve(v.typeId());
        Range range = range(type, v.size());
        if (range == null) {
            throw new IllegalArgumentException(describe(v) + " is " + btf.typeName(v.typeId()) + " (" + bytes(v.size())
                    + "), not an integer; set it from bytes");
        }
        if (!range.holds(value)) {
            throw new IllegalArgumentException(describe(v) + " is " + range.what + " (" + btf.typeName(v.typeId()) + "), which cannot hold "
                    + value + "; it takes " + range.min + " to " + range.max);
        }
        write(v.section(), v.offset(), encode(value, v.size(), btf.byteOrder()));
    }

    /** Sets a variable from bytes, which must be exactly its size. */
    void set(String name, byte[] bytes) {
        Variable v = variable(name);
        if (bytes.length != v.size()) {
            throw new IllegalArgumentException(describe(v) + " is " + bytes(v.size()) + " (" + spec.btf().orElseThrow().typeName(v.typeId())
                    + "), but " + bytes(bytes.length) + " were given");
        }
        write(v.section(), v.offset(), bytes);
    }

    /** Writes bytes into a global-data section at an offset, for objects without BTF. */
    void setAt(String section, int offset, byte[] bytes) {
        MapSpec map = section(section);
        if (offset < 0 || (long) offset + bytes.length > map.valueSize()) {
            throw new IllegalArgumentException(bytes(bytes.length) + " at offset " + offset + " do not fit section [" + section + "] of ["
                    + spec.fileName() + "], which is " + bytes(map.valueSize()));
        }
        write(section, offset, bytes);
    }

    /** The bytes a section starts with once loaded, if the test changed any of them. */
    Optional<byte[]> changedData(String section) {
        return Optional.ofNullable(changed.get(section)).map(byte[]::clone);
    }

    /** Every variable the object's BTF names in its global-data sections, section by section. */
    List<Variable> variables() {
        List<Variable> out = new ArrayList<>();
        Optional<Btf> btf = spec.btf();
        if (btf.isEmpty()) {
            return out;
        }
        for (MapSpec m : spec.maps()) {
            if (!m.isGlobalData() || m.btfValueTypeId() == 0 || !(btf.get().type(m.btfValueTypeId()) instanceof BtfType.Datasec sec)) {
                continue;
            }
            for (BtfType.VarSecinfo info : sec.vars()) {
                if (btf.get().type(info.type()) instanceof BtfType.Var var) {
                    out.add(new Variable(m.name(), var.name(), info.offset(), info.size(), var.type()));
                }
            }
        }
        return out;
    }

    private Variable variable(String name) {
        List<Variable> all = variables();
        List<Variable> found = all.stream().filter(v -> v.name().equals(name)).toList();
        if (found.size() == 1) {
            return found.get(0);
        }
        if (found.size() > 1) {
            throw new IllegalArgumentException("global variable [" + name + "] is in " + found.stream().map(v -> "[" + v.section() + "]")
                    .collect(Collectors.joining(" and ")) + " of [" + spec.fileName() + "]; set it by section and offset, such as [" + found.get(0).section()
                    + "] at " + found.get(0).offset());
        }
        if (spec.btf().isEmpty()) {
            throw new IllegalArgumentException("[" + spec.fileName() + "] has no BTF, so its global variables have no names; set [" + name
                    + "] by section and offset in one of " + globalSections() + " (compile with -g to use names)");
        }
        throw new IllegalArgumentException("[" + spec.fileName() + "] has no global variable [" + name + "]; its variables are "
                + (all.isEmpty() ? "none" : listing(all)));
    }

    /** {@code .rodata: threshold, label; .bss: totals, drops}. */
    private static String listing(List<Variable> variables) {
        Map<String, List<String>> bySection = new LinkedHashMap<>();
        for (Variable v : variables) {
            bySection.computeIfAbsent(v.section(), k -> new ArrayList<>()).add(v.name());
        }
        return bySection.entrySet().stream().map(e -> e.getKey() + ": " + String.join(", ", e.getValue())).collect(Collectors.joining("; "));
    }

    private MapSpec section(String name) {
        return spec.maps().stream().filter(m -> m.isGlobalData() && m.name().equals(name)).findFirst().orElseThrow(() ->
                new IllegalArgumentException("[" + name + "] is not a global data section of [" + spec.fileName() + "]; its sections are "
                        + globalSections()));
    }

    private List<String> globalSections() {
        return spec.maps().stream().filter(MapSpec::isGlobalData).map(MapSpec::name).toList();
    }

    private void write(String section, int offset, byte[] bytes) {
        byte[] data = changed.computeIfAbsent(section, s -> {
            MapSpec m = section(s);
            return m.initialData().orElseGet(() -> new byte[m.valueSize()]);
        });
        System.arraycopy(bytes, 0, data, offset, bytes.length);
    }

    private String describe(Variable v) {
        return "global variable [" + v.name() + "] in [" + v.section() + "] of [" + spec.fileName() + "]";
    }

    private static String bytes(int n) {
        return n == 1 ? "1 byte" : n + " bytes";
    }

    /** The values an integer type holds, or null for a type that is not an integer. */
    private static Range range(BtfType type, int size) {
        if (size < 1 || size > 8) {
            return null;
        }
        if (type instanceof BtfType.IntType t && t.bits() == size * 8 && t.bitOffset() == 0) {
            if (t.isBool()) {
                return new Range("a bool", BigInteger.ZERO, BigInteger.ONE);
            }
            return Range.of(size, t.signed(), t.isChar() ? "char" : "integer");
        }
        if (type instanceof BtfType.EnumType e) {
            return Range.of(size, e.signed(), "enum");
        }
        return null;
    }

    private static byte[] encode(long value, int size, ByteOrder order) {
        byte[] out = new byte[size];
        for (int i = 0; i < size; i++) {
            int shift = 8 * (order == ByteOrder.LITTLE_ENDIAN ? i : size - 1 - i);
            out[i] = (byte) (value >>> shift);
        }
        return out;
    }

    /**
     * The values of an integer of some size and signedness. An unsigned 8-byte variable takes any
     * long, whose 64 bits it holds as they are ({@code -1} is {@code 0xffffffffffffffff}), as Java
     * has no unsigned long.
     */
    private record Range(String what, BigInteger min, BigInteger max) {
        static Range of(int size, boolean signed, String kind) {
            String what = "a " + size + "-byte " + (signed ? "signed " : "unsigned ") + kind;
            if (signed) {
                return new Range(what, BigInteger.ONE.shiftLeft(size * 8 - 1).negate(), BigInteger.ONE.shiftLeft(size * 8 - 1).subtract(BigInteger.ONE));
            }
            return new Range(what, BigInteger.ZERO, BigInteger.ONE.shiftLeft(size * 8).subtract(BigInteger.ONE));
        }

        boolean holds(long value) {
            if (!min.equals(BigInteger.ZERO) || max.bitLength() < 64) {
                BigInteger v = BigInteger.valueOf(value);
                return v.compareTo(min) >= 0 && v.compareTo(max) <= 0;
            }
            return true;
        }
    }
}
