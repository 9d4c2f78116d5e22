package org.ebpftest.runtime.linux.verifier;

import org.ebpftest.runtime.isa.Instruction;
import org.ebpftest.runtime.linux.helpers.HelperId;

/**
 * The bpf_fastcall contract, as the kernel's {@code mark_fastcall_patterns},
 * {@code check_fastcall_stack_contract} and {@code remove_fastcall_spills_fills} apply it: spills
 * of caller-saved registers the call leaves alone, right before a call the kernel inlines, with the
 * matching fills right after it, are removed after verification, and with them the stack slots they
 * used. A subprogram whose fastcall slots are touched only by such spills and fills then counts
 * only the stack above them toward the combined stack depth, which is how a program using all 512
 * bytes may still call a subprogram that saves a register around {@code bpf_get_smp_processor_id}.
 *
 * <p>Only ever makes a depth smaller than the walk saw: where this verifier cannot tell what the
 * kernel decides (a kfunc's prototype, which of a helper's variants the program type has), it takes
 * the reading that leaves the smaller depth, so that the combined stack check stays certain.
 */
final class Fastcall {
    private static final int CALLER_SAVED = 0x3f; // r0-r5
    /** fastcall_stack_off once the contract is broken: below every offset. */
    private static final int BROKEN = Short.MIN_VALUE;

    private final Cfg cfg;
    /** Per instruction: a spill or fill that belongs to a fastcall pattern. */
    private final boolean[] pattern;
    /** Per call instruction: how many spill/fill pairs around it the kernel removes. */
    private final int[] spills;
    /** Per subprogram: the offset where its fastcall slots start (0: none), or {@link #BROKEN}. */
    private final int[] stackOff;

    private Fastcall(Cfg cfg) {
        this.cfg = cfg;
        this.pattern = new boolean[cfg.slots.length];
        this.spills = new int[cfg.slots.length];
        this.stackOff = new int[cfg.subprogStarts.length];
    }

    /** Finds the fastcall patterns of every subprogram, before the walk (mark_fastcall_patterns). */
    static Fastcall of(Cfg cfg) {
        Fastcall f = new Fastcall(cfg);
        boolean[] jumpTarget = jumpTargets(cfg);
        for (int sub = 0; sub < cfg.subprogStarts.length; sub++) {
            int start = cfg.subprogStarts[sub];
            int end = sub + 1 < cfg.subprogStarts.length ? cfg.subprogStarts[sub + 1] : cfg.slots.length;
            int lowest = 0;
            for (int pc = start; pc < end; pc++) {
                if (isSpill(cfg.slots[pc])) {
                    lowest = Math.min(lowest, cfg.slots[pc].offset());
                }
            }
            for (int pc = start; pc < end; pc++) {
                Instruction insn = cfg.slots[pc];
                if (insn != null && insn.opcode() == 0x85) {
                    f.markCall(sub, pc, lowest, jumpTarget);
                }
            }
        }
        return f;
    }

    private void markCall(int sub, int pc, int lowest, boolean[] jumpTarget) {
        Instruction call = cfg.slots[pc];
        int clobbered;
        boolean inlined;
        if (call.src() == 0) {
            HelperProtos.Proto proto = HelperProtos.proto(call.imm());
            // unknown arguments: the mask that finds the most pairs, which can only lower the depth
            clobbered = (proto.ret() == HelperProtos.Return.VOID ? 0 : 1) | (proto.args() < 0 ? 0 : ((1 << proto.args()) - 1) << 1);
            // x86-64's JIT: the verifier inlines bpf_get_smp_processor_id (verifier_inlines_helper_call)
            inlined = call.imm() == HelperId.GET_SMP_PROCESSOR_ID.id();
        } else if (call.src() == 2) {
            // a kfunc: its prototype is in the kernel's BTF; taken as inlined with no argument, the reading that removes most
            clobbered = 0;
            inlined = true;
        } else {
            return;
        }
        if (clobbered == CALLER_SAVED) {
            return;
        }
        int expected = ~clobbered & CALLER_SAVED;
        int i = 1;
        int off = lowest;
        for (; i <= 6; i++, off += 8) {
            if (pc - i < 0 || pc + i >= cfg.slots.length || jumpTarget[pc - i + 1] || jumpTarget[pc + i]) {
                break;
            }
            Instruction stx = cfg.slots[pc - i];
            Instruction ldx = cfg.slots[pc + i];
            if (!isSpill(stx) || ldx == null || ldx.opcode() != 0x79 || ldx.src() != 10 || stx.src() != ldx.dst()
                    || ((1 << stx.src()) & expected) == 0 || stx.offset() != off || ldx.offset() != off) {
                break;
            }
            expected &= ~(1 << stx.src());
            pattern[pc - i] = true;
            pattern[pc + i] = true;
        }
        if (i == 1) {
            return;
        }
        // a call the kernel does not inline keeps its subprogram's slots (keep_fastcall_stack); not
        // followed here, as which helpers a variant makes inlinable is not certain: the depth can only be smaller
        if (inlined) {
            spills[pc] = i - 1;
        }
        stackOff[sub] = Math.min(stackOff[sub], off);
    }

    private static boolean isSpill(Instruction insn) {
        return insn != null && insn.opcode() == 0x7b && insn.dst() == 10;
    }

    private static boolean[] jumpTargets(Cfg cfg) {
        boolean[] target = new boolean[cfg.slots.length + 1];
        for (int pc = 0; pc < cfg.slots.length; pc++) {
            Instruction insn = cfg.slots[pc];
            if (insn == null) {
                continue;
            }
            int cls = insn.opcode() & 7;
            int op = insn.opcode() & 0xf0;
            int to = -1;
            if ((cls == 5 || cls == 6) && op != 0x90 && (op != 0x80 || insn.src() == 1)) {
                to = pc + (op == 0x80 || (cls == 6 && op == 0) ? insn.imm() : insn.offset()) + 1;
            }
            if (insn.isWide() && insn.src() == 4) { // a subprogram's address, a callback
                to = pc + insn.imm() + 1;
            }
            if (to >= 0 && to < target.length) {
                target[to] = true;
            }
        }
        return target;
    }

    /**
     * A stack access at offset {@code off} by the instruction at {@code pc} in subprogram {@code sub}
     * (check_fastcall_stack_contract): touching the fastcall slots from outside a pattern keeps them.
     * Called on certain paths only, so that only what the kernel sees too breaks the contract.
     */
    void access(int sub, int pc, int off) {
        if (stackOff[sub] <= off || pattern[pc]) {
            return;
        }
        stackOff[sub] = BROKEN;
        int end = sub + 1 < cfg.subprogStarts.length ? cfg.subprogStarts[sub + 1] : cfg.slots.length;
        for (int i = cfg.subprogStarts[sub]; i < end; i++) {
            spills[i] = 0;
            pattern[i] = false;
        }
    }

    /** The depths after the spills and fills are removed (remove_fastcall_spills_fills), never more than the walk saw. */
    void adjust(int[] depth) {
        for (int sub = 0; sub < depth.length; sub++) {
            int end = sub + 1 < cfg.subprogStarts.length ? cfg.subprogStarts[sub + 1] : cfg.slots.length;
            boolean modified = false;
            for (int i = cfg.subprogStarts[sub]; i < end; i++) {
                modified |= spills[i] > 0;
            }
            if (modified) {
                depth[sub] = Math.min(depth[sub], -stackOff[sub]);
            }
        }
    }
}
