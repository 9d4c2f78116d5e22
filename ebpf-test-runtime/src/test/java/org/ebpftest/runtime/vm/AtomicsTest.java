package org.ebpftest.runtime.vm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ebpftest.runtime.isa.Register.R0;
import static org.ebpftest.runtime.isa.Register.R1;
import static org.ebpftest.runtime.isa.Register.R2;
import static org.ebpftest.runtime.isa.Register.R3;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.ebpftest.runtime.isa.AtomicOp;
import org.ebpftest.runtime.isa.Assembler;
import org.ebpftest.runtime.isa.Instruction;
import org.ebpftest.runtime.isa.JumpOp;
import org.ebpftest.runtime.isa.Opcode;
import org.ebpftest.runtime.isa.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The atomic instructions, their fetch results, alignment, and atomicity across threads. */
class AtomicsTest {

    /** Runs {@code *(size *)(r1) op= r2} on memory holding {@code initial}; returns {r0, r2, memory}. */
    private static long[] atomic(Size size, AtomicOp op, long initial, long operand, long r0) {
        byte[] mem = new byte[8];
        ByteBuffer.wrap(mem).order(ByteOrder.LITTLE_ENDIAN).putLong(0, initial);
        Vm vm = Vm.builder().build();
        vm.memory().map(new Region("value", mem, true), Vm.CONTEXT_ADDRESS);
        Execution e = vm.start(Program.of("atomic", new Assembler()
                .lddw(R2, operand).lddw(R0, r0)
                .atomic(size, op, R1, 0, R2)
                .exit().build()), Vm.CONTEXT_ADDRESS);
        e.run();
        return new long[] {e.register(0), e.register(2), ByteBuffer.wrap(mem).order(ByteOrder.LITTLE_ENDIAN).getLong(0)};
    }

    @ParameterizedTest(name = "{0} {1}: memory {2} op {3} -> memory {4}, src {5}")
    @CsvSource({
        "DW, ADD, 40, 2, 42, 2",
        "DW, OR, 0x0f, 0xf0, 0xff, 0xf0",
        "DW, AND, 0xff, 0x0f, 0x0f, 0x0f",
        "DW, XOR, 0xff, 0x0f, 0xf0, 0x0f",
        "DW, FETCH_ADD, 40, 2, 42, 40",
        "DW, FETCH_OR, 0x0f, 0xf0, 0xff, 0x0f",
        "DW, FETCH_AND, 0xff, 0x0f, 0x0f, 0xff",
        "DW, FETCH_XOR, 0xff, 0x0f, 0xf0, 0xff",
        "DW, XCHG, 7, 9, 9, 7",
        // 32-bit forms leave the upper half of memory alone and zero-extend the fetched value
        "W, ADD, 0x1ffffffff, 1, 0x100000000, 1",
        "W, FETCH_ADD, 0x1ffffffff, 1, 0x100000000, 0xffffffff",
        "W, FETCH_OR, 0x100000001, 2, 0x100000003, 1",
        "W, XCHG, 0x1ffffffff, 5, 0x100000005, 0xffffffff",
    })
    void readModifyWriteOperations(Size size, AtomicOp op, String initial, String operand, String memory, String src) {
        long[] out = atomic(size, op, Long.decode(initial), Long.decode(operand), 0);

        assertThat(out[2]).as("memory").isEqualTo(Long.decode(memory));
        assertThat(out[1]).as("src register").isEqualTo(Long.decode(src));
    }

    @Test
    void compareExchangeStoresOnlyOnMatchAndAlwaysLoadsTheOldValueIntoR0() {
        long[] hit = atomic(Size.DW, AtomicOp.CMPXCHG, 5, 9, 5);
        long[] miss = atomic(Size.DW, AtomicOp.CMPXCHG, 5, 9, 6);
        long[] hit32 = atomic(Size.W, AtomicOp.CMPXCHG, 0xffffffff_00000005L, 9, 0x77_00000005L);

        assertThat(hit[2]).isEqualTo(9);
        assertThat(hit[0]).isEqualTo(5);
        assertThat(miss[2]).isEqualTo(5);
        assertThat(miss[0]).isEqualTo(5);
        assertThat(hit32[2]).as("32-bit cmpxchg compares the low half of r0").isEqualTo(0xffffffff_00000009L);
        assertThat(hit32[0]).isEqualTo(5);
    }

    @Test
    void loadAcquireAndStoreReleaseMoveValuesOfEveryWidth() {
        byte[] mem = new byte[16];
        Vm vm = Vm.builder().build();
        vm.memory().map(new Region("value", mem, true), Vm.CONTEXT_ADDRESS);
        Program p = Program.of("acqrel", List.of(
                Instruction.of(Opcode.MOV64_IMM, 2, 0, 0, 0x1234),
                new Instruction(Opcode.ATOMIC_H.code(), 1, 2, 8, AtomicOp.STORE_RELEASE.code(), 0),
                new Instruction(Opcode.ATOMIC_H.code(), 0, 1, 8, AtomicOp.LOAD_ACQUIRE.code(), 0),
                new Instruction(Opcode.ATOMIC_B.code(), 3, 1, 9, AtomicOp.LOAD_ACQUIRE.code(), 0),
                Instruction.of(Opcode.ADD64_REG, 0, 3, 0, 0),
                Instruction.of(Opcode.EXIT, 0, 0, 0, 0)));

        assertThat(vm.run(p, Vm.CONTEXT_ADDRESS)).isEqualTo(0x1234 + 0x12);
    }

    @Test
    void misalignedAtomicTraps() {
        Vm vm = Vm.builder().build();
        vm.memory().map(new Region("value", new byte[16], true), Vm.CONTEXT_ADDRESS);
        Program p = Program.of("misaligned", new Assembler().mov64(R2, 1).atomic(Size.DW, AtomicOp.ADD, R1, 4, R2).mov64(R0, 0).exit().build());

        assertThatThrownBy(() -> vm.run(p, Vm.CONTEXT_ADDRESS)).isInstanceOf(TrapException.class).hasMessageStartingWith("misaligned atomic access of 8 bytes at 0x2000004");
    }

    @Test
    void atomicAddsFromConcurrentRunsOnSharedMemoryAreNotLost() throws Exception {
        // Four VMs on four threads share one region, as map values are shared; each adds 1 to a
        // counter 10,000 times per run, for 20 runs.
        byte[] shared = new byte[8];
        Region counter = new Region("counter", shared, true);
        Program p = Program.of("count", new Assembler()
                .mov64(R3, 10_000).mov64(R2, 1)
                .label("loop").atomic(Size.DW, AtomicOp.ADD, R1, 0, R2)
                .add64(R3, -1).jump(JumpOp.JNE, R3, 0, "loop")
                .mov64(R0, 0).exit().build());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> runs = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                runs.add(pool.submit(() -> {
                    Vm vm = Vm.builder().build();
                    vm.memory().map(counter, Vm.HEAP_BASE);
                    for (int i = 0; i < 20; i++) {
                        vm.run(p, Vm.HEAP_BASE);
                    }
                }));
            }
            for (Future<?> f : runs) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(ByteBuffer.wrap(shared).order(ByteOrder.LITTLE_ENDIAN).getLong(0)).isEqualTo(4L * 20 * 10_000);
    }
}
