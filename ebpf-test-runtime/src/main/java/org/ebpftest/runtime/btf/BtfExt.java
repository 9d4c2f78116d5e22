package org.ebpftest.runtime.btf;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.ebpftest.runtime.MalformedObjectException;
import org.ebpftest.runtime.isa.SourceLine;

/**
 * The {@code .BTF.ext} section of an object: function info, line info and CO-RE relocations, each
 * grouped by the ELF section of the instructions it describes. Immutable.
 */
public final class BtfExt {
    private static final int HEADER_MIN = 24;
    private static final int HEADER_WITH_CORE = 32;

    private final Map<String, List<FuncInfo>> funcInfos;
    private final Map<String, List<LineInfo>> lineInfos;
    private final Map<String, List<CoreRelocation>> coreRelocations;

    private BtfExt(Map<String, List<FuncInfo>> funcInfos, Map<String, List<LineInfo>> lineInfos,
            Map<String, List<CoreRelocation>> coreRelocations) {
        this.funcInfos = funcInfos;
        this.lineInfos = lineInfos;
        this.coreRelocations = coreRelocations;
    }

    /** An empty {@code .BTF.ext}, for objects without one. */
    public static BtfExt empty() {
        return new BtfExt(Map.of(), Map.of(), Map.of());
    }

    /**
     * Parses a {@code .BTF.ext} blob whose names and source text are in {@code btf}'s strings.
     *
     * @throws MalformedObjectException naming the part at fault
     */
    public static BtfExt parse(byte[] data, Btf btf) {
        ByteOrder order = BtfWire.orderOf(data);
        if (order == null) {
            throw new MalformedObjectException("bad BTF.ext magic");
        }
        WireReader r = new WireReader(data.clone(), order);
        long hdrLen = r.u32(4) & 0xffffffffL;
        if (hdrLen < HEADER_MIN || hdrLen > data.length) {
            throw new MalformedObjectException("BTF.ext header length " + hdrLen + " is invalid");
        }
        Map<String, List<FuncInfo>> funcs = blocks(r, btf, hdrLen, 8, 8, "func info", (section, at) ->
                new FuncInfo(slot(r, at), r.u32(at + 4), funcName(btf, r.u32(at + 4))));
        Map<String, List<LineInfo>> lines = blocks(r, btf, hdrLen, 16, 16, "line info", (section, at) -> {
            int lineCol = r.u32(at + 12);
            SourceLine line = new SourceLine(btf.string(r.u32(at + 4)), lineCol >>> 10, lineCol & 0x3ff, btf.string(r.u32(at + 8)));
            return new LineInfo(slot(r, at), line);
        });
        Map<String, List<CoreRelocation>> core = Map.of();
        if (hdrLen >= HEADER_WITH_CORE) {
            core = blocks(r, btf, hdrLen, 24, 16, "CO-RE relocation", (section, at) -> {
                int kindCode = r.u32(at + 12);
                CoreKind kind = CoreKind.of(kindCode);
                if (kind == null) {
                    throw new MalformedObjectException("unknown kind " + kindCode);
                }
                return new CoreRelocation(slot(r, at), r.u32(at + 4), btf.string(r.u32(at + 8)), kind);
            });
        }
        return new BtfExt(funcs, lines, core);
    }

    private static int slot(WireReader r, long at) {
        int off = r.u32(at);
        if (off < 0 || off % 8 != 0) {
            throw new MalformedObjectException("instruction offset " + (off & 0xffffffffL) + " is not a slot boundary");
        }
        return off / 8;
    }

    private static String funcName(Btf btf, int typeId) {
        BtfType t = btf.type(typeId);
        if (!(t instanceof BtfType.Func)) {
            throw new MalformedObjectException("type " + typeId + " is " + t.kind() + ", not FUNC");
        }
        return t.name();
    }

    /**
     * Reads one of the three info parts: a record size, then blocks of (section name, count,
     * records). {@code headerField} is the offset of the part's offset/length pair in the header.
     */
    private static <T> Map<String, List<T>> blocks(WireReader r, Btf btf, long hdrLen, int headerField, int minRecord,
            String what, BiFunction<String, Long, T> record) {
        long off = hdrLen + (r.u32(headerField) & 0xffffffffL);
        long len = r.u32(headerField + 4) & 0xffffffffL;
        Map<String, List<T>> out = new LinkedHashMap<>();
        if (len == 0) {
            return out;
        }
        try {
            r.check(off, len);
            long end = off + len;
            long recSize = r.u32(off) & 0xffffffffL;
            if (recSize < minRecord || recSize > len) {
                throw new MalformedObjectException("record size " + recSize + " is invalid");
            }
            long at = off + 4;
            while (at < end) {
                if (at + 8 > end) {
                    throw new MalformedObjectException("block header runs past the end");
                }
                String section = btf.string(r.u32(at));
                long count = r.u32(at + 4) & 0xffffffffL;
                at += 8;
                if (count * recSize > end - at) {
                    throw new MalformedObjectException("section \"" + section + "\": " + count + " records run past the end");
                }
                List<T> list = out.computeIfAbsent(section, k -> new ArrayList<>());
                for (long i = 0; i < count; i++) {
                    try {
                        list.add(record.apply(section, at));
                    } catch (MalformedObjectException e) {
                        throw new MalformedObjectException("section \"" + section + "\": record " + i + ": " + e.getMessage(), e);
                    }
                    at += recSize;
                }
            }
        } catch (MalformedObjectException e) {
            throw new MalformedObjectException(what + ": " + e.getMessage(), e);
        }
        out.replaceAll((k, v) -> Collections.unmodifiableList(v));
        return out;
    }

    /** The function info of a section's instructions, in the order the compiler wrote it. */
    public List<FuncInfo> funcInfos(String section) {
        return funcInfos.getOrDefault(section, List.of());
    }

    /** The line info of a section's instructions, in the order the compiler wrote it. */
    public List<LineInfo> lineInfos(String section) {
        return lineInfos.getOrDefault(section, List.of());
    }

    /** The sections that have CO-RE relocations, in the order {@code .BTF.ext} lists them. */
    public List<String> coreRelocationSections() {
        return List.copyOf(coreRelocations.keySet());
    }

    /** The CO-RE relocations of a section's instructions. */
    public List<CoreRelocation> coreRelocations(String section) {
        return coreRelocations.getOrDefault(section, List.of());
    }
}
