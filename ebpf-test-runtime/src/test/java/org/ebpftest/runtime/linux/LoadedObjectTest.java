package org.ebpftest.runtime.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import org.ebpftest.runtime.InvalidProgramException;
import org.ebpftest.runtime.btf.BtfValue;
import org.ebpftest.runtime.elf.ObjectSpec;
import org.ebpftest.runtime.linux.buffers.SkbInput;
import org.ebpftest.runtime.linux.buffers.XdpInput;
import org.ebpftest.runtime.linux.maps.BpfMap;
import org.ebpftest.runtime.linux.maps.BpfMaps;
import org.ebpftest.runtime.linux.maps.MapOperationException;
import org.ebpftest.runtime.vm.Vm;
import org.junit.jupiter.api.Test;

/** An object's maps and programs created in the emulator, as bpftool prog loadall leaves them. */
public class LoadedObjectTest {
    private static final byte[] FRAME = new byte[120];

    public static LoadedObject load(String name) throws IOException {
        try (InputStream in = LoadedObjectTest.class.getResourceAsStream("/elf/" + name)) {
            return LoadedObject.load(ObjectSpec.parse(name, in.readAllBytes()));
        }
    }

    @Test
    void globalVariablesStartWithTheirInitialValuesAndProgramsUpdateThem() throws IOException {
        // given globals.o, whose program counts packets and bytes in .bss
        LoadedObject globals = load("globals.o");

        // when it runs twice on a 120-byte frame
        globals.run("globals", XdpInput.of(FRAME));
        globals.run("globals", XdpInput.of(FRAME));

        // then .data holds its initialisers and .bss the counts, readable through BTF
        BtfValue data = globals.value(".data", new byte[4]).orElseThrow();
        assertThat(data.field("verbose").asLong()).isEqualTo(1);
        assertThat(data.field("limit_hi").asLong()).isEqualTo(0x1122334455667788L);
        BtfValue bss = globals.value(".bss", new byte[4]).orElseThrow();
        assertThat(bss.field("totals").field("pkts").asLong()).isEqualTo(2);
        assertThat(bss.field("totals").field("bytes").asLong()).isEqualTo(240);
        assertThat(bss.field("totals")).hasToString("{pkts=2, bytes=240}");
    }

    @Test
    void readOnlyDataCannotBeWrittenByPrograms() throws IOException {
        LoadedObject globals = load("globals.o");
        BpfMap rodata = globals.map(".rodata");

        // the value region of .rodata is mapped read-only for programs
        long address = rodata.lookupAddress(new byte[4], 0, 0);
        assertThat(rodata.regions().get(0).writable()).isFalse();
        assertThat(address).isGreaterThanOrEqualTo(Vm.HEAP_BASE);
        assertThat(globals.value(".rodata", new byte[4]).orElseThrow().field("threshold").asLong()).isEqualTo(100);
    }

    @Test
    void describePrintsEntriesThroughTheirBtfTypes() throws IOException {
        LoadedObject globals = load("globals.o");
        globals.run("globals", XdpInput.of(FRAME));

        String text = globals.describe(".bss");

        assertThat(text).startsWith(".bss (array, 1 entry)\n").contains("totals={pkts=1, bytes=120}");
    }

    @Test
    void describePrintsPerCpuValuesNumberedByCpuAsAssertionMessagesDo() throws IOException {
        // given maps.o's per-CPU array "sizes" (no BTF key or value type), on the default four CPUs
        LoadedObject maps = load("maps.o");

        // when it is described
        String text = maps.describe("sizes");

        // then each value is printed as hex once per CPU, numbered
        assertThat(text).startsWith("sizes (percpu_array, 4 entries)\n")
                .contains("  {key=00000000, value=[cpu0=0000000000000000, cpu1=0000000000000000, cpu2=0000000000000000,"
                        + " cpu3=0000000000000000]}\n");
    }

    @Test
    void fieldNamesThatDoNotExistAreListed() throws IOException {
        LoadedObject globals = load("globals.o");
        BtfValue bss = globals.value(".bss", new byte[4]).orElseThrow();

        assertThatThrownBy(() -> bss.field("total"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("has no variable \"total\"; variables: [totals, drops");
        assertThatThrownBy(() -> bss.field("totals").field("packets"))
                .hasMessage("struct stats has no field \"packets\"; fields: [pkts, bytes]");
    }

    @Test
    void tailCallsGoThroughStaticallyInitialisedProgramArrays() throws IOException {
        // maps.o's count program ends with bpf_tail_call(ctx, &jumps, 1), and jumps[1] = tail_a
        LoadedObject maps = load("maps.o");
        maps.run("count", XdpInput.of(FRAME));

        RunResult second = maps.run("count", XdpInput.of(FRAME));

        assertThat(second.retval()).as("tail_a returns XDP_PASS; falling through would return XDP_DROP").isEqualTo(2);
        assertThat(second.helperCalls("bpf_tail_call")).hasSize(1);
    }

    @Test
    void tailCallTargetsAreInstalledAndRemovedByName() throws IOException {
        // given maps.o, whose count program tail-calls jumps[1] on its second run
        LoadedObject maps = load("maps.o");
        maps.run("count", XdpInput.of(FRAME));

        // when the slot is emptied, the tail call falls through to XDP_DROP
        maps.removeProgramSlot("jumps", 1);
        assertThat(maps.programInSlot("jumps", 1)).isEmpty();
        assertThat(maps.run("count", XdpInput.of(FRAME)).retval()).isEqualTo(1);

        // and once tail_a is back, it runs again and its id is what user space reads from the slot
        maps.setProgramSlot("jumps", 1, "tail_a");
        assertThat(maps.programInSlot("jumps", 1)).contains("tail_a");
        assertThat(maps.map("jumps").lookup(new byte[] {1, 0, 0, 0}).orElseThrow()).containsExactly(maps.programNames().indexOf("tail_a") + 1, 0, 0, 0);
        assertThat(maps.run("count", XdpInput.of(FRAME)).retval()).isEqualTo(2);
    }

    @Test
    void programSlotsRefuseWhatTheKernelRefuses() throws IOException {
        LoadedObject maps = load("maps.o");

        assertThatThrownBy(() -> maps.setProgramSlot("jumps", 3, "tail_a")).isInstanceOf(MapOperationException.class)
                .hasMessage("update of slot 3 with tail_a on map \"jumps\" failed: E2BIG");
        assertThatThrownBy(() -> maps.removeProgramSlot("jumps", 0)).isInstanceOf(MapOperationException.class)
                .hasMessage("delete of slot 0 on map \"jumps\" failed: ENOENT");
        assertThatThrownBy(() -> maps.setProgramSlot("jumps", 0, "tail_b"))
                .hasMessage("no program named \"tail_b\" in maps.o; programs: [tail_a, count]");
        assertThatThrownBy(() -> maps.setProgramSlot("flows", 0, "tail_a"))
                .hasMessage("map \"flows\" of maps.o is hash, not a program array; program arrays: [jumps]");
    }

    @Test
    void aProgramArrayHoldsProgramsOfTheTypeOfTheProgramThatUsesIt() throws IOException {
        // given program_array_types.o, whose XDP entry program tail-calls through jumps
        LoadedObject object = load("program_array_types.o");

        // an XDP program may enter, a tc program is refused as the kernel refuses it
        object.setProgramSlot("jumps", 0, "stage");
        assertThatThrownBy(() -> object.setProgramSlot("jumps", 1, "classifier")).isInstanceOf(MapOperationException.class)
                .hasMessage("update of slot 1 with classifier on map \"jumps\" failed: EINVAL");

        assertThat(object.programInSlot("jumps", 1)).isEmpty();
        assertThat(object.run("entry", XdpInput.of(FRAME)).retval()).as("entry tail-calls stage").isEqualTo(2);
    }

    @Test
    void anObjectWhoseProgramsOfTwoTypesShareAProgramArrayIsRefusedAsTheKernelRefusesIt() {
        // libbpf: prog 'from_tc': BPF program load failed: Invalid argument
        assertThatThrownBy(() -> load("program_array_mixed.o")).isInstanceOf(InvalidProgramException.class)
                .hasMessage("program_array_mixed.o: program \"from_tc\" (sched_cls, typed by libbpf SEC(\"tc\")) uses program array \"jumps\","
                        + " which program \"from_xdp\" (xdp, typed by libbpf SEC(\"xdp\")) uses already; the kernel refuses to load it (EINVAL): a program array holds programs of one type");
    }

    @Test
    void theClassOfAMapTypeIsTheClassOfTheMapsALoadMakes() throws IOException {
        for (String object : new String[] {"maps.o", "helpers_env.o", "globals.o", "keyed_maps.o"}) {
            for (BpfMap map : load(object).maps().values()) {
                assertThat(BpfMaps.classOf(map.type())).as(object + " " + map.name()).isEqualTo(map.getClass());
            }
        }
    }

    @Test
    void unknownProgramsAndMapsAreNamedWithTheOnesThatExist() throws IOException {
        LoadedObject globals = load("globals.o");

        assertThatThrownBy(() -> globals.program("nope")).hasMessage("no program named \"nope\" in globals.o; programs: [globals]");
        assertThatThrownBy(() -> globals.map("nope")).hasMessageStartingWith("no map named \"nope\" in globals.o; maps: [");
        assertThatThrownBy(() -> globals.run("globals", SkbInput.of(FRAME)))
                .hasMessage("program globals (section \"xdp\", typed by libbpf SEC(\"xdp\")) runs on XDP, not on an __sk_buff; give it an "
                        + "XdpInput, or give the program a type when loading");
    }
}
