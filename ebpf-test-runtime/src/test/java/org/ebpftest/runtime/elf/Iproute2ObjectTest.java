package org.ebpftest.runtime.elf;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.ebpftest.runtime.uapi.MapType;
import org.junit.jupiter.api.Test;

/** Objects written for iproute2's loader: struct bpf_elf_map, ID/SLOT tail-call sections, static programs, custom data sections. */
class Iproute2ObjectTest {

    @Test
    void readsBpfElfMapsWithTheirPinning() {
        // given maps declared with struct bpf_elf_map
        ObjectSpec obj = TestObjects.load("tc_legacy.o");

        // then type, sizes and pinning are iproute2's fields
        MapSpec marks = obj.map("marks");
        assertThat(marks.type()).isEqualTo(MapType.ARRAY);
        assertThat(marks.keySize()).isEqualTo(4);
        assertThat(marks.valueSize()).isEqualTo(4);
        assertThat(marks.maxEntries()).isEqualTo(2);
        assertThat(marks.pinning()).isEqualTo(Pinning.GLOBAL_NS);
        assertThat(marks.numaNode()).isZero();
        assertThat(obj.map("jumps").pinning()).isEqualTo(Pinning.NONE);
    }

    @Test
    void putsTheProgramOfAnIdSlotSectionIntoTheProgramArrayWithThatId() {
        // given section "2/13" and the program array whose id is 2
        MapSpec jumps = TestObjects.load("tc_legacy.o").map("jumps");

        // then the program is in slot 13
        assertThat(jumps.type()).isEqualTo(MapType.PROG_ARRAY);
        assertThat(jumps.initialReferences()).isEqualTo(Map.of(13, "tail_13"));
    }

    @Test
    void wiresAMapOfMapsByInnerIdAndInnerIndex() {
        // given outer (inner_id 5) and marks (id 5, inner_idx 1)
        MapSpec outer = TestObjects.load("tc_legacy.o").map("outer");

        // then marks shapes the outer map's values and sits in slot 1
        assertThat(outer.innerMap()).hasValueSatisfying(inner -> {
            assertThat(inner.type()).isEqualTo(MapType.ARRAY);
            assertThat(inner.maxEntries()).isEqualTo(2);
        });
        assertThat(outer.initialReferences()).isEqualTo(Map.of(1, "marks"));
    }

    @Test
    void loadsAStaticFunctionInAProgramSectionAsAProgram() {
        // given a static function alone in section tc/test/helper
        ProgramSpec helper = TestObjects.load("tc_legacy.o").program("tc_static");

        // then it is a program of its section's type
        assertThat(helper.sectionName()).isEqualTo("tc/test/helper");
        assertThat(helper.type()).isEqualTo(ProgramType.SCHED_CLS);
    }

    @Test
    void makesEveryCustomDataSectionItsOwnMap() {
        // given .rodata.config, .data.B and .bss.A
        ObjectSpec obj = TestObjects.load("tc_legacy.o");

        // then each is a one-entry array; only .rodata.config is read-only
        assertThat(obj.map(".rodata.config").initialData()).hasValue(new byte[] {0x2a, 0, 0, 0});
        assertThat(obj.map(".rodata.config").flags() & MapSpec.F_RDONLY_PROG).isNotZero();
        assertThat(obj.map(".data.B").initialData()).hasValue(new byte[] {100, 0, 0, 0});
        assertThat(obj.map(".bss.A").valueSize()).isEqualTo(4);
        assertThat(obj.map(".bss.A").flags() & MapSpec.F_RDONLY_PROG).isZero();
    }
}
