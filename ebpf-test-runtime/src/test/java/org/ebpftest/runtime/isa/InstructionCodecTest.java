package org.ebpftest.runtime.isa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteOrder;
import java.util.List;
import org.ebpftest.runtime.MalformedObjectException;
import org.junit.jupiter.api.Test;

/** Decoding and encoding bytecode in both byte orders. */
class InstructionCodecTest {

    @Test
    void decodesEveryFieldOfALittleEndianSlot() {
        // r2 = *(u32 *)(r1 - 4)
        List<Instruction> insns = InstructionCodec.decodeHex("61 12 fc ff 00 00 00 00");

        assertThat(insns).containsExactly(new Instruction(0x61, 2, 1, -4, 0, 0));
        assertThat(insns.get(0).op()).isEqualTo(Opcode.LDXW);
        assertThat(insns.get(0).instructionClass()).isEqualTo(InstructionClass.LDX);
    }

    @Test
    void lddwIsOneInstructionOfTwoSlots() {
        List<Instruction> insns = InstructionCodec.decodeHex("18 01 00 00 88 77 66 55 00 00 00 00 44 33 22 11 95 00 00 00 00 00 00 00");

        assertThat(insns).hasSize(2);
        assertThat(insns.get(0).slots()).isEqualTo(2);
        assertThat(insns.get(0).constant()).isEqualTo(0x1122334455667788L);
    }

    @Test
    void encodingRoundTripsEveryConformanceLikeInstruction() {
        List<Instruction> program = new Assembler()
                .lddw(Register.R1, -2).mov64(Register.R0, -1)
                .store(Size.H, Register.R10, -2, 0x1234)
                .atomic(Size.DW, AtomicOp.CMPXCHG, Register.R10, -8, Register.R3)
                .exit().build();

        byte[] le = InstructionCodec.encode(program);
        byte[] be = InstructionCodec.encode(program, ByteOrder.BIG_ENDIAN);

        assertThat(InstructionCodec.decode(le)).isEqualTo(program);
        assertThat(InstructionCodec.decode(be, 0, be.length, ByteOrder.BIG_ENDIAN)).isEqualTo(program);
        assertThat(be).isNotEqualTo(le);
    }

    @Test
    void bigEndianSwapsTheRegisterNibblesAndTheMultiByteFields() {
        // bpfeb encoding of r2 = *(u32 *)(r1 - 4): dst in the high nibble
        List<Instruction> insns = InstructionCodec.decode(Hex.parse("61 21 ff fc 00 00 00 00"), 0, 8, ByteOrder.BIG_ENDIAN);

        assertThat(insns).containsExactly(new Instruction(0x61, 2, 1, -4, 0, 0));
    }

    @Test
    void lengthThatIsNotAMultipleOfEightIsMalformed() {
        assertThatThrownBy(() -> InstructionCodec.decode(new byte[12]))
                .isInstanceOf(MalformedObjectException.class)
                .hasMessage("bytecode length 12 is not a multiple of 8");
    }

    @Test
    void lddwCutOffByTheEndIsMalformed() {
        assertThatThrownBy(() -> InstructionCodec.decodeHex("95 00 00 00 00 00 00 00 18 01 00 00 01 00 00 00"))
                .isInstanceOf(MalformedObjectException.class)
                .hasMessage("lddw at slot 1 is missing its second slot");
    }

    @Test
    void hexParserNamesTheBadCharacter() {
        assertThat(Hex.parse("0x01 ab\nCD")).containsExactly(0x01, 0xab, 0xcd);
        assertThatThrownBy(() -> Hex.parse("01 0g")).isInstanceOf(IllegalArgumentException.class).hasMessage("not a hex digit at index 4: 'g' in \"01 0g\"");
        assertThatThrownBy(() -> Hex.parse("012")).hasMessageContaining("odd number of hex digits (3)");
    }

    @Test
    void fieldsOutsideTheirEncodingAreRejected() {
        assertThatThrownBy(() -> new Instruction(0x100, 0, 0, 0, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Instruction(0x07, 16, 0, 0, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Instruction(0x07, 0, 0, 40000, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Instruction(0x07, 0, 0, 0, 0, 1)).hasMessage("only lddw has a second immediate");
    }

    @Test
    void opcodeTableKnowsEveryDefinedOpcodeAndNothingElse() {
        int defined = 0;
        for (int b = 0; b < 256; b++) {
            if (Opcode.of(b) != null) {
                defined++;
                assertThat(Opcode.of(b).code()).isEqualTo(b);
            }
        }
        assertThat(defined).as("128, and may_goto").isEqualTo(Opcode.values().length).isEqualTo(129);
    }
}
