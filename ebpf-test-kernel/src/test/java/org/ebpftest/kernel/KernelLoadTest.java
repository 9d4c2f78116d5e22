package org.ebpftest.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ebpftest.kernel.KernelAvailable.EXAMPLES;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Loading into the kernel: static program-array initialisers, verifier refusals with C lines, BTF. */
@Tag("kernel")
class KernelLoadTest {

    @BeforeEach
    void needsKernel() {
        KernelAvailable.assumeKernel();
    }

    @Test
    void fillsProgramArraySlotsFromTheStaticInitialiser() {
        try (KernelObject pipeline = KernelObject.load(EXAMPLES.resolve("xdp_pipeline.o"))) {
            KernelMap table = pipeline.map("jmp_table");
            assertThat(table.lookup(u32(0))).isEmpty();

            pipeline.loadProgram("xdp_policy");

            assertThat(pipeline.isLoaded("xdp_action")).isTrue();
            assertThat(pipeline.isLoaded("xdp_pipeline")).isFalse();
            long filled = table.keys().stream().filter(k -> table.lookup(k).isPresent()).count();
            assertThat(filled).isEqualTo(pipeline.spec().map("jmp_table").initialReferences().size()).isEqualTo(2);
        }
    }

    @Test
    void refusalCarriesTheVerifierLogWithCLines() throws Exception {
        Path object = Path.of(KernelLoadTest.class.getResource("/ringbuf_misuse.o").toURI());
        try (KernelObject misuse = KernelObject.load(object)) {
            assertThatThrownBy(() -> misuse.loadProgram("submit_moved"))
                    .isInstanceOfSatisfying(VerifierRefusedException.class, e -> {
                        assertThat(e.program()).isEqualTo("submit_moved");
                        assertThat(e.errno()).isEqualTo(22);
                        assertThat(e.log()).contains("R1 must have zero offset when passed to release func");
                    })
                    .hasMessageStartingWith("kernel refused program [submit_moved] of [ringbuf_misuse.o] (xdp): ")
                    .hasMessageContaining("verifier log:\n")
                    .hasMessageContaining("; ringbuf_misuse.c:19  bpf_ringbuf_submit(sample + 7, 0);\n");
            assertThat(misuse.isLoaded("submit_moved")).isFalse();
        }
    }

    @Test
    void loadsAMinimalBtfBlobAndRefusesABadMagic() {
        byte[] strings = "\0int\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        ByteBuffer btf = ByteBuffer.allocate(24 + 16 + strings.length).order(ByteOrder.nativeOrder());
        btf.putShort((short) 0xeb9f).put((byte) 1).put((byte) 0).putInt(24).putInt(0).putInt(16).putInt(16).putInt(strings.length);
        btf.putInt(1).putInt(1 << 24).putInt(4).putInt(32);   // [1] INT 'int' size 4, 32 bits
        btf.put(strings);
        byte[] good = btf.array();

        int fd = Bpf.btfLoad(good);
        Syscalls.close(fd);
        byte[] bad = good.clone();
        bad[0] = 0;

        assertThat(fd).isPositive();
        assertThatThrownBy(() -> Bpf.btfLoad(bad)).isInstanceOfSatisfying(KernelException.class, e -> assertThat(e.errno()).isEqualTo(22))
                .hasMessageStartingWith("BPF_BTF_LOAD of 45 bytes");
    }

    private static byte[] u32(int v) {
        return ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(v).array();
    }
}
