package org.ebpftest.runtime.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import org.ebpftest.runtime.elf.ObjectSpec;
import org.ebpftest.runtime.linux.LoadedObject;
import org.ebpftest.runtime.linux.buffers.SkbInput;
import org.ebpftest.runtime.linux.maps.BpfMaps;
import org.ebpftest.runtime.linux.maps.MapCreationException;
import org.ebpftest.runtime.linux.maps.MapDefinition;
import org.ebpftest.runtime.uapi.MapType;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** cgroup_storage.c and cgroup storage map definitions in this machine's kernel and in the emulator. */
@Tag("kernel")
class CgroupStorageKernelTest {
    private static byte[] object() throws IOException {
        try (InputStream in = CgroupStorageKernelTest.class.getResourceAsStream("/elf/cgroup_storage.o")) {
            return in.readAllBytes();
        }
    }

    private static void kernelAvailable() {
        assumeTrue(KernelOracle.unavailableReason().isEmpty(),
                () -> "kernel comparison skipped: " + KernelOracle.unavailableReason().orElse(""));
    }

    @Test
    void everyRunSeesFreshStorageInTheKernelAndTheEmulator() throws Exception {
        kernelAvailable();
        byte[] frame = new byte[60];
        frame[12] = 0x08;
        LoadedObject emulated = LoadedObject.load(ObjectSpec.parse("cgroup_storage.o", object()));
        try (KernelOracle kernel = KernelOracle.load(object(), "cgroup_storage")) {
            for (int run = 0; run < 2; run++) {
                assertThat((long) emulated.run("count", SkbInput.of(frame)).retval()).as("run %d", run)
                        .isEqualTo(kernel.run("count", frame).returnValue());
            }
            assertThat(kernel.dumpMap("counts").replaceAll("\\s", "")).as("the kernel's storage seen from user space").isEqualTo("[]");
            assertThat(emulated.map("counts").keys()).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0} key {1} value {2} entries {3}")
    @CsvSource({
        "cgroup_storage, 16, 65407, 0, ",
        "cgroup_storage, 8, 8, 0, ",
        "cgroup_storage, 12, 8, 0, 22",
        "cgroup_storage, 16, 8, 1, 22",
        "cgroup_storage, 16, 65408, 0, 7",
        "percpu_cgroup_storage, 16, 32768, 0, ",
        "percpu_cgroup_storage, 16, 32769, 0, 7",
    })
    void createsAndRefusesDefinitionsAsTheKernelDoes(String type, int key, int value, long entries, Integer errno) throws Exception {
        kernelAvailable();
        Optional<String> kernel = KernelOracle.createMap("type", type, "key", Integer.toString(key), "value", Integer.toString(value),
                "entries", Long.toString(entries));
        MapType t = type.startsWith("percpu") ? MapType.PERCPU_CGROUP_STORAGE_DEPRECATED : MapType.CGROUP_STORAGE_DEPRECATED;
        Optional<Integer> emulated;
        try {
            BpfMaps.create(MapDefinition.of("probe", t, key, value, entries), 2);
            emulated = Optional.empty();
        } catch (MapCreationException e) {
            emulated = Optional.of(e.errno());
        }

        assertThat(kernel.isPresent()).as("the kernel refuses it: %s", kernel).isEqualTo(errno != null);
        assertThat(emulated).isEqualTo(Optional.ofNullable(errno));
    }
}
