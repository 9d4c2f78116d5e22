package org.ebpftest.runtime.btf;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.ebpftest.runtime.MalformedObjectException;

/**
 * Decodes the {@code .BTF} wire format: a header, a type section of variable-length records and a
 * string section. Every offset is checked against the blob.
 */
final class BtfWire {
    static final int MAGIC = 0xeb9f;
    private static final int HEADER_MIN = 24;

    private BtfWire() {
    }

    /** The byte order a blob announces through its magic, or null when neither fits. */
    static ByteOrder orderOf(byte[] data) {
        if (data.length < 2) {
            return null;
        }
        int a = data[0] & 0xff;
        int b = data[1] & 0xff;
        if ((b << 8 | a) == MAGIC) {
            return ByteOrder.LITTLE_ENDIAN;
        }
        if ((a << 8 | b) == MAGIC) {
            return ByteOrder.BIG_ENDIAN;
        }
        return null;
    }

    static Btf decode(byte[] data) {
        ByteOrder order = orderOf(data);
        if (order == null) {
            throw new MalformedObjectException("bad BTF magic");
        }
        WireReader r = new WireReader(data, order);
        int version = r.u8(2);
        if (version != 1) {
            throw new MalformedObjectException("unsupported BTF version " + version);
        }
        long hdrLen = r.u32(4) & 0xffffffffL;
        if (hdrLen < HEADER_MIN || hdrLen > data.length) {
            throw new MalformedObjectException("BTF header length " + hdrLen + " is invalid");
        }
        long typeOff = hdrLen + (r.u32(8) & 0xffffffffL);
        long typeLen = r.u32(12) & 0xffffffffL;
        long strOff = hdrLen + (r.u32(16) & 0xffffffffL);
        long strLen = r.u32(20) & 0xffffffffL;
        r.check(typeOff, typeLen);
        r.check(strOff, strLen);
        if (strLen == 0 || data[(int) strOff] != 0) {
            throw new MalformedObjectException("BTF string section must start with an empty string");
        }
        Strings strings = new Strings(r, strOff, strLen);
        List<BtfType> types = new ArrayList<>();
        types.add(new BtfType.Void());
        long at = typeOff;
        long end = typeOff + typeLen;
        while (at < end) {
            int id = types.size();
            try {
                at = decodeType(r, strings, id, at, end, types);
            } catch (MalformedObjectException e) {
                throw new MalformedObjectException("type " + id + ": " + e.getMessage(), e);
            }
        }
        return new Btf(types, strings, order, data);
    }

    private static long decodeType(WireReader r, Strings s, int id, long at, long end, List<BtfType> out) {
        if (at + 12 > end) {
            throw new MalformedObjectException("record runs past the type section");
        }
        String name = s.at(r.u32(at));
        int info = r.u32(at + 4);
        int sizeOrType = r.u32(at + 8);
        int vlen = info & 0xffff;
        int kindCode = (info >>> 24) & 0x1f;
        boolean kindFlag = (info >>> 31) != 0;
        BtfKind kind = BtfKind.of(kindCode);
        if (kind == null || kind == BtfKind.VOID) {
            throw new MalformedObjectException("unknown kind " + kindCode);
        }
        long body = at + 12;
        long bodyLen = switch (kind) {
            case INT, VAR, DECL_TAG -> 4;
            case ARRAY -> 12;
            case STRUCT, UNION, DATASEC, ENUM64 -> 12L * vlen;
            case ENUM, FUNC_PROTO -> 8L * vlen;
            default -> 0;
        };
        if (body + bodyLen > end) {
            throw new MalformedObjectException(kind + " record runs past the type section");
        }
        out.add(switch (kind) {
            case INT -> {
                int enc = r.u32(body);
                int encoding = (enc >>> 24) & 0x0f;
                yield new BtfType.IntType(id, name, sizeOrType, (encoding & 1) != 0, (encoding & 2) != 0, (encoding & 4) != 0,
                        (enc >>> 16) & 0xff, enc & 0xff);
            }
            case PTR -> new BtfType.Pointer(id, sizeOrType);
            case ARRAY -> new BtfType.ArrayType(id, r.u32(body), r.u32(body + 4), r.u32(body + 8));
            case STRUCT, UNION -> {
                List<BtfType.Member> members = new ArrayList<>(vlen);
                for (int i = 0; i < vlen; i++) {
                    long m = body + 12L * i;
                    int offset = r.u32(m + 8);
                    int bitOffset = kindFlag ? offset & 0xffffff : offset;
                    int bitfield = kindFlag ? offset >>> 24 : 0;
                    members.add(new BtfType.Member(s.at(r.u32(m)), r.u32(m + 4), bitOffset, bitfield));
                }
                yield kind == BtfKind.STRUCT
                        ? new BtfType.StructType(id, name, sizeOrType, members)
                        : new BtfType.UnionType(id, name, sizeOrType, members);
            }
            case ENUM -> {
                List<BtfType.EnumValue> values = new ArrayList<>(vlen);
                for (int i = 0; i < vlen; i++) {
                    long v = body + 8L * i;
                    int raw = r.u32(v + 4);
                    values.add(new BtfType.EnumValue(s.at(r.u32(v)), kindFlag ? raw : raw & 0xffffffffL));
                }
                yield new BtfType.EnumType(id, name, sizeOrType, kindFlag, false, values);
            }
            case ENUM64 -> {
                List<BtfType.EnumValue> values = new ArrayList<>(vlen);
                for (int i = 0; i < vlen; i++) {
                    long v = body + 12L * i;
                    long value = (r.u32(v + 4) & 0xffffffffL) | ((long) r.u32(v + 8) << 32);
                    values.add(new BtfType.EnumValue(s.at(r.u32(v)), value));
                }
                yield new BtfType.EnumType(id, name, sizeOrType, kindFlag, true, values);
            }
            case FWD -> new BtfType.Fwd(id, name, kindFlag);
            case TYPEDEF -> new BtfType.Typedef(id, name, sizeOrType);
            case VOLATILE, CONST, RESTRICT -> new BtfType.Qualifier(id, kind, sizeOrType);
            case FUNC -> new BtfType.Func(id, name, sizeOrType, BtfType.Linkage.of(vlen));
            case FUNC_PROTO -> {
                List<BtfType.Param> params = new ArrayList<>(vlen);
                for (int i = 0; i < vlen; i++) {
                    long p = body + 8L * i;
                    params.add(new BtfType.Param(s.at(r.u32(p)), r.u32(p + 4)));
                }
                yield new BtfType.FuncProto(id, sizeOrType, params);
            }
            case VAR -> new BtfType.Var(id, name, sizeOrType, BtfType.Linkage.of(r.u32(body)));
            case DATASEC -> {
                List<BtfType.VarSecinfo> vars = new ArrayList<>(vlen);
                for (int i = 0; i < vlen; i++) {
                    long v = body + 12L * i;
                    vars.add(new BtfType.VarSecinfo(r.u32(v), r.u32(v + 4), r.u32(v + 8)));
                }
                yield new BtfType.Datasec(id, name, sizeOrType, vars);
            }
            case FLOAT -> new BtfType.FloatType(id, name, sizeOrType);
            case DECL_TAG -> new BtfType.DeclTag(id, name, sizeOrType, r.u32(body));
            case TYPE_TAG -> new BtfType.TypeTag(id, name, sizeOrType);
            case VOID -> throw new IllegalStateException("unreachable");
        });
        return body + bodyLen;
    }

    /**
     * A copy of a blob whose {@code DATASEC} records carry the sizes and variable offsets of the
     * model's, variables in ascending offset order as the kernel requires. The blob was decoded
     * before, so its records are known to be well formed.
     */
    static byte[] withDatasecs(byte[] data, ByteOrder order, List<BtfType> types) {
        byte[] out = data.clone();
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(out).order(order);
        int hdrLen = b.getInt(4);
        int at = hdrLen + b.getInt(8);
        int end = at + b.getInt(12);
        for (int id = 1; at < end; id++) {
            int info = b.getInt(at + 4);
            int vlen = info & 0xffff;
            BtfKind kind = BtfKind.of((info >>> 24) & 0x1f);
            if (kind == BtfKind.DATASEC && types.get(id) instanceof BtfType.Datasec ds && ds.vars().size() == vlen) {
                b.putInt(at + 8, ds.size());
                List<BtfType.VarSecinfo> vars = new ArrayList<>(ds.vars());
                vars.sort(java.util.Comparator.comparingInt(BtfType.VarSecinfo::offset));
                for (int i = 0; i < vlen; i++) {
                    int v = at + 12 + 12 * i;
                    b.putInt(v, vars.get(i).type());
                    b.putInt(v + 4, vars.get(i).offset());
                    b.putInt(v + 8, vars.get(i).size());
                }
            }
            at += 12 + switch (kind) {
                case INT, VAR, DECL_TAG -> 4;
                case ARRAY -> 12;
                case STRUCT, UNION, DATASEC, ENUM64 -> 12 * vlen;
                case ENUM, FUNC_PROTO -> 8 * vlen;
                default -> 0;
            };
        }
        return out;
    }

    /** The string section of a blob; offsets are checked on every lookup. */
    static final class Strings {
        private final WireReader r;
        private final long base;
        private final long length;

        Strings(WireReader r, long base, long length) {
            this.r = r;
            this.base = base;
            this.length = length;
        }

        String at(int offset) {
            long off = offset & 0xffffffffL;
            if (off >= length) {
                throw new MalformedObjectException("string offset " + off + " outside the string section (" + length + " bytes)");
            }
            return r.cString(base + off, length - off);
        }
    }
}
