package org.ebpftest.runtime.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.ebpftest.runtime.btf.BtfKind;
import org.ebpftest.runtime.btf.CoreTarget;
import org.ebpftest.runtime.btf.KernelBtf;
import org.ebpftest.runtime.elf.ObjectSpec;
import org.ebpftest.runtime.linux.LoadedObject;
import org.ebpftest.runtime.linux.buffers.XdpInput;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * core_kernel_target.c: CO-RE relocations that only the kernel's BTF answers (a type the program
 * alone declares, minimal local definitions of {@code sk_buff}, {@code nf_conn} and
 * {@code bpf_map}, flavoured enum values), resolved against the emulated kernel's BTF as libbpf
 * resolves them against {@code /sys/kernel/btf/vmlinux}.
 */
class CoreKernelTargetKernelTest {
    private static final String OBJECT = "core_kernel_target.o";
    private static final Path VMLINUX = Path.of("/sys/kernel/btf/vmlinux");

    private static byte[] object() throws IOException {
        try (InputStream in = CoreKernelTargetKernelTest.class.getResourceAsStream("/elf/" + OBJECT)) {
            return in.readAllBytes();
        }
    }

    private static long run(LoadedObject object, String program) {
        return object.run(program, XdpInput.of(new byte[64])).retval();
    }

    @Test
    void answersWithTheKernelsLayoutsNotTheLocalOnes() throws IOException {
        // given the object resolved against the default target, the emulated kernel's BTF
        LoadedObject object = LoadedObject.load(ObjectSpec.parse(OBJECT, object()));

        // then each answer is Linux 6.18's (bpftool prog run of the same object on this machine)
        Map<String, Long> expected = new LinkedHashMap<>();
        expected.put("type_exists", 0L | 1 << 1 | 1 << 2); // only_in_this_program: 0; sk_buff, nf_conn: 1
        expected.put("skb_offsets", 164L | 112 << 16); // sk_buff's mark and len
        expected.put("skb_sizes", 224L | 4 << 16); // sizeof(struct sk_buff), sizeof len
        expected.put("skb_signed", 1L); // skb_iif is an int in the kernel, mark a __u32
        expected.put("field_exists", 0L | 1 << 1); // no_such_field: 0, len: 1
        expected.put("conn_offsets", 168L | 128 << 16); // nf_conn's mark and status
        expected.put("enum_values", 181L | 1 << 17); // BPF_FUNC_loop is 181; no_such_helper does not exist
        expected.put("map_fields", 7L | 4 << 8 | 8 << 16); // read from the emulator's struct bpf_map at the kernel's offsets
        for (Map.Entry<String, Long> e : expected.entrySet()) {
            assertThat(run(object, e.getKey())).as(e.getKey()).isEqualTo(e.getValue());
        }
        assertThat(run(object, "type_id")).as("type_id").isEqualTo(KernelBtf.vmlinux().find("sk_buff", BtfKind.STRUCT).orElseThrow().id());
    }

    @Test
    void answersWithTheLocalLayoutsAgainstTheObjectsOwnBtf() throws IOException {
        // given the fallback target, the object's own BTF
        LoadedObject object = LoadedObject.load(ObjectSpec.parse(OBJECT, object(), CoreTarget.objectBtf()));

        // then the local types exist and have their local offsets, except the struct the emulator lays out
        assertThat(run(object, "type_exists")).isEqualTo(0b111);
        assertThat(run(object, "skb_offsets")).isEqualTo(0L | 8 << 16);
        assertThat(run(object, "map_fields")).isEqualTo(7L | 4 << 8 | 8 << 16);
    }

    @Test
    @Tag("kernel")
    void answersAsTheKernelDoes() throws Exception {
        assumeTrue(KernelOracle.unavailableReason().isEmpty(),
                () -> "kernel comparison skipped: " + KernelOracle.unavailableReason().orElse(""));
        // resolved against this machine's BTF, as libbpf resolves them here; and against the shipped
        // BTF when this machine runs the kernel it was taken from
        LoadedObject thisKernel = LoadedObject.load(ObjectSpec.parse(OBJECT, object(), CoreTarget.file(VMLINUX)));
        LoadedObject shipped = releaseMatches() ? LoadedObject.load(ObjectSpec.parse(OBJECT, object())) : null;
        try (KernelOracle kernel = KernelOracle.load(object(), "core_kernel_target")) {
            for (String program : new String[] {"type_exists", "skb_offsets", "skb_sizes", "skb_signed", "field_exists", "conn_offsets",
                    "enum_values", "type_id", "map_fields"}) {
                long answer = kernel.run(program, new byte[64]).returnValue();
                assertThat(run(thisKernel, program)).as(program + " against " + VMLINUX).isEqualTo(answer);
                if (shipped != null) {
                    assertThat(run(shipped, program)).as(program + " against the shipped BTF").isEqualTo(answer);
                }
            }
        }
    }

    @Test
    @Tag("kernel")
    void shipsThisKernelsBtfWhenItRunsTheSameRelease() throws IOException {
        assumeTrue(Files.isReadable(VMLINUX), "no " + VMLINUX);
        assumeTrue(releaseMatches(), () -> "this machine runs " + release() + ", the shipped BTF is " + KernelBtf.release()
                + "'s (src/main/btf/build.sh regenerates it on a 6.18 machine)");
        byte[] shipped;
        try (InputStream in = new GZIPInputStream(KernelBtf.class.getResourceAsStream("vmlinux.btf.gz"));
                ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            in.transferTo(out);
            shipped = out.toByteArray();
        }
        assertThat(shipped).isEqualTo(Files.readAllBytes(VMLINUX));
    }

    private static String release() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/osrelease")).trim();
        } catch (IOException e) {
            return "an unknown release";
        }
    }

    private static boolean releaseMatches() {
        return release().equals(KernelBtf.release());
    }
}
