package org.ebpftest.runtime.context;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.ebpftest.runtime.json.LocatedJson;

/**
 * Turns a located JSON tree into contexts, with the property names mimic's Go types give them
 * ({@code json:"..."} tags), refusing unknown properties and checking every reference.
 */
final class ContextReader {
    private static final Set<String> CONTEXT = Set.of("name", "type", "ctx");
    private static final List<String> TYPES = List.of("captured", "generic", "sk_buff", "xdp_md");
    private static final Set<String> GENERIC = Set.of("registers", "memory", "emulator");
    private static final Set<String> REGISTERS = Set.of("r1", "r2", "r3", "r4", "r5");
    private static final Set<String> MEMORY = Set.of("name", "type", "value");
    private static final List<String> MEMORY_TYPES = List.of("block", "int", "ptr", "struct");
    private static final Set<String> BLOCK = Set.of("value", "byteorder");
    private static final Set<String> POINTER = Set.of("memory", "offset", "size");
    private static final Set<String> INT = Set.of("value", "size");
    private static final Set<String> FIELD = Set.of("name", "memory");
    private static final Set<String> XDP_MD = Set.of("headroom", "tailroom", "packet", "ingress_ifidx", "rx_queue_idx", "egress_ifidx");
    private static final Set<String> SK_BUFF = Set.of("packet", "sock", "dev", "flowKeys");
    private static final Set<String> DEV = Set.of("ifIndex");
    /** mimic's {@code SK}: numbers, except the four addresses, which are strings. */
    private static final Set<String> SOCK_NUMBERS = Set.of("boundDevIF", "family", "sockType", "protocol", "mark", "priority", "srcPort", "dstPort",
            "state", "rxQueueMapping");
    private static final Set<String> SOCK_STRINGS = Set.of("srcIP4", "srcIP6", "dstIP4", "dstIP6");
    /** mimic's {@code FlowKeys}: numbers, except {@code ip}, a Go {@code net.IP} written as text. */
    private static final Set<String> FLOW_NUMBERS = Set.of("nhoff", "thoff", "addrProto", "isFrag", "isFirstFrag", "isEncap", "ipProto", "nProto",
            "sport", "dport", "flags", "flowLabel");
    private static final Set<String> FLOW_STRINGS = Set.of("ip");
    private static final Set<String> CAPTURED = Set.of("subContext", "helperCalls");
    private static final Set<String> CALL = Set.of("helperFn", "params", "results");
    private static final Set<String> REGISTER_DATA = Set.of("reg", "value");

    private ContextReader() {
    }

    static List<BpfContext> read(LocatedJson root) {
        if (root.isArray()) {
            List<BpfContext> contexts = new ArrayList<>();
            for (LocatedJson element : root.elements()) {
                contexts.add(context(element, root.file() + "[" + contexts.size() + "]"));
            }
            if (contexts.isEmpty()) {
                throw root.error("expected at least one context, found an empty array");
            }
            return List.copyOf(contexts);
        }
        if (root.isObject()) {
            return List.of(context(root, root.file()));
        }
        throw root.expected("a context object or an array of them");
    }

    private static BpfContext context(LocatedJson node, String defaultName) {
        Map<String, LocatedJson> p = node.object(CONTEXT, "type", "ctx");
        String name = p.containsKey("name") && !p.get("name").isNull() ? p.get("name").string() : "";
        LocatedJson type = p.get("type");
        LocatedJson ctx = p.get("ctx");
        String named = name.isEmpty() ? defaultName : name;
        return switch (type.string()) {
            case "generic" -> generic(named, ctx);
            case "xdp_md" -> xdpMd(named, ctx);
            case "sk_buff" -> skBuff(named, ctx);
            case "captured" -> captured(name, defaultName, ctx);
            default -> throw type.error("unknown context type [" + type.string() + "]; expected one of " + TYPES);
        };
    }

    // ---- generic ----

    private static GenericContext generic(String name, LocatedJson ctx) {
        Map<String, LocatedJson> p = ctx.object(GENERIC);
        if (p.containsKey("emulator") && !p.get("emulator").isNull()) {
            // mimic keeps this map for emulator plug-ins and does not read it when it loads a context.
            p.get("emulator").properties("an object (mimic's emulator values)");
        }
        Map<String, MemoryNode> memory = new LinkedHashMap<>();
        LocatedJson list = p.get("memory");
        if (list != null && !list.isNull()) {
            if (!list.isArray()) {
                throw list.expected("an array of memory objects");
            }
            for (LocatedJson element : list.elements()) {
                MemoryNode m = memoryObject(element);
                MemoryNode earlier = memory.putIfAbsent(m.name(), m);
                if (earlier != null) {
                    throw m.node().error("memory [" + m.name() + "] is declared twice; the first is at " + earlier.node().path());
                }
            }
        }
        List<GenericContext.MemoryObject> objects = new ArrayList<>();
        for (MemoryNode m : memory.values()) {
            objects.add(resolve(m, memory));
        }
        Map<Integer, String> registers = new TreeMap<>();
        LocatedJson regs = p.get("registers");
        if (regs != null && !regs.isNull()) {
            for (Map.Entry<String, LocatedJson> r : regs.object(REGISTERS).entrySet()) {
                String target = r.getValue().string();
                if (target.isEmpty()) {
                    continue;    // mimic leaves a register with an empty name unset
                }
                if (!memory.containsKey(target)) {
                    throw r.getValue().error("register " + r.getKey() + " names memory [" + target + "], which the context does not declare; it declares "
                            + memory.keySet());
                }
                registers.put(r.getKey().charAt(1) - '0', target);
            }
        }
        return new GenericContext(name, ctx.file(), registers, objects);
    }

    /** A memory object as read, before references are checked: its kind, name and nodes. */
    private record MemoryNode(String name, String type, LocatedJson node, LocatedJson value) {
    }

    private static MemoryNode memoryObject(LocatedJson node) {
        Map<String, LocatedJson> p = node.object(MEMORY, "name", "type", "value");
        String name = p.get("name").string();
        if (name.isEmpty()) {
            throw p.get("name").expected("a non-empty name");
        }
        LocatedJson type = p.get("type");
        if (!MEMORY_TYPES.contains(type.string())) {
            throw type.error("unknown memory type [" + type.string() + "]; expected one of " + MEMORY_TYPES);
        }
        return new MemoryNode(name, type.string(), node, p.get("value"));
    }

    private static GenericContext.MemoryObject resolve(MemoryNode m, Map<String, MemoryNode> memory) {
        return switch (m.type()) {
            case "block" -> block(m);
            case "int" -> integer(m);
            case "ptr" -> pointer(m, memory);
            default -> struct(m, memory);
        };
    }

    private static GenericContext.Block block(MemoryNode m) {
        Map<String, LocatedJson> p = m.value().object(BLOCK, "value", "byteorder");
        byte[] bytes = base64(p.get("value"));
        LocatedJson order = p.get("byteorder");
        ByteOrder byteOrder = switch (order.string().toLowerCase(Locale.ROOT)) {
            case "le", "littleendian", "little-endian" -> ByteOrder.LITTLE_ENDIAN;
            case "be", "bigendian", "big-endian" -> ByteOrder.BIG_ENDIAN;
            default -> throw order.expected("a byte order: le, littleendian, little-endian, be, bigendian or big-endian");
        };
        return new GenericContext.Block(m.name(), bytes, byteOrder);
    }

    private static GenericContext.Int integer(MemoryNode m) {
        Map<String, LocatedJson> p = m.value().object(INT, "size");
        int size = (int) p.get("size").integer(0, 64, "a size in bits: 8, 16, 32 or 64");
        if (size != 0 && size != 8 && size != 16 && size != 32 && size != 64) {
            throw p.get("size").expected("a size in bits: 8, 16, 32 or 64");
        }
        long value = 0;
        if (p.containsKey("value")) {
            LocatedJson v = p.get("value");
            value = v.bits64("an integer");
            if (size != 0 && size != 64 && !fits(v, value, size)) {
                throw v.expected("an integer that fits in " + size + " bits");
            }
        }
        return new GenericContext.Int(m.name(), value, size);
    }

    /** Whether a value fits in {@code bits} bits, read as signed or as unsigned. */
    private static boolean fits(LocatedJson v, long value, int bits) {
        if (!(v.value() instanceof Integer || v.value() instanceof Long)) {
            return false;
        }
        return value >= -(1L << (bits - 1)) && value < 1L << bits;
    }

    private static GenericContext.Pointer pointer(MemoryNode m, Map<String, MemoryNode> memory) {
        Map<String, LocatedJson> p = m.value().object(POINTER, "memory");
        LocatedJson target = p.get("memory");
        MemoryNode to = memory.get(target.string());
        if (to == null) {
            throw target.error("pointer [" + m.name() + "] points to memory [" + target.string() + "], which the context does not declare; it declares "
                    + memory.keySet());
        }
        if (!to.type().equals("block") && !to.type().equals("struct")) {
            throw target.error("pointer [" + m.name() + "] points to [" + to.name() + "], " + article(to.type())
                    + "; pointers may only point to blocks and structs");
        }
        int offset = p.containsKey("offset") ? (int) p.get("offset").integer(0, Integer.MAX_VALUE, "a byte offset of 0 or more") : 0;
        int length = to.type().equals("block") ? base64(to.value().object(BLOCK).get("value")).length : structSize(to, memory);
        if (offset > length) {
            throw p.get("offset").error("offset " + offset + " lies beyond the end of [" + to.name() + "], which is " + length + " bytes");
        }
        int size = 0;
        if (p.containsKey("size")) {
            LocatedJson s = p.get("size");
            size = (int) s.integer(0, 64, "a pointer size in bits: 32 or 64");
            if (size != 0 && size != 32 && size != 64) {
                throw s.expected("a pointer size in bits: 32 or 64");
            }
        }
        return new GenericContext.Pointer(m.name(), to.name(), offset, size);
    }

    private static GenericContext.Struct struct(MemoryNode m, Map<String, MemoryNode> memory) {
        List<GenericContext.Field> fields = new ArrayList<>();
        for (LocatedJson element : fieldNodes(m)) {
            Map<String, LocatedJson> p = element.object(FIELD, "memory");
            String fieldName = p.containsKey("name") ? p.get("name").string() : "";
            LocatedJson target = p.get("memory");
            MemoryNode to = memory.get(target.string());
            String field = "field [" + fieldName + "] of struct [" + m.name() + "]";
            if (to == null) {
                throw target.error(field + " names memory [" + target.string() + "], which the context does not declare; it declares " + memory.keySet());
            }
            if (!to.type().equals("ptr") && !to.type().equals("int")) {
                throw target.error(field + " names [" + to.name() + "], " + article(to.type()) + "; struct fields may only be pointers and ints");
            }
            if (to.type().equals("int") && (int) to.value().object(INT).get("size").integer(0, 64, "a size") == 0) {
                throw target.error(field + " names int [" + to.name() + "], which has no size; give it a size of 8, 16, 32 or 64");
            }
            fields.add(new GenericContext.Field(fieldName, to.name()));
        }
        return new GenericContext.Struct(m.name(), fields);
    }

    private static List<LocatedJson> fieldNodes(MemoryNode m) {
        if (!m.value().isArray()) {
            throw m.value().expected("an array of struct fields such as {\"name\": \"data\", \"memory\": \"data_ptr\"}");
        }
        return m.value().elements();
    }

    /** A struct's size in bytes: its fields in order, without padding, as mimic lays it out. */
    private static int structSize(MemoryNode struct, Map<String, MemoryNode> memory) {
        int size = 0;
        for (LocatedJson element : fieldNodes(struct)) {
            LocatedJson target = element.object(FIELD, "memory").get("memory");
            MemoryNode to = memory.get(target.string());
            if (to == null) {
                continue;    // reported when the struct itself is read
            }
            if (to.type().equals("int")) {
                size += (int) to.value().object(INT).get("size").integer(0, 64, "a size") / 8;
            } else if (to.type().equals("ptr")) {
                LocatedJson s = to.value().object(POINTER).get("size");
                size += s != null && s.value() instanceof Integer i && i == 64 ? 8 : 4;
            }
        }
        return size;
    }

    private static String article(String type) {
        return switch (type) {
            case "int" -> "an int";
            case "ptr" -> "a pointer";
            default -> "a " + type;
        };
    }

    // ---- xdp_md and sk_buff ----

    private static XdpMdContext xdpMd(String name, LocatedJson ctx) {
        Map<String, LocatedJson> p = ctx.object(XDP_MD);
        return new XdpMdContext(name, ctx.file(), packet(p.get("packet")),
                (int) optional(p, "headroom", 0, Integer.MAX_VALUE, "a number of bytes"),
                (int) optional(p, "tailroom", 0, Integer.MAX_VALUE, "a number of bytes"),
                (int) optional(p, "ingress_ifidx", Integer.MIN_VALUE, Integer.MAX_VALUE, "a 32-bit interface index"),
                (int) optional(p, "rx_queue_idx", Integer.MIN_VALUE, Integer.MAX_VALUE, "a 32-bit queue index"),
                (int) optional(p, "egress_ifidx", Integer.MIN_VALUE, Integer.MAX_VALUE, "a 32-bit interface index"));
    }

    private static SkBuffContext skBuff(String name, LocatedJson ctx) {
        Map<String, LocatedJson> p = ctx.object(SK_BUFF);
        int ifindex = 0;
        LocatedJson dev = p.get("dev");
        if (dev != null && !dev.isNull()) {
            ifindex = (int) optional(dev.object(DEV), "ifIndex", 0, 0xffff_ffffL, "a 32-bit interface index");
        }
        return new SkBuffContext(name, ctx.file(), packet(p.get("packet")), ifindex,
                fields(p.get("sock"), SOCK_NUMBERS, SOCK_STRINGS), fields(p.get("flowKeys"), FLOW_NUMBERS, FLOW_STRINGS));
    }

    /** A struct of named numbers and strings (mimic's SK and FlowKeys), or empty for null or absent. */
    private static Optional<Map<String, Object>> fields(LocatedJson node, Set<String> numbers, Set<String> strings) {
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        Map<String, Object> values = new LinkedHashMap<>();
        Set<String> known = new HashSet<>(numbers);
        known.addAll(strings);
        node.object(known).forEach((key, value) -> {
            if (numbers.contains(key)) {
                values.put(key, value.integer(Integer.MIN_VALUE, 0xffff_ffffL, "a 32-bit number"));
            } else if (!value.isNull()) {
                values.put(key, value.string());
            }
        });
        return Optional.of(values);
    }

    /** A Go {@code []byte}: base64 text, or null for none. */
    private static byte[] packet(LocatedJson node) {
        return node == null || node.isNull() ? new byte[0] : base64(node);
    }

    private static long optional(Map<String, LocatedJson> p, String key, long min, long max, String what) {
        LocatedJson v = p.get(key);
        return v == null ? 0 : v.integer(min, max, what);
    }

    private static byte[] base64(LocatedJson node) {
        String text = node.string();
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw node.expected("base64 bytes (" + e.getMessage() + ")");
        }
    }

    // ---- captured ----

    private static CapturedContext captured(String name, String defaultName, LocatedJson ctx) {
        Map<String, LocatedJson> p = ctx.object(CAPTURED, "subContext");
        LocatedJson subNode = p.get("subContext");
        BpfContext sub = context(subNode, defaultName);
        if (sub instanceof CapturedContext) {
            throw subNode.error("a captured context cannot wrap another captured context");
        }
        Map<Integer, List<CapturedContext.RecordedCall>> calls = new TreeMap<>();
        LocatedJson helperCalls = p.get("helperCalls");
        if (helperCalls != null && !helperCalls.isNull()) {
            helperCalls.properties("an object of helper numbers to arrays of calls, such as {\"5\": [...]}").forEach((key, list) -> {
                int helper = helperNumber(key, list);
                List<CapturedContext.RecordedCall> recorded = new ArrayList<>();
                if (!list.isNull()) {
                    if (!list.isArray()) {
                        throw list.expected("an array of calls");
                    }
                    for (LocatedJson call : list.elements()) {
                        recorded.add(call(helper, call));
                    }
                }
                calls.put(helper, recorded);
            });
        }
        return new CapturedContext(name.isEmpty() ? sub.name() : name, ctx.file(), sub, calls);
    }

    private static int helperNumber(String key, LocatedJson list) {
        if (key.matches("[0-9]{1,5}")) {
            int id = Integer.parseInt(key);
            if (id >= 1 && id <= 0xffff) {
                return id;
            }
        }
        throw list.error("helper calls are listed under the helper's number, such as \"5\" for bpf_ktime_get_ns; found [" + key + "]");
    }

    private static CapturedContext.RecordedCall call(int helper, LocatedJson node) {
        Map<String, LocatedJson> p = node.object(CALL, "helperFn");
        LocatedJson fn = p.get("helperFn");
        if (fn.integer(1, 0xffff, "a helper number") != helper) {
            throw fn.error("call listed under helper " + helper + " is a call to helper " + fn.value() + "; list it under \"" + fn.value() + "\"");
        }
        List<CapturedContext.RegisterValue> params = registers(p.get("params"), false);
        List<CapturedContext.RegisterValue> results = registers(p.get("results"), true);
        return new CapturedContext.RecordedCall(helper, params, results);
    }

    private static List<CapturedContext.RegisterValue> registers(LocatedJson node, boolean results) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw node.expected("an array of registers such as {\"reg\": 0, \"value\": 42}");
        }
        List<CapturedContext.RegisterValue> out = new ArrayList<>();
        for (LocatedJson element : node.elements()) {
            Map<String, LocatedJson> p = element.object(REGISTER_DATA, "reg", "value");
            LocatedJson reg = p.get("reg");
            int register = (int) reg.integer(0, 5, "a register from 0 to 5");
            LocatedJson value = p.get("value");
            if (value.value() instanceof String) {
                if (results && register == 0) {
                    throw value.expected("a number: r0 holds the helper's return value");
                }
                out.add(new CapturedContext.Bytes(register, base64(value)));
            } else {
                long scalar = value.bits64("a number, or base64 bytes written through a pointer");
                if (results && register != 0) {
                    throw value.expected("base64 bytes: a result in r" + register + " is what the helper wrote through that pointer argument");
                }
                out.add(new CapturedContext.Scalar(register, scalar));
            }
        }
        return out;
    }
}
