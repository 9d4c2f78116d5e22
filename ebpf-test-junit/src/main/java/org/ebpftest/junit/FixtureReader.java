package org.ebpftest.junit;

import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.ebpftest.runtime.elf.ProgramType;
import org.ebpftest.runtime.isa.Hex;
import org.ebpftest.runtime.json.LocatedJson;
import org.ebpftest.runtime.uapi.ReturnCode;
import org.ebpftest.runtime.uapi.ReturnCodes;

/** Turns a located JSON tree into fixtures, checking every property's name and kind. */
final class FixtureReader {
    private static final Set<String> FIXTURE = Set.of("name", "program", "type", "packet", "metadata", "skb", "maps", "expect");
    private static final Set<String> SKB = Set.of("mark", "priority", "ifindex", "cb");
    private static final Set<String> EXPECT = Set.of("return", "packet", "maps");
    private static final Set<String> ENTRY = Set.of("key", "value", "values");
    private static final Set<String> BASE64 = Set.of("base64");

    private FixtureReader() {
    }

    /** Reads a fixture or case file's tree; its errors are {@link FixtureFormatException}s. */
    static LocatedJson parse(String source, String json) {
        return LocatedJson.parse(source, json, "a fixture object or an array of them", FixtureFormatException::new);
    }

    static List<BpfFixture> read(LocatedJson root) {
        if (root.isArray()) {
            List<BpfFixture> fixtures = new ArrayList<>();
            for (LocatedJson element : root.elements()) {
                fixtures.add(fixture(element));
            }
            if (fixtures.isEmpty()) {
                throw root.error("expected at least one fixture, found an empty array");
            }
            return List.copyOf(fixtures);
        }
        if (root.isObject()) {
            return List.of(fixture(root));
        }
        throw root.expected("a fixture object or an array of them");
    }

    private static BpfFixture fixture(LocatedJson node) {
        Map<String, LocatedJson> p = node.object(FIXTURE, "name", "packet", "expect");
        return new BpfFixture(node.file(), p.get("name").nonEmptyString(),
                p.containsKey("program") ? p.get("program").nonEmptyString() : null,
                p.containsKey("type") ? type(p.get("type")) : null,
                packet(p.get("packet")),
                p.containsKey("metadata") ? hex(p.get("metadata")) : new byte[0],
                p.containsKey("skb") ? skb(p.get("skb")) : null,
                p.containsKey("maps") ? maps(p.get("maps")) : Map.of(),
                expect(p.get("expect")));
    }

    private static ProgramType type(LocatedJson node) {
        String name = node.nonEmptyString();
        try {
            return ProgramType.named(name);
        } catch (IllegalArgumentException e) {
            throw node.error(e.getMessage());
        }
    }

    private static BpfFixture.Skb skb(LocatedJson node) {
        Map<String, LocatedJson> p = node.object(SKB);
        List<Integer> cb = new ArrayList<>(Collections.nCopies(5, 0));
        if (p.containsKey("cb")) {
            LocatedJson words = p.get("cb");
            if (!words.isArray() || words.elements().size() != 5) {
                throw words.expected("an array of 5 numbers");
            }
            for (int i = 0; i < 5; i++) {
                cb.set(i, u32(words.elements().get(i)));
            }
        }
        return new BpfFixture.Skb(p.containsKey("mark") ? u32(p.get("mark")) : 0, p.containsKey("priority") ? u32(p.get("priority")) : 0,
                p.containsKey("ifindex") ? u32(p.get("ifindex")) : 0, cb);
    }

    private static Map<String, List<BpfFixture.Entry>> maps(LocatedJson node) {
        LinkedHashMap<String, List<BpfFixture.Entry>> maps = new LinkedHashMap<>();
        node.properties("an object of map names to arrays of entries").forEach((map, entries) -> {
            if (!entries.isArray()) {
                throw entries.expected("an array of entries such as {\"key\": \"00000000\", \"value\": \"01000000\"}");
            }
            maps.put(map, entries.elements().stream().map(FixtureReader::entry).toList());
        });
        return Collections.unmodifiableMap(maps);
    }

    private static BpfFixture.Entry entry(LocatedJson node) {
        Map<String, LocatedJson> p = node.object(ENTRY, "key");
        if (p.containsKey("value") == p.containsKey("values")) {
            throw node.error("expected either \"value\" (hex) or \"values\" (hex per CPU), found "
                    + (p.containsKey("value") ? "both" : "neither"));
        }
        if (p.containsKey("value")) {
            return new BpfFixture.Entry(hex(p.get("key")), List.of(hex(p.get("value"))), false, p.get("value").where());
        }
        LocatedJson values = p.get("values");
        if (!values.isArray() || values.elements().isEmpty()) {
            throw values.expected("an array of hex values, one per CPU");
        }
        return new BpfFixture.Entry(hex(p.get("key")), values.elements().stream().map(FixtureReader::hex).toList(), true, values.where());
    }

    private static BpfFixture.Expect expect(LocatedJson node) {
        Map<String, LocatedJson> p = node.object(EXPECT, "return");
        LocatedJson ret = p.get("return");
        int value;
        Optional<String> name = Optional.empty();
        Optional<ReturnCode> code = ret.value() instanceof String s ? ReturnCodes.byKernelName(s) : Optional.empty();
        if (code.isPresent()) {
            value = (int) code.get().value();
            name = Optional.of(code.get().symbol());
        } else if (ret.value() instanceof Number) {
            value = u32(ret);
        } else {
            throw ret.expected("a number or an action name such as XDP_PASS");
        }
        return new BpfFixture.Expect(value, name, p.containsKey("packet") ? Optional.of(hex(p.get("packet"))) : Optional.empty(),
                p.containsKey("maps") ? maps(p.get("maps")) : Map.of());
    }

    /** A 32-bit value, signed or unsigned, as C code would write it. */
    private static int u32(LocatedJson node) {
        return (int) node.integer(Integer.MIN_VALUE, 0xffff_ffffL, "a 32-bit integer");
    }

    private static byte[] packet(LocatedJson node) {
        if (node.isObject()) {
            LocatedJson encoded = node.object(BASE64, "base64").get("base64");
            if (encoded.value() instanceof String s) {
                try {
                    return Base64.getDecoder().decode(s.replaceAll("\\s", ""));
                } catch (IllegalArgumentException e) {
                    throw encoded.expected("base64 text (" + e.getMessage() + ")");
                }
            }
            throw encoded.expected("base64 text");
        }
        if (!(node.value() instanceof String)) {
            throw node.expected("hex bytes or {\"base64\": \"...\"}");
        }
        return hex(node);
    }

    /** Hex bytes; spaces, colons and line breaks between them are ignored, so dumps paste as they are. */
    private static byte[] hex(LocatedJson node) {
        if (node.value() instanceof String s) {
            try {
                return Hex.parse(s.replace(':', ' '));
            } catch (IllegalArgumentException notHex) {
                // reported below with the file, path, line and column
            }
        }
        throw node.expected("hex bytes such as \"0a1b2c\"");
    }
}
