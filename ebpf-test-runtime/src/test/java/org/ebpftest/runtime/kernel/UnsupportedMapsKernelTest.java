package org.ebpftest.runtime.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import org.ebpftest.runtime.elf.ObjectSpec;
import org.ebpftest.runtime.linux.LoadedObject;
import org.ebpftest.runtime.linux.buffers.XdpInput;
import org.ebpftest.runtime.linux.maps.MapCreationException;
import org.ebpftest.runtime.linux.maps.UnsupportedMap;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** unsupported_maps.c: maps of types the emulator does not model load, and fail where they are used. */
class UnsupportedMapsKernelTest {
    private static final String OBJECT = "unsupported_maps.o";

    private static byte[] object() throws IOException {
        try (InputStream in = UnsupportedMapsKernelTest.class.getResourceAsStream("/elf/" + OBJECT)) {
            return in.readAllBytes();
        }
    }

    @Test
    void runsAProgramBesideMapsThatAreNotEmulated() throws IOException {
        LoadedObject loaded = LoadedObject.load(ObjectSpec.parse(OBJECT, object()));

        assertThat(loaded.run("ignores_them", XdpInput.of(new byte[64])).retval()).isEqualTo(2);
        assertThat(loaded.map("sessions")).isInstanceOf(UnsupportedMap.class);
    }

    @Test
    void everyHostUseNamesTheMapItsTypeAndWhatIsMissing() throws IOException {
        LoadedObject loaded = LoadedObject.load(ObjectSpec.parse(OBJECT, object()));

        assertThatThrownBy(() -> loaded.map("sessions").lookup(new byte[4]))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessage("lookup on map \"sessions\" of type task_storage: the emulator has no model of task_storage maps"
                        + " (it loads them so that runs that do not use them work)");
        assertThatThrownBy(() -> loaded.map("commands").update(new byte[4], new byte[4], 0))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageStartingWith("update on map \"commands\" of type cgrp_storage");
        assertThatThrownBy(() -> loaded.map("commands").lookupAddress(new byte[4], 0, 0))
                .hasMessageStartingWith("bpf_map_lookup_elem on map \"commands\" of type cgrp_storage");
    }

    @Test
    void aStrictLoadRefusesThem() throws IOException {
        ObjectSpec spec = ObjectSpec.parse(OBJECT, object());

        assertThatThrownBy(() -> LoadedObject.loader(spec).strict().load())
                .isInstanceOf(MapCreationException.class)
                .hasMessageContaining("this map type is not emulated");
    }

    @Test
    @Tag("kernel")
    void answersAsTheKernelDoes() throws Exception {
        assumeTrue(KernelOracle.unavailableReason().isEmpty(),
                () -> "kernel comparison skipped: " + KernelOracle.unavailableReason().orElse(""));
        byte[] object = object();
        LoadedObject emulated = LoadedObject.load(ObjectSpec.parse(OBJECT, object));
        try (KernelOracle kernel = KernelOracle.load(object, "unsupported_maps")) {
            long expected = kernel.run("ignores_them", new byte[64]).returnValue();

            assertThat(emulated.run("ignores_them", XdpInput.of(new byte[64])).retval()).isEqualTo(expected);
        }
    }
}
