package org.ebpftest.runtime.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.ebpftest.runtime.btf.BtfValue;
import org.ebpftest.runtime.elf.ObjectSpec;
import org.ebpftest.runtime.linux.buffers.XdpInput;
import org.ebpftest.runtime.linux.maps.BpfMap;
import org.ebpftest.runtime.linux.maps.MapOperationException;
import org.junit.jupiter.api.Test;

/**
 * Global variables set before load, as a libbpf skeleton sets them, and the freeze that follows:
 * the loaded object's {@code .rodata*} refuse user-space writes as Linux 6.18 does after libbpf's
 * BPF_MAP_FREEZE (checked with bpftool map update/delete/freeze on globals.o pinned by
 * {@code bpftool prog loadall ... pinmaps}). Setting {@code threshold} to 50 through libbpf's
 * {@code bpf_map__initial_value} before {@code bpf_object__load} made the kernel drop a 60-byte
 * frame (XDP_DROP) and refuse a later update of {@code .rodata} with EPERM, as here.
 */
class GlobalVariablesTest {
    private static final byte[] KEY = new byte[4];
    private static final int XDP_DROP = 1;
    private static final int XDP_PASS = 2;

    private static ObjectSpec spec(String name) throws IOException {
        try (InputStream in = GlobalVariablesTest.class.getResourceAsStream("/elf/" + name)) {
            return ObjectSpec.parse(name, in.readAllBytes());
        }
    }

    private static BtfValue variables(LoadedObject object, String section) {
        return object.value(section, KEY).orElseThrow();
    }

    // ---- the freeze

    @Test
    void loadedReadOnlyDataRefusesUserSpaceWritesWithEperm() throws IOException {
        LoadedObject globals = LoadedObject.load(spec("globals.o"));
        BpfMap rodata = globals.map(".rodata");
        byte[] value = rodata.lookup(KEY).orElseThrow();

        assertThat(rodata.isFrozen()).isTrue();
        assertThatThrownBy(() -> rodata.update(KEY, new byte[26], 0)).isInstanceOf(MapOperationException.class)
                .hasMessage("update on map \".rodata\" failed: EPERM");
        assertThatThrownBy(() -> rodata.delete(KEY)).isInstanceOf(MapOperationException.class)
                .hasMessage("delete on map \".rodata\" failed: EPERM");
        assertThatThrownBy(rodata::freeze).isInstanceOf(MapOperationException.class)
                .hasMessage("freeze on map \".rodata\" failed: EPERM");
        assertThatThrownBy(() -> globals.map(".rodata.cfg").update(KEY, new byte[6], 0)).isInstanceOf(MapOperationException.class)
                .hasMessage("update on map \".rodata.cfg\" failed: EPERM");
        assertThat(globals.map(".rodata.str1.1").isFrozen()).isTrue();
        assertThat(rodata.lookup(KEY).orElseThrow()).isEqualTo(value);
        assertThatThrownBy(() -> globals.map(".rodata").put(KEY, new byte[26])).isInstanceOf(MapOperationException.class)
                .hasMessage("update on map \".rodata\" failed: EPERM");
    }

    @Test
    void writableGlobalDataIsNotFrozen() throws IOException {
        LoadedObject globals = LoadedObject.load(spec("globals.o"));

        for (String section : new String[] {".data", ".bss", ".data.extra"}) {
            BpfMap map = globals.map(section);
            assertThat(map.isFrozen()).as(section).isFalse();
            assertThatCode(() -> map.update(KEY, new byte[map.valueSize()], 0)).as(section).doesNotThrowAnyException();
            assertThatThrownBy(() -> map.delete(KEY)).as(section).isInstanceOf(MapOperationException.class)
                    .hasMessage("delete on map \"" + section + "\" failed: EINVAL");
        }
    }

    // ---- setting globals before load

    @Test
    void aReadOnlyVariableSetBeforeLoadChangesWhatTheProgramSees() throws IOException {
        // given globals.o, which drops frames longer than the const volatile threshold (100)
        ObjectSpec spec = spec("globals.o");
        byte[] frame = new byte[60];

        // when the threshold is set to 50 before load
        LoadedObject strict = LoadedObject.loader(spec).global("threshold", 50).load();

        // then a 60-byte frame is dropped, the map holds 50 and is frozen all the same
        assertThat(LoadedObject.load(spec).run("globals", XdpInput.of(frame)).retval()).isEqualTo(XDP_PASS);
        assertThat(strict.run("globals", XdpInput.of(frame)).retval()).isEqualTo(XDP_DROP);
        assertThat(variables(strict, ".rodata").field("threshold").asLong()).isEqualTo(50);
        assertThat(variables(strict, ".rodata").field("label").toString()).isEqualTo("\"edge\"");
        assertThat(strict.map(".rodata").isFrozen()).isTrue();
    }

    @Test
    void setsVariablesOfEverySectionByNameFromNumbersAndBytes() throws IOException {
        LoadedObject globals = LoadedObject.loader(spec("globals.o"))
                .global("verbose", -3)
                .global("limit_hi", -1)
                .global("label", "core\0\0\0\0".getBytes(StandardCharsets.US_ASCII))
                .global("drops", 4_000_000_000L)
                .global("totals", new byte[] {5, 0, 0, 0, 0, 0, 0, 0, 9, 0, 0, 0, 0, 0, 0, 0})
                .global("extra_b", 1)
                .global("ports", new byte[] {23, 0, 0, 0, 0, 0})
                .load();

        assertThat(variables(globals, ".data").field("verbose").asLong()).isEqualTo(-3);
        assertThat(variables(globals, ".data").field("limit_hi").asLong()).isEqualTo(-1);
        assertThat(variables(globals, ".rodata").field("label").toString()).isEqualTo("\"core\"");
        assertThat(variables(globals, ".bss").field("drops").asLong()).isEqualTo(4_000_000_000L);
        assertThat(variables(globals, ".bss").field("totals")).hasToString("{pkts=5, bytes=9}");
        assertThat(variables(globals, ".data.extra").field("extra_a").asLong()).isEqualTo(7);
        assertThat(variables(globals, ".data.extra").field("extra_b").asLong()).isEqualTo(1);
        assertThat(globals.map(".rodata.cfg").lookup(KEY).orElseThrow()).containsExactly(23, 0, 0, 0, 0, 0);
    }

    @Test
    void setsBytesBySectionAndOffsetInAnObjectWithoutBtf() throws IOException {
        // given globals.o stripped of its BTF: threshold is the u32 at .rodata + 0
        ObjectSpec spec = spec("globals_nobtf.o");

        LoadedObject strict = LoadedObject.loader(spec).globalAt(".rodata", 0, new byte[] {50, 0, 0, 0}).load();

        assertThat(strict.run("globals", XdpInput.of(new byte[60])).retval()).isEqualTo(XDP_DROP);
        assertThat(strict.map(".rodata").lookup(KEY).orElseThrow()).startsWith(50, 0, 0, 0, 'e', 'd', 'g', 'e');
        assertThatIllegalArgumentException().isThrownBy(() -> LoadedObject.loader(spec).global("threshold", 50))
                .withMessage("[globals_nobtf.o] has no BTF, so its global variables have no names; set [threshold] by section and offset "
                        + "in one of [.data, .rodata, .data.extra, .rodata.cfg, .bss, .rodata.str1.1] (compile with -g to use names)");
    }

    @Test
    void anUnknownVariableListsTheVariablesThereAre() throws IOException {
        ObjectSpec spec = spec("globals.o");

        assertThatIllegalArgumentException().isThrownBy(() -> LoadedObject.loader(spec).global("treshold", 50))
                .withMessage("[globals.o] has no global variable [treshold]; its variables are .data: verbose, limit_hi; "
                        + ".rodata: threshold, label, globals.____fmt; .data.extra: extra_a, extra_b; .rodata.cfg: ports; .bss: totals, drops");
    }

    @Test
    void aNumberMustFitTheVariablesType() throws IOException {
        LoadedObject.Loader loader = LoadedObject.loader(spec("globals.o"));

        assertThatIllegalArgumentException().isThrownBy(() -> loader.global("threshold", -1))
                .withMessage("global variable [threshold] in [.rodata] of [globals.o] is a 4-byte unsigned integer (const volatile __u32),"
                        + " which cannot hold -1; it takes 0 to 4294967295");
        assertThatIllegalArgumentException().isThrownBy(() -> loader.global("verbose", 1L << 31))
                .withMessage("global variable [verbose] in [.data] of [globals.o] is a 4-byte signed integer (int),"
                        + " which cannot hold 2147483648; it takes -2147483648 to 2147483647");
        assertThatIllegalArgumentException().isThrownBy(() -> loader.global("label", 1))
                .withMessage("global variable [label] in [.rodata] of [globals.o] is const volatile char[8] (8 bytes), not an integer;"
                        + " set it from bytes");
        assertThatIllegalArgumentException().isThrownBy(() -> loader.global("totals", 1))
                .withMessage("global variable [totals] in [.bss] of [globals.o] is struct stats (16 bytes), not an integer; set it from bytes");
    }

    @Test
    void bytesMustBeTheVariablesSize() throws IOException {
        LoadedObject.Loader loader = LoadedObject.loader(spec("globals.o"));

        assertThatIllegalArgumentException().isThrownBy(() -> loader.global("label", "core".getBytes(StandardCharsets.US_ASCII)))
                .withMessage("global variable [label] in [.rodata] of [globals.o] is 8 bytes (const volatile char[8]), but 4 bytes were given");
    }

    @Test
    void anOffsetMustLieInsideAGlobalDataSection() throws IOException {
        LoadedObject.Loader loader = LoadedObject.loader(spec("globals.o"));

        assertThatIllegalArgumentException().isThrownBy(() -> loader.globalAt(".rodata", 24, new byte[4]))
                .withMessage("4 bytes at offset 24 do not fit section [.rodata] of [globals.o], which is 26 bytes");
        assertThatIllegalArgumentException().isThrownBy(() -> loader.globalAt(".rodata.x", 0, new byte[4]))
                .withMessage("[.rodata.x] is not a global data section of [globals.o]; its sections are "
                        + "[.data, .rodata, .data.extra, .rodata.cfg, .bss, .rodata.str1.1]");
        assertThatIllegalArgumentException().isThrownBy(() -> loader.globalAt("flows", 0, new byte[4]))
                .withMessageStartingWith("[flows] is not a global data section of [globals.o]");
    }

    @Test
    void aLoaderLoadsAsOftenAsAskedEachTimeAfresh() throws IOException {
        LoadedObject.Loader loader = LoadedObject.loader(spec("globals.o")).global("threshold", 50);

        LoadedObject first = loader.load();
        first.run("globals", XdpInput.of(new byte[60]));
        LoadedObject second = loader.environment(new LinuxEnvironment()).load();

        assertThat(variables(second, ".bss").field("drops").asLong()).isZero();
        assertThat(variables(first, ".bss").field("drops").asLong()).isEqualTo(1);
        assertThat(variables(second, ".rodata").field("threshold").asLong()).isEqualTo(50);
    }
}
