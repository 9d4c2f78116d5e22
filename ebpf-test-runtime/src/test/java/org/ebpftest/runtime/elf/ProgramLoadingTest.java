package org.ebpftest.runtime.elf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import org.ebpftest.runtime.MalformedObjectException;
import org.ebpftest.runtime.btf.FuncInfo;
import org.ebpftest.runtime.isa.CallKind;
import org.ebpftest.runtime.isa.Instruction;
import org.ebpftest.runtime.isa.SourceLine;
import org.ebpftest.runtime.linux.LoadedObject;
import org.ebpftest.runtime.vm.Program;
import org.junit.jupiter.api.Test;

/** Programs of an object: which functions are programs, how subprograms are linked, what line info gives. */
class ProgramLoadingTest {

    @Test
    void findsEveryGlobalFunctionOfEveryProgramSectionInSectionOrder() {
        // given an object with two xdp programs, a tc and a socket program, and subprograms in .text
        // when it loads
        ObjectSpec obj = TestObjects.load("programs.o");

        // then each global function outside .text is a program, typed by its section name
        assertThat(obj.programs()).extracting(ProgramSpec::name).containsExactly("xdp_len", "xdp_twice", "tc_mark", "socket_all");
        assertThat(obj.program("xdp_len").type()).isEqualTo(ProgramType.XDP);
        assertThat(obj.program("xdp_len").attachType()).isEqualTo(AttachType.XDP);
        assertThat(obj.program("tc_mark").type()).isEqualTo(ProgramType.SCHED_CLS);
        assertThat(obj.program("socket_all").type()).isEqualTo(ProgramType.SOCKET_FILTER);
        assertThat(obj.license()).isEqualTo("Dual BSD/GPL");
        assertThat(obj.program("tc_mark").license()).isEqualTo("Dual BSD/GPL");
        assertThat(obj.kernelVersion()).isEmpty();
    }

    @Test
    void appendsAStaticTextSubprogramAndPointsTheCallAtIt() {
        // given xdp_len, which calls the static add_one in .text
        ProgramSpec prog = TestObjects.load("programs.o").program("xdp_len");

        // then add_one follows the 11 slots of xdp_len and the call at slot 3 reaches it
        assertThat(prog.slotCount()).isEqualTo(14);
        assertThat(prog.functions()).extracting(FuncInfo::name, FuncInfo::slot)
                .containsExactly(tuple("xdp_len", 0), tuple("add_one", 11));
        Instruction call = TestObjects.at(prog, 3);
        assertThat(call.src()).isEqualTo(CallKind.LOCAL.code());
        assertThat(3 + 1 + call.imm()).isEqualTo(11);
    }

    @Test
    void appendsOnlyReachableSubprogramsInTheOrderTheyAreFirstCalled() {
        // given xdp_twice -> twice (global, .text) -> add_one (static, .text)
        ProgramSpec prog = TestObjects.load("programs.o").program("xdp_twice");

        // then both are appended breadth-first, each call pointing at its callee; the kernel's
        // xlated dump after bpftool prog loadall shows the same order and the same call offsets
        assertThat(prog.functions()).extracting(FuncInfo::name).containsExactly("xdp_twice", "twice", "add_one");
        assertThat(prog.functions()).extracting(FuncInfo::slot).containsExactly(0, 10, 13);
        assertThat(1 + 1 + TestObjects.at(prog, 1).imm()).isEqualTo(10);
        assertThat(10 + 1 + TestObjects.at(prog, 10).imm()).isEqualTo(13);
        // and a program that calls nothing gets nothing appended
        assertThat(TestObjects.load("programs.o").program("socket_all").functions()).hasSize(1);
    }

    @Test
    void linksAStaticSubprogramInTheSameSectionThoughLibbpfRefusesIt() {
        // given two xdp programs calling a static function in their own section, without relocations
        ObjectSpec obj = TestObjects.load("same_section.o");

        // then each program gets its own copy of pass_or_drop right after its body, and, as
        // cilium/ebpf loads it, the static function is a program of its own too
        ProgramSpec len = obj.program("xdp_len");
        ProgramSpec ifindex = obj.program("xdp_ifindex");
        assertThat(obj.programs()).extracting(ProgramSpec::name).containsExactly("xdp_len", "pass_or_drop", "xdp_ifindex");
        assertThat(len.functions()).extracting(FuncInfo::name).containsExactly("xdp_len", "pass_or_drop");
        assertThat(len.functions().get(1).slot()).isEqualTo(5);
        assertThat(3 + 1 + TestObjects.at(len, 3).imm()).isEqualTo(5);
        assertThat(ifindex.functions().get(1).slot()).isEqualTo(3);
        assertThat(1 + 1 + TestObjects.at(ifindex, 1).imm()).isEqualTo(3);
    }

    @Test
    void carriesTheCSourceLineOfEachInstruction() {
        // given a program compiled with -g
        ProgramSpec prog = TestObjects.load("programs.o").program("xdp_len");

        // when its source lines are read
        SourceLine first = prog.sourceLineAt(0);
        SourceLine callee = prog.sourceLineAt(12);

        // then they name file, line, column and text
        assertThat(first.file()).endsWith("programs.c");
        assertThat(first.line()).isEqualTo(22);
        assertThat(first.column()).isPositive();
        assertThat(first.text()).contains("int len = ctx->data_end - ctx->data;");
        assertThat(callee.line()).isEqualTo(10);
        assertThat(callee.text()).contains("return x + 1;");
    }

    @Test
    void printsAListingWithEachSourceLineAboveItsInstructions() {
        // given a linked program
        ProgramSpec prog = TestObjects.load("programs.o").program("xdp_len");

        // when it is listed
        String listing = prog.listing();

        // then the C line comes once, above the instructions compiled from it
        assertThat(listing).startsWith("; programs.c:22  int len = ctx->data_end - ctx->data;\n"
                + "       0:\t61 12 00 00 00 00 00 00\tr2 = *(u32 *)(r1 + 0x0)\n");
        assertThat(listing).contains("; programs.c:10  return x + 1;\n      12:\t07 00 00 00 01 00 00 00\tr0 += 0x1\n");
        assertThat(listing.split("programs.c:22", -1)).hasSize(2);
    }

    @Test
    void lineZeroRecordsAreCodeOfNoSourceLine() {
        // given maps.o, whose count program has a line info record of line 0 at slot 12
        ProgramSpec spec = TestObjects.load("maps.o").program("count");
        SourceLine zero = spec.sourceLineAt(12);
        Program program = LoadedObject.load(TestObjects.load("maps.o")).program("count");

        // then the record has no line, prints no ":0", and covers its slots with no line
        assertThat(zero.line()).isZero();
        assertThat(zero.hasLine()).isFalse();
        assertThat(zero.toString()).isEqualTo("maps.c");
        assertThat(program.sourceLineAt(12)).isNull();
        assertThat(program.sourceLineAt(11).line()).isPositive();
        assertThat(spec.listing()).doesNotContain("maps.c:0");
    }

    @Test
    void namesTheMapsAndGlobalDataAListingRefersTo() {
        // given an object whose program reads global variables
        ObjectSpec obj = TestObjects.load("globals.o");

        // when its program is listed through the object, which knows the map names
        String named = obj.listing("globals");
        String raw = obj.program("globals").listing();

        // then map loads read like bpftool's xlated dump instead of raw pseudo loads
        assertThat(raw).contains("ld_pseudo");
        assertThat(named).doesNotContain("ld_pseudo").containsPattern("r\\d = map\\[\\.data\\]\\[0\\]\\+0x[0-9a-f]+");
    }

    @Test
    void buildsAVmProgramWithTheSourceLinesAttached() {
        // given a program with a subprogram call
        ProgramSpec spec = TestObjects.load("programs.o").program("tc_mark");

        // when it is turned into a VM program
        Program program = spec.toProgram(null);

        // then the VM accepts it and knows its lines
        assertThat(program.slotCount()).isEqualTo(spec.slotCount());
        assertThat(program.sourceLineAt(3).text()).contains("skb->mark = add_one(skb->len);");
    }

    @Test
    void readsCpuV4InstructionsFromClang19() {
        // given an object built with -mcpu=v4
        ProgramSpec prog = TestObjects.load("v4.o").program("v4_ops");

        // then its sign-extending load, signed division and byte swap survive loading
        assertThat(prog.instructions()).extracting(Instruction::opcode).contains(0x91, 0x3f, 0xd7);
        assertThat(prog.listing()).contains("r3 = *(s8 *)(r1 + 0x0)", "r3 s/= r2", "r1 = bswap32 r1");
    }

    @Test
    void refusesABigEndianObjectWithAMessageSayingWhatToDo() {
        // given programs.c built with -target bpfeb
        byte[] bytes = TestObjects.bytes("programs_bpfeb.o");

        // then loading says why and how to fix it
        assertThatThrownBy(() -> ObjectSpec.parse("programs_bpfeb.o", bytes))
                .isInstanceOf(MalformedObjectException.class)
                .hasMessage("programs_bpfeb.o: big-endian object (-target bpfeb): programs run little-endian here, "
                        + "as on x86-64 and arm64 kernels; rebuild with -target bpf");
    }

    @Test
    void loadsTheSameObjectToEqualSpecs() {
        // given the same bytes twice
        ObjectSpec a = TestObjects.load("maps.o");
        ObjectSpec b = TestObjects.load("maps.o");

        // then the specs are equal, so loading depends on nothing but the bytes
        assertThat(a.programs()).isEqualTo(b.programs());
        assertThat(a.maps()).isEqualTo(b.maps());
    }

    @Test
    void namesTheProgramsThereAreWhenAskedForOneThatIsNot() {
        ObjectSpec obj = TestObjects.load("programs.o");

        assertThatThrownBy(() -> obj.program("nope"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("programs.o: no program named \"nope\"; programs are xdp_len, xdp_twice, tc_mark, socket_all");
    }
}
