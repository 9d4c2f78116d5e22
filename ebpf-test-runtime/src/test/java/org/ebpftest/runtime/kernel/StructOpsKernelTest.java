package org.ebpftest.runtime.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import org.ebpftest.runtime.elf.ObjectSpec;
import org.ebpftest.runtime.elf.StructOpsMember;
import org.ebpftest.runtime.linux.LoadedObject;
import org.ebpftest.runtime.linux.verifier.Verification;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * struct_ops programs: the member of a struct_ops variable each is placed in, which decides
 * whether r0 must be set at exit (struct_ops_members.c), and a program no variable places, which
 * the kernel refuses (struct_ops_unplaced.c). The corpus group {@code struct_ops} compares the
 * r0 and license verdicts with the kernel.
 */
class StructOpsKernelTest {

    private static byte[] object(String name) throws IOException {
        try (InputStream in = StructOpsKernelTest.class.getResourceAsStream("/elf/" + name)) {
            return in.readAllBytes();
        }
    }

    @Test
    void eachProgramKnowsTheMemberOfTheStructOpsVariableThatHoldsIt() throws IOException {
        // given an object placing callbacks in .struct_ops and .struct_ops.link
        ObjectSpec spec = ObjectSpec.parse("struct_ops_members.o", object("struct_ops_members.o"));

        // then each program names its struct, member and the member's index, and whether it returns a value
        assertThat(spec.program("ops_ssthresh").structOpsMember()).contains(new StructOpsMember("tcp_congestion_ops", "ssthresh", 0, true));
        assertThat(spec.program("ops_init").structOpsMember()).contains(new StructOpsMember("tcp_congestion_ops", "init", 1, false));
        assertThat(spec.program("linked_init").structOpsMember()).contains(new StructOpsMember("tcp_congestion_ops", "init", 1, false));
    }

    @Test
    void aCallbackWhoseMemberReturnsVoidLoadsWithoutSettingR0() throws IOException {
        // given callbacks in members returning void that exit without writing r0
        LoadedObject object = LoadedObject.load(ObjectSpec.parse("struct_ops_members.o", object("struct_ops_members.o")));

        // then the verifier accepts every program of the object
        assertThat(object.verify("ops_init").accepted()).isTrue();
        assertThat(object.verify("linked_init").accepted()).isTrue();
        assertThat(object.verify("ops_ssthresh").accepted()).isTrue();
    }

    @Test
    void aStructOpsProgramNoVariablePlacesIsRefusedBeforeItsFirstInstruction() throws IOException {
        // given a struct_ops program that no struct_ops variable refers to
        LoadedObject object = LoadedObject.loader(ObjectSpec.parse("struct_ops_unplaced.o", object("struct_ops_unplaced.o"))).verify(false).load();

        // when it is verified
        Verification v = object.verify("unplaced");

        // then it is refused at pc 0 with the kernel's answer, -ENOTSUPP
        assertThat(v.accepted()).isFalse();
        assertThat(v.pc()).isZero();
        assertThat(v.message()).contains("placed in no member of a struct_ops variable").contains("-ENOTSUPP (524)");
    }

    @Test
    @Tag("kernel")
    void kernelRefusesTheProgramNoVariablePlacesWithEnotsupp() throws Exception {
        assumeTrue(KernelOracle.unavailableReason().isEmpty(),
                () -> "kernel comparison skipped: " + KernelOracle.unavailableReason().orElse(""));

        KernelOracle.Verdict kernel = KernelOracle.verify(object("struct_ops_unplaced.o"), "struct-ops-unplaced");

        assertThat(kernel.loaded()).isFalse();
        assertThat(kernel.bpftoolOutput()).contains("prog 'unplaced': failed to load: -524");
    }
}
