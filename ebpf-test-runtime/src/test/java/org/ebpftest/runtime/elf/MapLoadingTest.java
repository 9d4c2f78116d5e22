package org.ebpftest.runtime.elf;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.ebpftest.runtime.btf.Btf;
import org.ebpftest.runtime.isa.Instruction;
import org.ebpftest.runtime.isa.PseudoSource;
import org.ebpftest.runtime.uapi.MapType;
import org.junit.jupiter.api.Test;

/** Maps of every declaration style, global data, and how programs refer to them after relocation. */
class MapLoadingTest {

    @Test
    void readsEveryFieldOfBtfDefinedMaps() {
        // given maps.o, whose .maps declare maps with every __uint and __type field
        ObjectSpec obj = TestObjects.load("maps.o");

        // then each map has what its declaration says
        MapSpec flows = obj.map("flows");
        assertThat(flows.type()).isEqualTo(MapType.HASH);
        assertThat(flows.keySize()).isEqualTo(12);
        assertThat(flows.valueSize()).isEqualTo(16);
        assertThat(flows.maxEntries()).isEqualTo(1024);
        Btf btf = obj.btf().orElseThrow();
        assertThat(btf.typeName(flows.btfKeyTypeId())).isEqualTo("struct flow_key");
        assertThat(btf.typeName(flows.btfValueTypeId())).isEqualTo("struct counters");

        MapSpec sizes = obj.map("sizes");
        assertThat(sizes.type()).isEqualTo(MapType.PERCPU_ARRAY);
        assertThat(sizes.keySize()).isEqualTo(4);
        assertThat(sizes.valueSize()).isEqualTo(8);
        assertThat(sizes.btfValueTypeId()).isZero();

        MapSpec lru = obj.map("pinned_lru");
        assertThat(lru.flags()).isEqualTo(2);
        assertThat(lru.pinning()).isEqualTo(Pinning.BY_NAME);
        assertThat(lru.numaNode()).isZero();

        MapSpec bloom = obj.map("bloom");
        assertThat(bloom.type()).isEqualTo(MapType.BLOOM_FILTER);
        assertThat(bloom.mapExtra()).isEqualTo(3);
        assertThat(bloom.keySize()).isZero();

        assertThat(obj.map("events").type()).isEqualTo(MapType.RINGBUF);
        assertThat(obj.map("events").maxEntries()).isEqualTo(4096);
    }

    @Test
    void initialisesAMapOfMapsAndAProgramArrayFromTheirStaticValues() {
        // given an array of maps with .values = { [0] = &inner_a, [2] = &inner_b }
        // and a program array with .values = { [1] = &tail_a }
        ObjectSpec obj = TestObjects.load("maps.o");

        MapSpec outer = obj.map("outer");
        MapSpec jumps = obj.map("jumps");

        // then the slots name what goes in them, and the inner map template is known
        assertThat(outer.type()).isEqualTo(MapType.ARRAY_OF_MAPS);
        assertThat(outer.valueSize()).isEqualTo(4);
        assertThat(outer.initialReferences()).isEqualTo(Map.of(0, "inner_a", 2, "inner_b"));
        MapSpec inner = outer.innerMap().orElseThrow();
        assertThat(inner.type()).isEqualTo(MapType.ARRAY);
        assertThat(inner.valueSize()).isEqualTo(8);
        assertThat(inner.maxEntries()).isEqualTo(1);
        assertThat(jumps.type()).isEqualTo(MapType.PROG_ARRAY);
        assertThat(jumps.valueSize()).isEqualTo(4);
        assertThat(jumps.initialReferences()).isEqualTo(Map.of(1, "tail_a"));
    }

    @Test
    void relocatesMapReferencesToMapIndexLoads() {
        // given count, which looks up flows first
        ObjectSpec obj = TestObjects.load("maps.o");
        ProgramSpec count = obj.program("count");

        // then every map load is lddw src=MAP_IDX with the index of the map in ObjectSpec.maps()
        long mapLoads = count.instructions().stream().filter(i -> i.isWide() && i.src() == PseudoSource.MAP_IDX.code()).count();
        assertThat(mapLoads).isGreaterThanOrEqualTo(8);
        Instruction first = count.instructions().stream().filter(i -> i.isWide() && i.src() == PseudoSource.MAP_IDX.code())
                .findFirst().orElseThrow();
        assertThat(first.constant()).isEqualTo(obj.mapIndex("flows"));
        assertThat(count.instructions()).filteredOn(i -> i.isWide() && i.src() == PseudoSource.MAP_IDX.code())
                .extracting(i -> obj.maps().get(i.imm()).name())
                .contains("flows", "sizes", "pinned_lru", "bloom", "events", "outer", "jumps");
    }

    @Test
    void readsLegacyMapDefinitionsAndTheVersionSection() {
        // given maps in the "maps" section as struct bpf_map_def, which libbpf 1.x no longer reads
        ObjectSpec obj = TestObjects.load("legacy_maps.o");

        // then both maps load with their fields, and the program refers to them by index
        assertThat(obj.maps()).extracting(MapSpec::name).containsExactly("legacy_counts", "legacy_hash");
        MapSpec hash = obj.map("legacy_hash");
        assertThat(hash.type()).isEqualTo(MapType.HASH);
        assertThat(hash.keySize()).isEqualTo(8);
        assertThat(hash.valueSize()).isEqualTo(4);
        assertThat(hash.maxEntries()).isEqualTo(32);
        assertThat(hash.flags()).isEqualTo(1);
        assertThat(hash.sectionName()).isEqualTo("maps");
        assertThat(obj.kernelVersion()).hasValue(0x050a00);
        assertThat(obj.program("legacy_count").instructions())
                .filteredOn(i -> i.isWide() && i.src() == PseudoSource.MAP_IDX.code())
                .extracting(Instruction::imm).containsExactly(obj.mapIndex("legacy_counts"));
    }

    @Test
    void makesASingleEntryArrayOfEveryGlobalDataSection() {
        // given globals in .data, .rodata, .bss, .data.extra, .rodata.cfg and a string literal
        ObjectSpec obj = TestObjects.load("globals.o");

        // then each section is an array of one value holding the section's bytes
        assertThat(obj.maps()).extracting(MapSpec::name)
                .containsExactly(".data", ".rodata", ".data.extra", ".rodata.cfg", ".bss", ".rodata.str1.1");
        MapSpec data = obj.map(".data");
        assertThat(data.type()).isEqualTo(MapType.ARRAY);
        assertThat(data.keySize()).isEqualTo(4);
        assertThat(data.maxEntries()).isEqualTo(1);
        assertThat(data.valueSize()).isEqualTo(16);
        assertThat(data.initialData().orElseThrow()).startsWith(1, 0, 0, 0, 0, 0, 0, 0, (byte) 0x88, 0x77, 0x66, 0x55);
        assertThat(data.flags()).isEqualTo(MapSpec.F_MMAPABLE);
        assertThat(data.frozen()).isFalse();
        assertThat(obj.map(".bss").initialData().orElseThrow()).hasSize(20).containsOnly(0);
        assertThat(obj.map(".data.extra").initialData().orElseThrow()).containsExactly(7, 0, 0, 0, 9, 0, 0, 0);
        assertThat(obj.map(".rodata.cfg").initialData().orElseThrow()).containsExactly(22, 0, 80, 0, (byte) 0xbb, 1);
        assertThat(new String(obj.map(".rodata.str1.1").initialData().orElseThrow())).isEqualTo("literal %u\n\0");
    }

    @Test
    void marksReadOnlyDataFrozenAndReadOnlyForPrograms() {
        ObjectSpec obj = TestObjects.load("globals.o");

        for (String name : new String[] {".rodata", ".rodata.cfg", ".rodata.str1.1"}) {
            assertThat(obj.map(name).flags()).as(name).isEqualTo(MapSpec.F_RDONLY_PROG | MapSpec.F_MMAPABLE);
            assertThat(obj.map(name).frozen()).as(name).isTrue();
        }
    }

    @Test
    void namesGlobalDataMapsAsBpftoolShowsThem() {
        // given the names the kernel showed for globals.o's maps after bpftool prog loadall
        ObjectSpec obj = TestObjects.load("globals.o");

        assertThat(obj.map(".bss").kernelName("globals.o")).isEqualTo("globals.bss");
        assertThat(obj.map(".rodata").kernelName("globals.o")).isEqualTo("globals.rodata");
        assertThat(obj.map(".rodata.cfg").kernelName("globals.o")).isEqualTo(".rodata.cfg");
        assertThat(obj.map(".rodata.str1.1").kernelName("globals.o")).isEqualTo(".rodata.str1.1");
        assertThat(obj.map(".bss").kernelName("core_target.o")).isEqualTo("core_tar.bss");
    }

    @Test
    void relocatesGlobalVariablesToMapValueLoadsWithTheirOffsets() {
        // given globals, which reads threshold (.rodata+0), drops (.bss+16) and limit_hi (.data+8)
        ObjectSpec obj = TestObjects.load("globals.o");
        ProgramSpec prog = obj.program("globals");

        // then each is lddw src=MAP_IDX_VALUE imm=<map index> nextImm=<offset in the section>
        assertValueLoad(TestObjects.at(prog, 3), obj.mapIndex(".bss"), 0);
        assertValueLoad(TestObjects.at(prog, 14), obj.mapIndex(".rodata"), 0);
        assertValueLoad(TestObjects.at(prog, 18), obj.mapIndex(".bss"), 16);
        assertValueLoad(TestObjects.at(prog, 28), obj.mapIndex(".rodata"), 12);
        assertValueLoad(TestObjects.at(prog, 44), obj.mapIndex(".data.extra"), 4);
        assertValueLoad(TestObjects.at(prog, 53), obj.mapIndex(".data"), 8);
        assertValueLoad(TestObjects.at(prog, 57), obj.mapIndex(".rodata.str1.1"), 0);
    }

    private static void assertValueLoad(Instruction insn, int map, int offset) {
        assertThat(insn.isWide()).as(insn.toString()).isTrue();
        assertThat(insn.src()).as(insn.toString()).isEqualTo(PseudoSource.MAP_IDX_VALUE.code());
        assertThat(insn.imm()).as(insn.toString()).isEqualTo(map);
        assertThat(insn.nextImm()).as(insn.toString()).isEqualTo(offset);
    }

    @Test
    void rendersGlobalDataThroughItsDataSectionType() {
        // given the .data map, whose BTF value type is the DATASEC of .data
        ObjectSpec obj = TestObjects.load("globals.o");
        MapSpec data = obj.map(".data");
        Btf btf = obj.btf().orElseThrow();

        // when its initial bytes are rendered
        String text = btf.format(data.btfValueTypeId(), data.initialData().orElseThrow());

        // then each variable shows with its value
        assertThat(text).isEqualTo("{verbose=1, limit_hi=1234605616436508552}");
        assertThat(btf.format(obj.map(".rodata.cfg").btfValueTypeId(), obj.map(".rodata.cfg").initialData().orElseThrow()))
                .isEqualTo("{ports=[22, 80, 443]}");
    }
}
