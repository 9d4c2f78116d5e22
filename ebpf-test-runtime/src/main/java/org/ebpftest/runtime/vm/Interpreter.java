package org.ebpftest.runtime.vm;

import org.ebpftest.runtime.isa.AtomicOp;

/**
 * The dispatch loop: one flat switch over the internal op of each pre-decoded instruction, one line
 * per case. Arithmetic semantics live in {@link Alu}, jump conditions in {@link Branch}, memory
 * access in {@link Memory} (loads, stores, atomics), calls and
 * frames in {@link Execution} and {@link Vm}. The loop keeps pc and the instruction count in locals
 * and writes them back only when it leaves, so a run costs no allocation and no listener calls.
 */
final class Interpreter {
    private static final long U32 = 0xffffffffL;
    /**
     * What one instruction costs: always 1, but read from a field the JIT cannot fold, so that
     * HotSpot's C2 does not treat the dispatch loop as a counted loop. It would, and the loop
     * predicates it then hoists fail on every run, sending the method through endless
     * deoptimise-recompile cycles (measured: microseconds per run of a 24-instruction program
     * instead of about a hundred nanoseconds).
     */
    private static long fuelStep = 1;

    private Interpreter() {
    }

    private static int dst(long x) {
        return (int) (x >>> 8) & 0xf;
    }

    private static int src(long x) {
        return (int) (x >>> 12) & 0xf;
    }

    private static int off(long x) {
        return (short) (x >>> 16);
    }

    /** The immediate, sign-extended to 64 bits. */
    private static long imm(long x) {
        return x >> 32;
    }

    /** The immediate's 32 bits, zero-extended. */
    private static long uimm(long x) {
        return x >>> 32;
    }

    /**
     * Runs until the outermost frame of this execution exits ({@link Execution#FINISHED}), the
     * instruction count reaches {@code stopAt} ({@link Execution#STOPPED}) or a helper asks for a
     * tail call ({@link Execution#TAIL_CALL}).
     */
    static int execute(Execution e, long stopAt) {
        final long[] r = e.regs;
        final Memory m = e.vm.memory();
        long[] code = e.program.code;
        long[] k = e.program.constants;
        int pc = e.pc;
        // Instructions still allowed before stopAt; the count executed is stopAt - fuel. One
        // decrement-and-test per instruction both counts and enforces the budget.
        long fuel = stopAt - e.count;
        final long step = fuelStep;
        try {
            while (true) {
                fuel -= step;
                if (fuel < 0) {
                    e.pc = pc;
                    // stopAt, unless a helper's callbacks ran past it (a stop in the middle of a run)
                    e.count = stopAt - fuel - step;
                    return Execution.STOPPED;
                }
                final long x = code[pc++];
                switch ((int) x & 0xff) {
                    // ALU64
                    case Ops.ADD64_IMM: r[dst(x)] += imm(x); break;
                    case Ops.ADD64_REG: r[dst(x)] += r[src(x)]; break;
                    case Ops.SUB64_IMM: r[dst(x)] -= imm(x); break;
                    case Ops.SUB64_REG: r[dst(x)] -= r[src(x)]; break;
                    case Ops.MUL64_IMM: r[dst(x)] *= imm(x); break;
                    case Ops.MUL64_REG: r[dst(x)] *= r[src(x)]; break;
                    case Ops.DIV64_IMM: r[dst(x)] = Alu.div64(r[dst(x)], imm(x)); break;
                    case Ops.DIV64_REG: r[dst(x)] = Alu.div64(r[dst(x)], r[src(x)]); break;
                    case Ops.SDIV64_IMM: r[dst(x)] = Alu.sdiv64(r[dst(x)], imm(x)); break;
                    case Ops.SDIV64_REG: r[dst(x)] = Alu.sdiv64(r[dst(x)], r[src(x)]); break;
                    case Ops.MOD64_IMM: r[dst(x)] = Alu.mod64(r[dst(x)], imm(x)); break;
                    case Ops.MOD64_REG: r[dst(x)] = Alu.mod64(r[dst(x)], r[src(x)]); break;
                    case Ops.SMOD64_IMM: r[dst(x)] = Alu.smod64(r[dst(x)], imm(x)); break;
                    case Ops.SMOD64_REG: r[dst(x)] = Alu.smod64(r[dst(x)], r[src(x)]); break;
                    case Ops.OR64_IMM: r[dst(x)] |= imm(x); break;
                    case Ops.OR64_REG: r[dst(x)] |= r[src(x)]; break;
                    case Ops.AND64_IMM: r[dst(x)] &= imm(x); break;
                    case Ops.AND64_REG: r[dst(x)] &= r[src(x)]; break;
                    case Ops.XOR64_IMM: r[dst(x)] ^= imm(x); break;
                    case Ops.XOR64_REG: r[dst(x)] ^= r[src(x)]; break;
                    case Ops.LSH64_IMM: r[dst(x)] <<= imm(x); break;
                    case Ops.LSH64_REG: r[dst(x)] <<= r[src(x)]; break;
                    case Ops.RSH64_IMM: r[dst(x)] >>>= imm(x); break;
                    case Ops.RSH64_REG: r[dst(x)] >>>= r[src(x)]; break;
                    case Ops.ARSH64_IMM: r[dst(x)] >>= imm(x); break;
                    case Ops.ARSH64_REG: r[dst(x)] >>= r[src(x)]; break;
                    case Ops.NEG64: r[dst(x)] = -r[dst(x)]; break;
                    case Ops.MOV64_IMM: r[dst(x)] = imm(x); break;
                    case Ops.MOV64_REG: r[dst(x)] = r[src(x)]; break;
                    case Ops.MOVSX64_8: r[dst(x)] = (byte) r[src(x)]; break;
                    case Ops.MOVSX64_16: r[dst(x)] = (short) r[src(x)]; break;
                    case Ops.MOVSX64_32: r[dst(x)] = (int) r[src(x)]; break;
                    case Ops.ADDR_SPACE_CAST: r[dst(x)] = m.addrSpaceCast(r[src(x)], (int) imm(x)); break;
                    // ALU (32-bit, results zero-extended)
                    case Ops.ADD32_IMM: r[dst(x)] = (r[dst(x)] + imm(x)) & U32; break;
                    case Ops.ADD32_REG: r[dst(x)] = (r[dst(x)] + r[src(x)]) & U32; break;
                    case Ops.SUB32_IMM: r[dst(x)] = (r[dst(x)] - imm(x)) & U32; break;
                    case Ops.SUB32_REG: r[dst(x)] = (r[dst(x)] - r[src(x)]) & U32; break;
                    case Ops.MUL32_IMM: r[dst(x)] = (r[dst(x)] * imm(x)) & U32; break;
                    case Ops.MUL32_REG: r[dst(x)] = (r[dst(x)] * r[src(x)]) & U32; break;
                    case Ops.DIV32_IMM: r[dst(x)] = Alu.div32(r[dst(x)], imm(x)); break;
                    case Ops.DIV32_REG: r[dst(x)] = Alu.div32(r[dst(x)], r[src(x)]); break;
                    case Ops.SDIV32_IMM: r[dst(x)] = Alu.sdiv32(r[dst(x)], imm(x)); break;
                    case Ops.SDIV32_REG: r[dst(x)] = Alu.sdiv32(r[dst(x)], r[src(x)]); break;
                    case Ops.MOD32_IMM: r[dst(x)] = Alu.mod32(r[dst(x)], imm(x)); break;
                    case Ops.MOD32_REG: r[dst(x)] = Alu.mod32(r[dst(x)], r[src(x)]); break;
                    case Ops.SMOD32_IMM: r[dst(x)] = Alu.smod32(r[dst(x)], imm(x)); break;
                    case Ops.SMOD32_REG: r[dst(x)] = Alu.smod32(r[dst(x)], r[src(x)]); break;
                    case Ops.OR32_IMM: r[dst(x)] = (r[dst(x)] | imm(x)) & U32; break;
                    case Ops.OR32_REG: r[dst(x)] = (r[dst(x)] | r[src(x)]) & U32; break;
                    case Ops.AND32_IMM: r[dst(x)] = r[dst(x)] & imm(x) & U32; break;
                    case Ops.AND32_REG: r[dst(x)] = r[dst(x)] & r[src(x)] & U32; break;
                    case Ops.XOR32_IMM: r[dst(x)] = (r[dst(x)] ^ imm(x)) & U32; break;
                    case Ops.XOR32_REG: r[dst(x)] = (r[dst(x)] ^ r[src(x)]) & U32; break;
                    case Ops.LSH32_IMM: r[dst(x)] = Alu.lsh32(r[dst(x)], imm(x)); break;
                    case Ops.LSH32_REG: r[dst(x)] = Alu.lsh32(r[dst(x)], r[src(x)]); break;
                    case Ops.RSH32_IMM: r[dst(x)] = Alu.rsh32(r[dst(x)], imm(x)); break;
                    case Ops.RSH32_REG: r[dst(x)] = Alu.rsh32(r[dst(x)], r[src(x)]); break;
                    case Ops.ARSH32_IMM: r[dst(x)] = Alu.arsh32(r[dst(x)], imm(x)); break;
                    case Ops.ARSH32_REG: r[dst(x)] = Alu.arsh32(r[dst(x)], r[src(x)]); break;
                    case Ops.NEG32: r[dst(x)] = -r[dst(x)] & U32; break;
                    case Ops.MOV32_IMM: r[dst(x)] = uimm(x); break;
                    case Ops.MOV32_REG: r[dst(x)] = r[src(x)] & U32; break;
                    case Ops.MOVSX32_8: r[dst(x)] = (byte) r[src(x)] & U32; break;
                    case Ops.MOVSX32_16: r[dst(x)] = (short) r[src(x)] & U32; break;
                    // byte order: the VM is little-endian, so "to little endian" only truncates
                    case Ops.LE16: r[dst(x)] &= 0xffffL; break;
                    case Ops.LE32: r[dst(x)] &= U32; break;
                    case Ops.LE64: break;
                    case Ops.BE16, Ops.BSWAP16: r[dst(x)] = Alu.bswap16(r[dst(x)]); break;
                    case Ops.BE32, Ops.BSWAP32: r[dst(x)] = Alu.bswap32(r[dst(x)]); break;
                    case Ops.BE64, Ops.BSWAP64: r[dst(x)] = Alu.bswap64(r[dst(x)]); break;
                    // 64-bit jumps
                    case Ops.JA: pc += off(x); break;
                    case Ops.JEQ_IMM: if (Branch.jeq(r[dst(x)], imm(x))) { pc += off(x); } break;
                    case Ops.JEQ_REG: if (Branch.jeq(r[dst(x)], r[src(x)])) { pc += off(x); } break;
                    case Ops.JNE_IMM: if (Branch.jne(r[dst(x)], imm(x))) { pc += off(x); } break;
                    case Ops.JNE_REG: if (Branch.jne(r[dst(x)], r[src(x)])) { pc += off(x); } break;
                    case Ops.JSET_IMM: if (Branch.jset(r[dst(x)], imm(x))) { pc += off(x); } break;
                    case Ops.JSET_REG: if (Branch.jset(r[dst(x)], r[src(x)])) { pc += off(x); } break;
                    case Ops.JGT_IMM: if (Branch.jgt(r[dst(x)], imm(x))) { pc += off(x); } break;
                    case Ops.JGT_REG: if (Branch.jgt(r[dst(x)], r[src(x)])) { pc += off(x); } break;
                    case Ops.JGE_IMM: if (Branch.jge(r[dst(x)], imm(x))) { pc += off(x); } break;
                    case Ops.JGE_REG: if (Branch.jge(r[dst(x)], r[src(x)])) { pc += off(x); } break;
                    case Ops.JLT_IMM: if (Branch.jlt(r[dst(x)], imm(x))) { pc += off(x); } break;
                    case Ops.JLT_REG: if (Branch.jlt(r[dst(x)], r[src(x)])) { pc += off(x); } break;
                    case Ops.JLE_IMM: if (Branch.jle(r[dst(x)], imm(x))) { pc += off(x); } break;
                    case Ops.JLE_REG: if (Branch.jle(r[dst(x)], r[src(x)])) { pc += off(x); } break;
                    case Ops.JSGT_IMM: if (Branch.jsgt(r[dst(x)], imm(x))) { pc += off(x); } break;
                    case Ops.JSGT_REG: if (Branch.jsgt(r[dst(x)], r[src(x)])) { pc += off(x); } break;
                    case Ops.JSGE_IMM: if (Branch.jsge(r[dst(x)], imm(x))) { pc += off(x); } break;
                    case Ops.JSGE_REG: if (Branch.jsge(r[dst(x)], r[src(x)])) { pc += off(x); } break;
                    case Ops.JSLT_IMM: if (Branch.jslt(r[dst(x)], imm(x))) { pc += off(x); } break;
                    case Ops.JSLT_REG: if (Branch.jslt(r[dst(x)], r[src(x)])) { pc += off(x); } break;
                    case Ops.JSLE_IMM: if (Branch.jsle(r[dst(x)], imm(x))) { pc += off(x); } break;
                    case Ops.JSLE_REG: if (Branch.jsle(r[dst(x)], r[src(x)])) { pc += off(x); } break;
                    case Ops.MAY_GOTO: if (e.mayGoto()) { pc += off(x); } break;
                    // 32-bit jumps compare the low halves
                    case Ops.JA32: pc += (int) imm(x); break;
                    case Ops.JEQ32_IMM: if (Branch.jeq32(r[dst(x)], imm(x))) { pc += off(x); } break;
                    case Ops.JEQ32_REG: if (Branch.jeq32(r[dst(x)], r[src(x)])) { pc += off(x); } break;
                    case Ops.JNE32_IMM: if (Branch.jne32(r[dst(x)], imm(x))) { pc += off(x); } break;
                    case Ops.JNE32_REG: if (Branch.jne32(r[dst(x)], r[src(x)])) { pc += off(x); } break;
                    case Ops.JSET32_IMM: if (Branch.jset32(r[dst(x)], imm(x))) { pc += off(x); } break;
                    case Ops.JSET32_REG: if (Branch.jset32(r[dst(x)], r[src(x)])) { pc += off(x); } break;
                    case Ops.JGT32_IMM: if (Branch.jgt32(r[dst(x)], imm(x))) { pc += off(x); } break;
                    case Ops.JGT32_REG: if (Branch.jgt32(r[dst(x)], r[src(x)])) { pc += off(x); } break;
                    case Ops.JGE32_IMM: if (Branch.jge32(r[dst(x)], imm(x))) { pc += off(x); } break;
                    case Ops.JGE32_REG: if (Branch.jge32(r[dst(x)], r[src(x)])) { pc += off(x); } break;
                    case Ops.JLT32_IMM: if (Branch.jlt32(r[dst(x)], imm(x))) { pc += off(x); } break;
                    case Ops.JLT32_REG: if (Branch.jlt32(r[dst(x)], r[src(x)])) { pc += off(x); } break;
                    case Ops.JLE32_IMM: if (Branch.jle32(r[dst(x)], imm(x))) { pc += off(x); } break;
                    case Ops.JLE32_REG: if (Branch.jle32(r[dst(x)], r[src(x)])) { pc += off(x); } break;
                    case Ops.JSGT32_IMM: if (Branch.jsgt32(r[dst(x)], imm(x))) { pc += off(x); } break;
                    case Ops.JSGT32_REG: if (Branch.jsgt32(r[dst(x)], r[src(x)])) { pc += off(x); } break;
                    case Ops.JSGE32_IMM: if (Branch.jsge32(r[dst(x)], imm(x))) { pc += off(x); } break;
                    case Ops.JSGE32_REG: if (Branch.jsge32(r[dst(x)], r[src(x)])) { pc += off(x); } break;
                    case Ops.JSLT32_IMM: if (Branch.jslt32(r[dst(x)], imm(x))) { pc += off(x); } break;
                    case Ops.JSLT32_REG: if (Branch.jslt32(r[dst(x)], r[src(x)])) { pc += off(x); } break;
                    case Ops.JSLE32_IMM: if (Branch.jsle32(r[dst(x)], imm(x))) { pc += off(x); } break;
                    case Ops.JSLE32_REG: if (Branch.jsle32(r[dst(x)], r[src(x)])) { pc += off(x); } break;
                    // loads and stores
                    case Ops.LDDW: r[dst(x)] = k[pc - 1]; pc++; break;
                    case Ops.LDXB: r[dst(x)] = m.load8(r[src(x)] + off(x)); break;
                    case Ops.LDXH: r[dst(x)] = m.load16(r[src(x)] + off(x)); break;
                    case Ops.LDXW: r[dst(x)] = m.load32(r[src(x)] + off(x)); break;
                    case Ops.LDXDW: r[dst(x)] = m.load64(r[src(x)] + off(x)); break;
                    case Ops.LDXSB: r[dst(x)] = (byte) m.load8(r[src(x)] + off(x)); break;
                    case Ops.LDXSH: r[dst(x)] = (short) m.load16(r[src(x)] + off(x)); break;
                    case Ops.LDXSW: r[dst(x)] = (int) m.load32(r[src(x)] + off(x)); break;
                    case Ops.STB: m.store8(r[dst(x)] + off(x), imm(x)); break;
                    case Ops.STH: m.store16(r[dst(x)] + off(x), imm(x)); break;
                    case Ops.STW: m.store32(r[dst(x)] + off(x), imm(x)); break;
                    case Ops.STDW: m.store64(r[dst(x)] + off(x), imm(x)); break;
                    case Ops.STXB: m.store8(r[dst(x)] + off(x), r[src(x)]); break;
                    case Ops.STXH: m.store16(r[dst(x)] + off(x), r[src(x)]); break;
                    case Ops.STXW: m.store32(r[dst(x)] + off(x), r[src(x)]); break;
                    case Ops.STXDW: m.store64(r[dst(x)] + off(x), r[src(x)]); break;
                    // atomics
                    case Ops.ATOMIC32_ADD: m.atomic32(r[dst(x)] + off(x), AtomicOp.ADD, r[src(x)]); break;
                    case Ops.ATOMIC32_OR: m.atomic32(r[dst(x)] + off(x), AtomicOp.OR, r[src(x)]); break;
                    case Ops.ATOMIC32_AND: m.atomic32(r[dst(x)] + off(x), AtomicOp.AND, r[src(x)]); break;
                    case Ops.ATOMIC32_XOR: m.atomic32(r[dst(x)] + off(x), AtomicOp.XOR, r[src(x)]); break;
                    case Ops.ATOMIC32_FETCH_ADD: r[src(x)] = m.atomic32(r[dst(x)] + off(x), AtomicOp.FETCH_ADD, r[src(x)]); break;
                    case Ops.ATOMIC32_FETCH_OR: r[src(x)] = m.atomic32(r[dst(x)] + off(x), AtomicOp.FETCH_OR, r[src(x)]); break;
                    case Ops.ATOMIC32_FETCH_AND: r[src(x)] = m.atomic32(r[dst(x)] + off(x), AtomicOp.FETCH_AND, r[src(x)]); break;
                    case Ops.ATOMIC32_FETCH_XOR: r[src(x)] = m.atomic32(r[dst(x)] + off(x), AtomicOp.FETCH_XOR, r[src(x)]); break;
                    case Ops.ATOMIC32_XCHG: r[src(x)] = m.atomic32(r[dst(x)] + off(x), AtomicOp.XCHG, r[src(x)]); break;
                    case Ops.ATOMIC64_ADD: m.atomic64(r[dst(x)] + off(x), AtomicOp.ADD, r[src(x)]); break;
                    case Ops.ATOMIC64_OR: m.atomic64(r[dst(x)] + off(x), AtomicOp.OR, r[src(x)]); break;
                    case Ops.ATOMIC64_AND: m.atomic64(r[dst(x)] + off(x), AtomicOp.AND, r[src(x)]); break;
                    case Ops.ATOMIC64_XOR: m.atomic64(r[dst(x)] + off(x), AtomicOp.XOR, r[src(x)]); break;
                    case Ops.ATOMIC64_FETCH_ADD: r[src(x)] = m.atomic64(r[dst(x)] + off(x), AtomicOp.FETCH_ADD, r[src(x)]); break;
                    case Ops.ATOMIC64_FETCH_OR: r[src(x)] = m.atomic64(r[dst(x)] + off(x), AtomicOp.FETCH_OR, r[src(x)]); break;
                    case Ops.ATOMIC64_FETCH_AND: r[src(x)] = m.atomic64(r[dst(x)] + off(x), AtomicOp.FETCH_AND, r[src(x)]); break;
                    case Ops.ATOMIC64_FETCH_XOR: r[src(x)] = m.atomic64(r[dst(x)] + off(x), AtomicOp.FETCH_XOR, r[src(x)]); break;
                    case Ops.ATOMIC64_XCHG: r[src(x)] = m.atomic64(r[dst(x)] + off(x), AtomicOp.XCHG, r[src(x)]); break;
                    case Ops.ATOMIC32_CMPXCHG: r[0] = m.cmpxchg32(r[dst(x)] + off(x), r[0], r[src(x)]); break;
                    case Ops.ATOMIC64_CMPXCHG: r[0] = m.cmpxchg64(r[dst(x)] + off(x), r[0], r[src(x)]); break;
                    case Ops.ATOMIC8_LOAD_ACQ: r[dst(x)] = m.loadAcquire(r[src(x)] + off(x), 1); break;
                    case Ops.ATOMIC16_LOAD_ACQ: r[dst(x)] = m.loadAcquire(r[src(x)] + off(x), 2); break;
                    case Ops.ATOMIC32_LOAD_ACQ: r[dst(x)] = m.loadAcquire(r[src(x)] + off(x), 4); break;
                    case Ops.ATOMIC64_LOAD_ACQ: r[dst(x)] = m.loadAcquire(r[src(x)] + off(x), 8); break;
                    case Ops.ATOMIC8_STORE_REL: m.storeRelease(r[dst(x)] + off(x), 1, r[src(x)]); break;
                    case Ops.ATOMIC16_STORE_REL: m.storeRelease(r[dst(x)] + off(x), 2, r[src(x)]); break;
                    case Ops.ATOMIC32_STORE_REL: m.storeRelease(r[dst(x)] + off(x), 4, r[src(x)]); break;
                    case Ops.ATOMIC64_STORE_REL: m.storeRelease(r[dst(x)] + off(x), 8, r[src(x)]); break;
                    // legacy packet loads: out of the packet ends the program with r0 = 0
                    case Ops.LDABSB, Ops.LDABSH, Ops.LDABSW, Ops.LDINDB, Ops.LDINDH, Ops.LDINDW:
                        if (!e.vm.legacyLoad(e, x, pc - 1)) {
                            e.finished = true;
                            e.pc = pc - 1;
                            e.count = stopAt - fuel;
                            return Execution.FINISHED;
                        }
                        break;
                    // calls
                    case Ops.CALL_HELPER, Ops.CALL_KFUNC, Ops.CALLX: {
                        e.pc = pc;
                        e.count = stopAt - fuel;
                        int target = e.vm.call(e, x, pc - 1);
                        fuel = stopAt - e.count;
                        if (target >= 0) {
                            pc = e.pushFrame(pc, target, pc - 1);
                        } else if (e.pendingTailCall != null) {
                            return Execution.TAIL_CALL;
                        }
                        break;
                    }
                    case Ops.CALL_LOCAL: pc = e.pushFrame(pc, pc + (int) imm(x), pc - 1); break;
                    case Ops.EXIT:
                        if (e.depth == e.baseDepth) {
                            e.finished = true;
                            e.pc = pc - 1;
                            e.count = stopAt - fuel;
                            return Execution.FINISHED;
                        }
                        pc = e.popFrame();
                        code = e.program.code;
                        k = e.program.constants;
                        break;
                    default: {
                        // a REFUSED instruction: the verifier refuses it once a run can reach it
                        String refusal = e.program.refusalAt(pc - 1);
                        throw e.vm.trap(e, pc - 1, TrapException.Kind.INVALID,
                                refusal != null ? "the verifier refuses this instruction where a run reaches it: " + refusal : "undecoded instruction", null);
                    }
                }
            }
        } catch (MemoryFault fault) {
            e.count = stopAt - fuel;
            throw e.vm.memoryTrap(e, pc - 1, "", fault);
        }
    }
}
