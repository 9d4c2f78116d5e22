package org.ebpftest.skeleton;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.ebpftest.runtime.linux.LoadedObject;
import org.ebpftest.runtime.linux.buffers.XdpInput;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bytes SkeletonGeneratorTest checks the generated records against are the kernel's: layouts.o's
 * write_record run through BPF_PROG_TEST_RUN ({@code bpftool prog run}) stores, at key 1 of
 * {@code records}, exactly what it stores in the emulator. Needs root, bpftool and a BPF filesystem;
 * skips saying which is missing.
 */
@Tag("kernel")
class LayoutsKernelTest {
    private static final Path BPFFS = Path.of("/sys/fs/bpf");

    @TempDir
    Path work;

    @Test
    void theRecordWriteRecordStoresIsTheSameInTheKernelAndTheEmulator() throws Exception {
        Path bpftool = Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .map(d -> Path.of(d, "bpftool")).filter(Files::isExecutable).findFirst().orElse(null);
        assumeThat(System.getProperty("user.name")).as("root (BPF_PROG_TEST_RUN needs CAP_BPF and CAP_SYS_ADMIN)").isEqualTo("root");
        assumeThat(bpftool).as("bpftool on the PATH").isNotNull();
        assumeThat(Files.isWritable(BPFFS)).as("a writable BPF filesystem at /sys/fs/bpf").isTrue();
        Path object = Path.of(LayoutsKernelTest.class.getClassLoader().getResource("skeleton/layouts.o").toURI());
        Path frame = Files.write(work.resolve("frame.bin"), new byte[64]);
        String pin = "ebpftest_skeleton_" + ProcessHandle.current().pid();
        Path progs = BPFFS.resolve(pin);
        Path maps = BPFFS.resolve(pin + "_maps");
        try {
            // Given layouts.o loaded into the kernel and write_record run once on a 64-byte frame
            Files.createDirectories(maps);
            run(bpftool.toString(), "prog", "loadall", object.toString(), progs.toString(), "pinmaps", maps.toString());
            run(bpftool.toString(), "prog", "run", "pinned", progs.resolve("write_record").toString(), "data_in", frame.toString());
            JsonNode entries = new ObjectMapper().readTree(run(bpftool.toString(), "map", "dump", "pinned", maps.resolve("records").toString(), "-j"));

            // When the emulator runs it too
            LoadedObject emulated = LoadedObject.load(object);
            emulated.run("write_record", XdpInput.of(new byte[64]));

            // Then the record at key 1 has the same bytes in both
            byte[] kernel = null;
            for (JsonNode e : entries) {
                if (bytes(e.get("key"))[0] == 1) {
                    kernel = bytes(e.get("value"));
                }
            }
            assertThat(kernel).as("the kernel's record at key 1").isNotNull();
            assertThat(emulated.map("records").lookup(new byte[] {1, 0, 0, 0}).orElseThrow()).isEqualTo(kernel);
        } finally {
            delete(progs);
            delete(maps);
        }
    }

    private static byte[] bytes(JsonNode hexList) {
        byte[] out = new byte[hexList.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(hexList.get(i).asText().substring(2), 16);
        }
        return out;
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(String.join(" ", command) + ":\n" + out).isZero();
        return out;
    }

    private static void delete(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.forEach(files::add);
        }
        for (Path f : files) {
            Files.delete(f);
        }
        Files.delete(dir);
    }
}
