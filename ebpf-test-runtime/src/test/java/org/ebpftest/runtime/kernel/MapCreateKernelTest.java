package org.ebpftest.runtime.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.ebpftest.runtime.uapi.Errno;
import org.ebpftest.runtime.uapi.MapType;
import org.ebpftest.runtime.linux.maps.BpfMaps;
import org.ebpftest.runtime.linux.maps.MapCreationException;
import org.ebpftest.runtime.linux.maps.MapDefinition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Map definitions at the edge of the u32 sizes, created by the kernel ({@code bpftool map create})
 * and by the emulator: both must refuse with the same errno. None of them makes the kernel
 * allocate anything large, since each fails its type's checks before allocation.
 */
@Tag("kernel")
class MapCreateKernelTest {
    private static final Map<String, Integer> STRERROR = Map.of(
            "Argument list too long", Errno.E2BIG,
            "Invalid argument", Errno.EINVAL,
            "Cannot allocate memory", Errno.ENOMEM);

    @BeforeAll
    static void kernelAvailable() {
        assumeTrue(KernelOracle.unavailableReason().isEmpty(),
                () -> "kernel comparison skipped: " + KernelOracle.unavailableReason().orElse(""));
    }

    @ParameterizedTest(name = "{0} key {1} value {2} entries {3} flags {4}")
    @CsvSource({
        "percpu_array, 4, 2147483647, 1, 0",
        "percpu_array, 4, 2147483648, 1, 0",
        "array, 4, 4294967295, 1, 0",
        "hash, 4, 4294967295, 1, 0",
        "percpu_hash, 4, 2147483647, 1, 0",
        "hash, 4294967295, 8, 1, 0",
        "queue, 0, 4294967295, 1, 0",
        "bloom_filter, 0, 4294967295, 1, 0",
        "stack_trace, 4, 64, 4294967295, 0",
        "lpm_trie, 8, 4294967295, 1, 1",
        "sockhash, 4294967295, 8, 1, 0",
        "devmap, 4, 4294967295, 1, 0",
    })
    void emulatorRefusesOversizedDefinitionsWithTheKernelsErrno(String type, long key, long value, long entries, int flags)
            throws IOException, InterruptedException {
        Optional<String> kernel = KernelOracle.createMap("type", type, "key", Long.toString(key), "value", Long.toString(value),
                "entries", Long.toString(entries), "flags", Integer.toString(flags));
        assertThat(kernel).as("the kernel refuses it").isPresent();
        Integer kernelErrno = STRERROR.entrySet().stream().filter(e -> kernel.get().contains(e.getKey()))
                .map(Map.Entry::getValue).findFirst().orElseThrow(() -> new AssertionError("unknown error: " + kernel.get()));

        MapDefinition d = MapDefinition.of("probe", MapType.valueOf(type.toUpperCase(Locale.ROOT)), (int) key, (int) value, entries)
                .withFlags(flags);
        assertThatThrownBy(() -> BpfMaps.create(d, 2)).isInstanceOf(MapCreationException.class)
                .extracting(e -> ((MapCreationException) e).errno()).isEqualTo(kernelErrno);
    }

    @Test
    void kernelVerifierRefusesSubmittingAPointerMovedOffTheReservedSample() throws IOException {
        // The emulator traps on these programs at run time (RingBufMisuseTest); the kernel refuses to load them.
        byte[] object;
        try (InputStream in = MapCreateKernelTest.class.getResourceAsStream("/elf/ringbuf_misuse.o")) {
            object = in.readAllBytes();
        }
        assertThatThrownBy(() -> KernelOracle.load(object, "ringbuf_misuse").close())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("must have zero offset when passed to release func");
    }
}
