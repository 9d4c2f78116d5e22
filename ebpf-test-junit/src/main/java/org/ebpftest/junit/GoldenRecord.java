package org.ebpftest.junit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.ebpftest.runtime.MalformedObjectException;
import org.ebpftest.runtime.btf.Btf;
import org.ebpftest.runtime.elf.MapSpec;
import org.ebpftest.runtime.linux.ContextType;
import org.ebpftest.runtime.linux.LoadedObject;
import org.ebpftest.runtime.linux.Redirect;
import org.ebpftest.runtime.linux.RunResult;
import org.ebpftest.runtime.linux.SkbInput;
import org.ebpftest.runtime.linux.XdpInput;
import org.ebpftest.runtime.linux.maps.BpfMap;
import org.ebpftest.runtime.linux.maps.MapEntry;
import org.ebpftest.runtime.linux.maps.MapRecord;

/**
 * The content of a golden file: one run told from its input to everything it left behind, as an
 * ordered JSON model for {@link GoldenJson}. Keys come in a fixed order, maps in the object's
 * order, entries by key bytes; nothing depends on timing or on hash iteration order.
 */
final class GoldenRecord {
    // struct __sk_buff offsets (UAPI) of the fields a program can write.
    private static final int SKB_MARK = 8;
    private static final int SKB_QUEUE_MAPPING = 12;
    private static final int SKB_PRIORITY = 32;
    private static final int SKB_TC_INDEX = 44;
    private static final int SKB_CB = 48;
    private static final int SKB_TC_CLASSID = 72;

    private GoldenRecord() {
    }

    /**
     * The model of one run.
     *
     * @param input an {@link XdpInput} or an {@link SkbInput}
     */
    static Map<String, Object> of(BpfProgram program, Object input, RunResult result, GoldenSnapshot before, GoldenSnapshot after) {
        LoadedObject object = program.object();
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("program", program.name());
        doc.put("object", object.spec().fileName());
        doc.put("type", program.contextType().bpftoolName());
        doc.put("input", input(input));
        doc.put("return", returnValue(program.contextType(), result.retval()));
        doc.put("output", output(program.contextType(), result));
        result.redirect().ifPresent(r -> doc.put("redirect", redirect(r)));
        if (!result.clonedRedirects().isEmpty()) {
            doc.put("clones", result.clonedRedirects().stream().map(GoldenRecord::redirect).toList());
        }
        doc.put("maps", mapChanges(object, before, after));
        if (!after.notRecorded.isEmpty()) {
            doc.put("maps_not_recorded", new LinkedHashMap<>(after.notRecorded));
        }
        doc.put("printed", result.printedMessages());
        if (!after.ringRecords.isEmpty()) {
            Map<String, Object> rings = new LinkedHashMap<>();
            after.ringRecords.forEach((name, records) -> rings.put(name,
                    newSince(before.ringRecords.get(name), records).stream().map(r -> hex(r)).toList()));
            doc.put("ring_buffers", rings);
        }
        if (!after.perfRecords.isEmpty()) {
            Map<String, Object> perf = new LinkedHashMap<>();
            after.perfRecords.forEach((name, records) -> perf.put(name,
                    newSince(before.perfRecords.get(name), records).stream().map(GoldenRecord::perfRecord).toList()));
            doc.put("perf_events", perf);
        }
        return doc;
    }

    /** The frames for the capture file: the input frame and the frame the run left (without XDP metadata). */
    static List<byte[]> frames(ContextType type, Object input, RunResult result) {
        byte[] in = input instanceof XdpInput x ? x.packet() : ((SkbInput) input).packet();
        return List.of(in, outputFrame(type, result));
    }

    private static byte[] outputFrame(ContextType type, RunResult result) {
        byte[] packet = result.packet();
        return Arrays.copyOfRange(packet, metadataLength(type, result), packet.length);
    }

    /** For an XDP run, the length of the metadata in front of the output frame: xdp_md.data of ctx_out. */
    private static int metadataLength(ContextType type, RunResult result) {
        return type == ContextType.XDP ? result.contextOut().map(c -> (int) u32(c, 0)).orElse(0) : 0;
    }

    private static Map<String, Object> input(Object input) {
        Map<String, Object> in = new LinkedHashMap<>();
        if (input instanceof XdpInput x) {
            packet(in, x.packet());
            if (x.metadata().length > 0) {
                in.put("metadata", HexLines.value(x.metadata()));
            }
            putNonZero(in, "ingress_ifindex", x.ingressIfindex());
            putNonZero(in, "rx_queue_index", x.rxQueueIndex());
        } else {
            SkbInput s = (SkbInput) input;
            packet(in, s.packet());
            putNonZero(in, "mark", s.mark() & 0xffffffffL);
            putNonZero(in, "priority", s.priority() & 0xffffffffL);
            putNonZero(in, "ingress_ifindex", s.ingressIfindex());
            putNonZero(in, "ifindex", s.ifindex());
            if (Arrays.stream(s.cb()).anyMatch(w -> w != 0)) {
                in.put("cb", Arrays.stream(s.cb()).mapToObj(w -> (Object) (w & 0xffffffffL)).toList());
            }
            putNonZero(in, "tstamp", s.tstamp());
            putNonZero(in, "wire_len", s.wireLen() & 0xffffffffL);
            putNonZero(in, "gso_segs", s.gsoSegs() & 0xffffffffL);
            putNonZero(in, "gso_size", s.gsoSize() & 0xffffffffL);
            putNonZero(in, "hwtstamp", s.hwtstamp());
            if (!s.withContext()) {
                in.put("ctx_in", false);
            }
        }
        return in;
    }

    private static void packet(Map<String, Object> to, byte[] packet) {
        to.put("length", packet.length);
        to.put("packet", HexLines.lines(packet));
    }

    private static void putNonZero(Map<String, Object> to, String key, long value) {
        if (value != 0) {
            to.put(key, value);
        }
    }

    private static Map<String, Object> returnValue(ContextType type, int retval) {
        Map<String, Object> ret = new LinkedHashMap<>();
        if (type.isTc()) {
            ret.put("value", retval);
            ActionNames.of(type, retval).ifPresent(name -> ret.put("action", name));
        } else {
            ret.put("value", retval & 0xffffffffL);
            ActionNames.of(type, retval).ifPresent(name -> ret.put("action", name));
        }
        return ret;
    }

    private static Map<String, Object> output(ContextType type, RunResult result) {
        Map<String, Object> out = new LinkedHashMap<>();
        packet(out, outputFrame(type, result));
        if (type == ContextType.XDP) {
            int meta = metadataLength(type, result);
            if (meta > 0) {
                out.put("metadata", HexLines.value(Arrays.copyOfRange(result.packet(), 0, meta)));
            }
        } else {
            byte[] ctx = result.finalContext();
            Map<String, Object> skb = new LinkedHashMap<>();
            skb.put("mark", u32(ctx, SKB_MARK));
            skb.put("priority", u32(ctx, SKB_PRIORITY));
            skb.put("queue_mapping", u32(ctx, SKB_QUEUE_MAPPING));
            skb.put("tc_index", u32(ctx, SKB_TC_INDEX));
            skb.put("tc_classid", u32(ctx, SKB_TC_CLASSID));
            List<Object> cb = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                cb.add(u32(ctx, SKB_CB + 4 * i));
            }
            skb.put("cb", cb);
            out.put("skb", skb);
        }
        return out;
    }

    private static Map<String, Object> redirect(Redirect r) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("helper", r.helper());
        out.put("ifindex", r.ifindex());
        out.put("flags", r.flags());
        return out;
    }

    private static Map<String, Object> mapChanges(LoadedObject object, GoldenSnapshot before, GoldenSnapshot after) {
        Map<String, Object> maps = new LinkedHashMap<>();
        Optional<Btf> btf = object.spec().btf();
        for (Map.Entry<String, SortedMap<String, MapEntry>> m : after.entries.entrySet()) {
            String name = m.getKey();
            SortedMap<String, MapEntry> was = before.entries.getOrDefault(name, new TreeMap<>());
            SortedMap<String, MapEntry> is = m.getValue();
            MapSpec spec = object.spec().map(name);
            BpfMap map = object.map(name);
            Types types = new Types(btf, spec.btfKeyTypeId(), spec.btfValueTypeId(), map.isPerCpu());
            List<Object> added = new ArrayList<>();
            List<Object> changed = new ArrayList<>();
            List<Object> removed = new ArrayList<>();
            for (Map.Entry<String, MapEntry> e : is.entrySet()) {
                MapEntry old = was.get(e.getKey());
                if (old == null) {
                    added.add(entry(types, e.getValue()));
                } else if (!sameValues(old.values(), e.getValue().values())) {
                    Map<String, Object> c = new LinkedHashMap<>();
                    c.put("key", types.key(e.getValue().key()));
                    c.put("before", types.value(old.values()));
                    c.put("after", types.value(e.getValue().values()));
                    changed.add(c);
                }
            }
            for (Map.Entry<String, MapEntry> e : was.entrySet()) {
                if (!is.containsKey(e.getKey())) {
                    removed.add(entry(types, e.getValue()));
                }
            }
            if (added.isEmpty() && changed.isEmpty() && removed.isEmpty()) {
                continue;
            }
            Map<String, Object> changes = new LinkedHashMap<>();
            changes.put("type", GoldenSnapshot.typeName(map));
            putNonEmpty(changes, "added", added);
            putNonEmpty(changes, "changed", changed);
            putNonEmpty(changes, "removed", removed);
            maps.put(name, changes);
        }
        return maps;
    }

    private static void putNonEmpty(Map<String, Object> to, String key, List<Object> list) {
        if (!list.isEmpty()) {
            to.put(key, list);
        }
    }

    private static Map<String, Object> entry(Types types, MapEntry e) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("key", types.key(e.key()));
        out.put("value", types.value(e.values()));
        return out;
    }

    private static boolean sameValues(List<byte[]> a, List<byte[]> b) {
        return Arrays.deepEquals(a.toArray(), b.toArray());
    }

    /** How one map's keys and values are shown: hex, and the BTF rendering where the object has the type. */
    private record Types(Optional<Btf> btf, int keyType, int valueType, boolean perCpu) {
        Map<String, Object> key(byte[] key) {
            return shown(key, keyType);
        }

        /** One value, or for a per-CPU map one per CPU, numbered. */
        Object value(List<byte[]> values) {
            if (!perCpu) {
                return shown(values.get(0), valueType);
            }
            List<Object> out = new ArrayList<>();
            for (int cpu = 0; cpu < values.size(); cpu++) {
                Map<String, Object> v = new LinkedHashMap<>();
                v.put("cpu", cpu);
                v.putAll(shown(values.get(cpu), valueType));
                out.add(v);
            }
            return out;
        }

        private Map<String, Object> shown(byte[] bytes, int typeId) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("hex", HexLines.value(bytes));
            btfText(btf, typeId, bytes).ifPresent(t -> out.put("btf", t));
            return out;
        }
    }

    /** The bytes printed through their BTF type, as {@link LoadedObject#describe} prints them, when there is one that fits. */
    private static Optional<String> btfText(Optional<Btf> btf, int typeId, byte[] bytes) {
        if (btf.isEmpty() || typeId == 0) {
            return Optional.empty();
        }
        try {
            return bytes.length >= btf.get().sizeOf(typeId) ? Optional.of(btf.get().format(typeId, bytes)) : Optional.empty();
        } catch (IllegalArgumentException | MalformedObjectException e) {
            // A type the formatter cannot print (malformed or cyclic BTF) leaves the hex alone.
            return Optional.empty();
        }
    }

    private static Map<String, Object> hex(byte[] bytes) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("hex", HexLines.value(bytes));
        return out;
    }

    private static Map<String, Object> perfRecord(MapRecord r) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("cpu", r.cpu().orElseThrow());
        out.put("hex", HexLines.value(r.data()));
        return out;
    }

    /**
     * The records that arrived during the run. A program cannot consume records, so those waiting
     * before the run are still the first ones after it.
     */
    private static <T> List<T> newSince(List<T> before, List<T> after) {
        int skip = before == null ? 0 : Math.min(before.size(), after.size());
        return after.subList(skip, after.size());
    }

    private static long u32(byte[] b, int at) {
        return (b[at] & 0xffL) | (b[at + 1] & 0xffL) << 8 | (b[at + 2] & 0xffL) << 16 | (b[at + 3] & 0xffL) << 24;
    }
}
