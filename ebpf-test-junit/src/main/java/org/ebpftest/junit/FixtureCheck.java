package org.ebpftest.junit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.ebpftest.runtime.btf.ValueFormatter;
import org.ebpftest.runtime.linux.ContextType;
import org.ebpftest.runtime.linux.LoadedObject;
import org.ebpftest.runtime.linux.RunResult;
import org.ebpftest.runtime.linux.maps.BpfMap;
import org.ebpftest.runtime.uapi.ReturnCodes;
import org.opentest4j.AssertionFailedError;

/** Compares a run with a fixture's expectations and reports every mismatch at once. */
final class FixtureCheck {
    private static final HexFormat HEX = HexFormat.of();
    /** Fixtures give values as hex, a per-CPU map's as a plain list; mismatches print them alike. */
    private static final ValueFormatter VALUES = ValueFormatter.HEX.withoutCpuNumbers();

    private FixtureCheck() {
    }

    static void check(BpfFixture fixture, RunResult result, LoadedObject object) {
        BpfFixture.Expect expect = fixture.expect();
        List<String> mismatches = new ArrayList<>();
        if (result.retval() != expect.returnValue()) {
            mismatches.add("return value: expected " + describeExpected(expect, result.contextType()) + " but was "
                    + describeActual(expect, result));
        }
        expect.packet().ifPresent(packet -> {
            byte[] actual = result.packet();
            if (!Arrays.equals(packet, actual)) {
                mismatches.add("packet: expected " + packet.length + " bytes " + HEX.formatHex(packet) + "\n    but was " + actual.length
                        + " bytes " + HEX.formatHex(actual) + firstDifference(packet, actual));
            }
        });
        expect.maps().forEach((name, entries) -> {
            BpfMap map = FixturePreload.map(fixture, object, name);
            entries.forEach(entry -> FixturePreload.checkValueCount(fixture, map, entry));
            for (BpfFixture.Entry entry : entries) {
                byte[] key = entry.key();
                Optional<List<byte[]>> actual = map.lookupPerCpu(key);
                if (actual.isEmpty()) {
                    mismatches.add("map [" + name + "]: no entry for key " + HEX.formatHex(key));
                } else if (!matches(entry, actual.get())) {
                    mismatches.add("map [" + name + "] key " + HEX.formatHex(key) + ": expected " + show(entry.values()) + " but was " + show(actual.get()));
                }
            }
        });
        if (!mismatches.isEmpty()) {
            throw new AssertionFailedError("fixture [" + fixture.name() + "] in [" + fixture.source() + "] on [" + object.spec().fileName()
                    + "]:\n  " + String.join("\n  ", mismatches));
        }
    }

    /** The expected return value by the name the fixture gave it, else by its program's name for it: {@code XDP_PASS (2)}. */
    private static String describeExpected(BpfFixture.Expect expect, ContextType type) {
        Optional<String> name = expect.returnName().or(() -> kernelName(type, expect.returnValue()));
        return named(name, expect.returnValue());
    }

    /** The value the program returned, named as the expected one is: {@code XDP_DROP (1)}, or a plain number without a name. */
    private static String describeActual(BpfFixture.Expect expect, RunResult result) {
        Optional<String> name = kernelName(result.contextType(), result.retval())
                .or(() -> expect.returnName().flatMap(ReturnCodes::byKernelName).flatMap(given -> given.family().kernelName(result.retval())));
        return named(name, result.retval());
    }

    /** The name the kernel headers give a return value of a program on this context: {@code XDP_*} for XDP, {@code TC_ACT_*} for tc. */
    static Optional<String> kernelName(ContextType type, int value) {
        return type.returnCodes().flatMap(codes -> codes.kernelName(value));
    }

    private static String named(Optional<String> name, int value) {
        return name.map(n -> n + " (" + value + ")").orElse(Integer.toString(value));
    }

    /** A single expected value of a per-CPU map is what every CPU holds. */
    private static boolean matches(BpfFixture.Entry entry, List<byte[]> actual) {
        List<byte[]> expected = entry.values();
        if (!entry.perCpu()) {
            return actual.stream().allMatch(v -> Arrays.equals(v, expected.get(0)));
        }
        if (expected.size() != actual.size()) {
            return false;
        }
        for (int i = 0; i < expected.size(); i++) {
            if (!Arrays.equals(expected.get(i), actual.get(i))) {
                return false;
            }
        }
        return true;
    }

    private static String show(List<byte[]> values) {
        return VALUES.perCpuText(0, values);
    }

    private static String firstDifference(byte[] expected, byte[] actual) {
        int i = Arrays.mismatch(expected, actual);
        return i < 0 ? "" : "\n    first difference at byte " + i;
    }
}
