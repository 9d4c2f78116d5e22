package org.ebpftest.benchmarks;

import static org.ebpftest.runtime.isa.Register.R0;
import static org.ebpftest.runtime.isa.Register.R1;
import static org.ebpftest.runtime.isa.Register.R2;
import static org.ebpftest.runtime.isa.Register.R3;
import static org.ebpftest.runtime.isa.Register.R4;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.ebpftest.runtime.isa.AluOp;
import org.ebpftest.runtime.isa.Assembler;
import org.ebpftest.runtime.isa.Instruction;
import org.ebpftest.runtime.isa.JumpOp;
import org.ebpftest.runtime.isa.Size;

/** The programs the benchmarks run, written with the assembler so they need no compiler. */
final class Programs {
    /** Iterations of the counted loop. */
    static final int LOOP_ITERATIONS = 131_072;
    /** Instructions the counted loop executes: 2 before, 5 per iteration, 1 exit. */
    static final int LOOP_INSTRUCTIONS = 2 + 5 * LOOP_ITERATIONS + 1;

    private Programs() {
    }

    /** A file the benchmarks jar carries, such as a compiled object under {@code /bpf}. */
    static byte[] resource(String name) throws IOException {
        try (InputStream in = Programs.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("the benchmarks jar has no " + name);
            }
            return in.readAllBytes();
        }
    }

    /** A counted loop of 655,363 instructions mixing ALU ops and a conditional back-jump. */
    static List<Instruction> countedLoop() {
        return new Assembler()
                .mov64(R0, 0)
                .mov64(R1, 0)
                .label("loop")
                .add64(R0, R1)
                .mov64(R2, R0)
                .alu64(AluOp.RSH, R2, 3)
                .add64(R1, 1)
                .jump(JumpOp.JLT, R1, LOOP_ITERATIONS, "loop")
                .exit()
                .build();
    }

    /**
     * An XDP-style parser: bounds-check Ethernet + IPv4 + TCP against data_end, check the
     * ethertype, the protocol and the destination port, and return 1 (drop) for TCP port 22,
     * 2 (pass) otherwise. r1 points at a context whose first two u32 fields are data and data_end.
     */
    static List<Instruction> packetParser() {
        return new Assembler()
                .load(Size.W, R2, R1, 0)           // r2 = data
                .load(Size.W, R3, R1, 4)           // r3 = data_end
                .mov64(R0, 2)                      // XDP_PASS
                .mov64(R4, R2)
                .add64(R4, 54)                     // eth(14) + ip(20) + tcp(20)
                .jump(JumpOp.JGT, R4, R3, "out")
                .load(Size.H, R4, R2, 12)          // ethertype
                .jump(JumpOp.JNE, R4, 0x0008, "out")  // htons(ETH_P_IP)
                .load(Size.B, R4, R2, 23)          // protocol
                .jump(JumpOp.JNE, R4, 6, "out")
                .load(Size.B, R4, R2, 14)          // version/ihl
                .alu64(AluOp.AND, R4, 0x0f)
                .alu64(AluOp.LSH, R4, 2)
                .jump(JumpOp.JLT, R4, 20, "out")
                .add64(R4, R2)
                .add64(R4, 14)                     // start of TCP
                .mov64(R1, R4)
                .add64(R1, 20)
                .jump(JumpOp.JGT, R1, R3, "out")
                .load(Size.H, R4, R4, 2)           // destination port
                .toBigEndian(R4, 16)
                .jump(JumpOp.JNE, R4, 22, "out")
                .mov64(R0, 1)                      // XDP_DROP
                .label("out")
                .exit()
                .build();
    }
}
