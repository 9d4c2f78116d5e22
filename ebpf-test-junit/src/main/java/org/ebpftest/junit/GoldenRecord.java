package org.ebpftest.junit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.ebpftest.runtime.btf.ValueFormatter;
import org.ebpftest.runtime.elf.MapSpec;
import org.ebpftest.runtime.linux.ContextType;
import org.ebpftest.runtime.linux.LoadedObject;
import org.ebpftest.runtime.linux.RunResult;
import org.ebpftest.runtime.linux.buffers.RunInput;
import org.ebpftest.runtime.linux.buffers.SkbInput;
import org.ebpftest.runtime.linux.buffers.SkbLayout;
import org.ebpftest.runtime.linux.buffers.XdpInput;
import org.ebpftest.runtime.linux.maps.MapRecord;
import org.ebpftest.runtime.linux.net.Redirect;
import org.ebpftest.runtime.snapshot.MapChanges;
import org.ebpftest.runtime.snapshot.MapSnapshot;
import org.ebpftest.runtime.snapshot.ObjectSnapshot;
import org.ebpftest.runtime.uapi.MapType;

/**
 * The content of a golden file: one run told from its input to everything it left behind, as an
 * ordered JSON model for {@link GoldenJson}. Keys come in a fixed order, maps in the object's
 * order, entries by key bytes; nothing depends on timing or on hash iteration order.
 */
final class GoldenRecord {
    private GoldenRecord() {
    }

    /**
     * The model of one run.
     *
     * @param input an {@link XdpInput} or an {@link SkbInput}
     * @param recorded the golden file as recorded, whose redirect, clones and printed lines stand in
     *     for a kernel run's, which reports none of them (empty for an emulator run)
     */
    static Map<String, Object> of(BpfProgram program, RunInput input, RunResult result, ObjectSnapshot before, ObjectSnapshot after,
            Map<String, Object> recorded) {
        LoadedObject object = program.object();
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("program", program.name());
        doc.put("object", object.spec().fileName());
        doc.put("type", program.contextType().bpftoolName());
        doc.put("input", input(input));
        doc.put("return", returnValue(program.contextType(), result.retval()));
        doc.put("output", output(program.contextType(), result));
        boolean emulator = result.recordsSideEffects();
        if (emulator) {
            result.redirect().ifPresent(r -> doc.put("redirect", redirect(r)));
            if (!result.clonedRedirects().isEmpty()) {
                doc.put("clones", result.clonedRedirects().stream().map(GoldenRecord::redirect).toList());
            }
        } else {
            Stream.of("redirect", "clones").filter(recorded::containsKey).forEach(k -> doc.put(k, recorded.get(k)));
        }
        doc.put("maps", mapChanges(object, before, after));
        Map<String, Object> notRecorded = new LinkedHashMap<>();
        after.maps().forEach((name, m) -> m.notListed().ifPresent(why -> notRecorded.put(name, why)));
        if (!notRecorded.isEmpty()) {
            doc.put("maps_not_recorded", notRecorded);
        }
        doc.put("printed", emulator ? result.printedMessages() : recorded.getOrDefault("printed", List.of()));
        Map<String, Object> rings = new LinkedHashMap<>();
        Map<String, Object> perf = new LinkedHashMap<>();
        after.maps().forEach((name, m) -> {
            MapChanges changes = MapChanges.between(before.map(name), m);
            if (m.map().type() == MapType.RINGBUF) {
                rings.put(name, changes.newRingRecords().stream().map(GoldenRecord::hex).toList());
            } else if (m.map().type() == MapType.PERF_EVENT_ARRAY) {
                perf.put(name, changes.newPerfRecords().stream().map(GoldenRecord::perfRecord).toList());
            }
        });
        if (!rings.isEmpty()) {
            doc.put("ring_buffers", rings);
        }
        if (!perf.isEmpty()) {
            doc.put("perf_events", perf);
        }
        return doc;
    }

    /** The frames for the capture file: the input frame and the frame the run left (without XDP metadata). */
    static List<byte[]> frames(ContextType type, RunInput input, RunResult result) {
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

    private static Map<String, Object> input(RunInput input) {
        Map<String, Object> in = new LinkedHashMap<>();
        if (input instanceof XdpInput x) {
            packet(in, x.packet());
            if (x.metadata().length > 0) {
                in.put("metadata", HexLines.value(x.metadata()));
            }
            putNonZero(in, "ingress_ifindex", x.ingressIfindex());
            putNonZero(in, "rx_queue_index", x.rxQueueIndex());
            if (x.linearLength() >= 0) {
                // a multi-buffer split the test asked for changes what the program sees, so it is part of the input
                in.put("linear_length", x.linearLength());
            }
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
            FixtureCheck.kernelName(type, retval).ifPresent(name -> ret.put("action", name));
        } else {
            ret.put("value", retval & 0xffffffffL);
            FixtureCheck.kernelName(type, retval).ifPresent(name -> ret.put("action", name));
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
            Map<String, Object> skb = new LinkedHashMap<>();
            skb.put("mark", u32(result, SkbLayout.MARK));
            skb.put("priority", u32(result, SkbLayout.PRIORITY));
            skb.put("queue_mapping", u32(result, SkbLayout.QUEUE_MAPPING));
            skb.put("tc_index", u32(result, SkbLayout.TC_INDEX));
            skb.put("tc_classid", u32(result, SkbLayout.TC_CLASSID));
            List<Object> cb = new ArrayList<>();
            for (int at = SkbLayout.CB; at < SkbLayout.CB_END; at += 4) {
                cb.add(u32(result, at));
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

    private static Map<String, Object> mapChanges(LoadedObject object, ObjectSnapshot before, ObjectSnapshot after) {
        Map<String, Object> maps = new LinkedHashMap<>();
        ValueFormatter format = ValueFormatter.of(object.spec().btf());
        for (Map.Entry<String, MapSnapshot> m : after.maps().entrySet()) {
            MapSnapshot is = m.getValue();
            if (is.holdsRecords() || is.notListed().isPresent()) {
                continue;
            }
            String name = m.getKey();
            MapChanges changes = MapChanges.between(before.map(name), is);
            if (changes.isEmpty()) {
                continue;
            }
            MapSpec spec = object.spec().map(name);
            Types types = new Types(format, spec.btfKeyTypeId(), spec.btfValueTypeId(), is.map().isPerCpu());
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("type", is.map().type().displayName());
            putNonEmpty(out, "added", byKey(changes, MapChanges.Kind.ADDED).map(c -> entry(types, c.key(), c.after())).toList());
            putNonEmpty(out, "changed", byKey(changes, MapChanges.Kind.CHANGED).map(c -> {
                Map<String, Object> changed = new LinkedHashMap<>();
                changed.put("key", types.key(c.key()));
                changed.put("before", types.value(c.before()));
                changed.put("after", types.value(c.after()));
                return (Object) changed;
            }).toList());
            putNonEmpty(out, "removed", byKey(changes, MapChanges.Kind.REMOVED).map(c -> entry(types, c.key(), c.before())).toList());
            maps.put(name, out);
        }
        return maps;
    }

    /** Changes of one kind by key bytes, so that nothing depends on the order a map iterates in. */
    private static Stream<MapChanges.Change> byKey(MapChanges changes, MapChanges.Kind kind) {
        return changes.changes(kind).stream().sorted(MapChanges.BY_KEY);
    }

    private static void putNonEmpty(Map<String, Object> to, String key, List<Object> list) {
        if (!list.isEmpty()) {
            to.put(key, list);
        }
    }

    private static Object entry(Types types, byte[] key, List<byte[]> values) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("key", types.key(key));
        out.put("value", types.value(values));
        return out;
    }

    /** How one map's keys and values are shown: hex, and the BTF rendering where the object has the type. */
    private record Types(ValueFormatter format, int keyType, int valueType, boolean perCpu) {
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
            format.btfText(typeId, bytes).ifPresent(t -> out.put("btf", t));
            return out;
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

    /** A 32-bit field of the context the run left, unsigned. */
    private static long u32(RunResult result, int offset) {
        return Integer.toUnsignedLong(result.contextField(offset));
    }

    private static long u32(byte[] b, int at) {
        return (b[at] & 0xffL) | (b[at + 1] & 0xffL) << 8 | (b[at + 2] & 0xffL) << 16 | (b[at + 3] & 0xffL) << 24;
    }
}
