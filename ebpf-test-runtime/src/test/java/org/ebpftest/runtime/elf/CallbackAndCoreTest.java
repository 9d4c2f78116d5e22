package org.ebpftest.runtime.elf;

import static org.assertj.core.api.Assertions.assertThat;

import org.ebpftest.runtime.btf.Btf;
import org.ebpftest.runtime.btf.CoreTarget;
import org.ebpftest.runtime.btf.FuncInfo;
import org.ebpftest.runtime.isa.Instruction;
import org.ebpftest.runtime.isa.PseudoSource;
import org.junit.jupiter.api.Test;

/** Function pointers passed to helpers, and CO-RE relocations against the object's own and another BTF. */
class CallbackAndCoreTest {

    @Test
    void linksABpfLoopCallbackAndPointsItsAddressAtIt() {
        // given loop_sum, which passes the static add_index to bpf_loop
        ProgramSpec prog = TestObjects.load("callbacks.o").program("loop_sum");

        // then add_index is appended and the lddw at slot 5 is a function address pointing at it
        assertThat(prog.functions()).extracting(FuncInfo::name).containsExactly("loop_sum", "add_index");
        int callback = prog.functions().get(1).slot();
        Instruction address = TestObjects.at(prog, 5);
        assertThat(address.src()).isEqualTo(PseudoSource.FUNC.code());
        assertThat(5 + 1 + address.imm()).isEqualTo(callback);
        assertThat(address.nextImm()).isZero();
    }

    @Test
    void linksAForEachMapElemCallbackNextToTheMapItIterates() {
        // given map_sum, which passes sum_value (not at the start of .text) to bpf_for_each_map_elem
        ObjectSpec obj = TestObjects.load("callbacks.o");
        ProgramSpec prog = obj.program("map_sum");

        // then the map argument is a map load and the callback address points at sum_value
        Instruction map = TestObjects.at(prog, 4);
        assertThat(map.src()).isEqualTo(PseudoSource.MAP_IDX.code());
        assertThat(map.imm()).isEqualTo(obj.mapIndex("values"));
        Instruction address = TestObjects.at(prog, 6);
        assertThat(prog.functions()).extracting(FuncInfo::name).containsExactly("map_sum", "sum_value");
        assertThat(6 + 1 + address.imm()).isEqualTo(prog.functions().get(1).slot());
    }

    @Test
    void resolvesCoreRelocationsAgainstTheObjectsOwnBtfToTheCompiledValues() {
        // given core.o resolved against its own BTF, the fallback target
        ProgramSpec prog = ObjectSpec.parse("core.o", TestObjects.bytes("core.o"), CoreTarget.objectBtf()).program("core_reads");

        // then offsets, sizes and existence are those of the local types
        assertThat(prog.type()).isEqualTo(ProgramType.KPROBE);
        assertThat(prog.attachTo()).isEqualTo("do_exit");
        assertThat(TestObjects.at(prog, 4).imm()).as("offsetof(task_struct, real_parent)").isEqualTo(16);
        assertThat(TestObjects.at(prog, 11).imm()).as("offsetof(task_struct, tgid)").isEqualTo(4);
        assertThat(TestObjects.at(prog, 33).imm()).as("field exists: flags").isEqualTo(1);
        assertThat(TestObjects.at(prog, 45).imm()).as("sizeof tgid").isEqualTo(4);
        assertThat(TestObjects.at(prog, 57).imm()).as("type exists: sock_common").isEqualTo(1);
        assertThat(TestObjects.at(prog, 69).imm()).as("sizeof(struct task_struct)").isEqualTo(24);
    }

    @Test
    void resolvesCoreRelocationsAgainstTheEmulatedKernelsBtfByDefault() {
        // given core.o, whose minimal task_struct and sock_common stand in for the kernel's
        ProgramSpec prog = TestObjects.load("core.o").program("core_reads");

        // then the constants are Linux 6.18's (bpftool btf dump file /sys/kernel/btf/vmlinux on this machine)
        assertThat(TestObjects.at(prog, 4).imm()).as("offsetof(task_struct, real_parent)").isEqualTo(1280);
        assertThat(TestObjects.at(prog, 11).imm()).as("offsetof(task_struct, tgid)").isEqualTo(1268);
        assertThat(TestObjects.at(prog, 33).imm()).as("field exists: flags").isEqualTo(1);
        assertThat(TestObjects.at(prog, 45).imm()).as("sizeof tgid").isEqualTo(4);
        assertThat(TestObjects.at(prog, 57).imm()).as("type exists: sock_common").isEqualTo(1);
        assertThat(TestObjects.at(prog, 69).imm()).as("sizeof(struct task_struct)").isEqualTo(3264);
        // the kernel's PIDTYPE_TGID is 1 as the local one is; an unresolved value would be a poisoned call
        assertThat(TestObjects.at(prog, 80)).as("enum value PIDTYPE_TGID").isEqualTo(TestObjects.at(
                ObjectSpec.parse("core.o", TestObjects.bytes("core.o"), CoreTarget.objectBtf()).program("core_reads"), 80));
        assertThat(TestObjects.at(prog, 80).imm()).as("enum value PIDTYPE_TGID").isEqualTo(1);
    }

    @Test
    void resolvesCoreRelocationsAgainstAnotherLayoutOfTheSameTypes() {
        // given core.o and, as the target, the BTF of core_target.o where the same types are laid out differently
        Btf target = TestObjects.load("core_target.o").btf().orElseThrow();

        // when core.o loads against it
        ProgramSpec prog = ObjectSpec.parse("core.o", TestObjects.bytes("core.o"), target).program("core_reads");

        // then the relocated constants follow the target's layout
        assertThat(TestObjects.at(prog, 4).imm()).as("offsetof(task_struct, real_parent)").isEqualTo(24);
        assertThat(TestObjects.at(prog, 11).imm()).as("offsetof(task_struct, tgid)").isEqualTo(16);
        assertThat(TestObjects.at(prog, 33).imm()).as("field exists: flags").isEqualTo(0);
        assertThat(TestObjects.at(prog, 69).imm()).as("sizeof(struct task_struct)").isEqualTo(32);
        assertThat(prog.instructions()).as("enum value PIDTYPE_TGID").anyMatch(i -> i.opcode() == 0xb7 && i.imm() == 3);
    }

    @Test
    void resolvesEnumValuesOfAnEnumKnownByItsTypedef() {
        // given an object reading values of "typedef enum { ... } level_t" and a target where LEVEL_HIGH is 2
        Btf target = TestObjects.load("core_typedef_enum_target.o").btf().orElseThrow();

        // when it loads against that target
        ProgramSpec prog = ObjectSpec.parse("core_typedef_enum.o", TestObjects.bytes("core_typedef_enum.o"), target).program("typedef_enum");

        // then the typedef leads to the target's enum: LEVEL_HIGH reads 2 and LEVEL_LOW exists (clang
        // loads both with lddw: r1 = LEVEL_HIGH, r0 = exists)
        assertThat(TestObjects.at(prog, 0).imm()).as("enum value LEVEL_HIGH").isEqualTo(2);
        assertThat(TestObjects.at(prog, 2).imm()).as("enum value LEVEL_LOW exists").isEqualTo(1);
    }

    @Test
    void poisonsTheInstructionOfACoreRelocationThatCannotBeResolvedAndNamesIt() {
        // given a target BTF without struct task_struct
        Btf target = TestObjects.load("programs.o").btf().orElseThrow();

        // when core.o is parsed against it
        ProgramSpec prog = ObjectSpec.parse("core.o", TestObjects.bytes("core.o"), target).program("core_reads");

        // then the object loads, the instruction is libbpf's poisoned call, and the relocation is named
        assertThat(TestObjects.at(prog, 4)).isEqualTo(Instruction.corePoison());
        assertThat(prog.poisonedRelocationAt(4)).contains("CO-RE relocation 0 at slot 4: "
                + "FIELD_BYTE_OFFSET of struct task_struct (access 0:3): no type named \"task_struct\" in the target");
    }

    @Test
    void findsAMemberOfTheSecondOfTwoAnonymousUnionsByName() {
        // given anon_member, which reads the offset of map in the second anonymous union of struct two_unions
        ProgramSpec prog = ObjectSpec.parse("core_unresolved.o", TestObjects.bytes("core_unresolved.o"), CoreTarget.objectBtf())
                .program("anon_member");

        // then it resolves against the object's own BTF to that union's offset, not the first one's
        assertThat(TestObjects.at(prog, 3).imm()).isEqualTo(8);
    }

    @Test
    void leavesRelocationsTheTargetResolvesUnpoisoned() {
        // given a target BTF with another layout of core.o's types
        Btf target = TestObjects.load("core_target.o").btf().orElseThrow();

        // then nothing is poisoned
        assertThat(ObjectSpec.parse("core.o", TestObjects.bytes("core.o"), target).program("core_reads").poisonedRelocationAt(4)).isEmpty();
    }
}
