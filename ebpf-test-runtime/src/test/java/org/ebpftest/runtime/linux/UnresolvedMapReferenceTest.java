package org.ebpftest.runtime.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.ebpftest.runtime.InvalidProgramException;
import org.ebpftest.runtime.elf.ObjectSpec;
import org.ebpftest.runtime.linux.buffers.XdpInput;
import org.junit.jupiter.api.Test;

/**
 * bad_map_fd.c: a map reference no map answers, or an instruction the emulator cannot decode, refuses
 * its program only, as Linux loads programs one by one.
 */
class UnresolvedMapReferenceTest {
    private static final Path OBJECT = Path.of("src/test/resources/elf/bad_map_fd.o");

    @Test
    void theOtherProgramsOfTheObjectLoadAndRun() {
        LoadedObject object = LoadedObject.load(OBJECT);

        assertThat(object.run("good", XdpInput.of(new byte[64])).retval()).isEqualTo(2);
    }

    @Test
    void usingTheProgramNamesTheReference() {
        LoadedObject object = LoadedObject.load(OBJECT);

        assertThatThrownBy(() -> object.run("bad_fd", XdpInput.of(new byte[64])))
                .isInstanceOf(InvalidProgramException.class)
                .hasMessage("program bad_fd cannot be loaded: bad_map_fd.o: MAP_FD reference 1 at pc 0 names no map of the object");
    }

    @Test
    void runsMayGotoWithOffsetZeroAsLinuxDoes() {
        LoadedObject object = LoadedObject.load(OBJECT);

        assertThat(object.run("uses_may_goto", XdpInput.of(new byte[64])).retval()).as("XDP_PASS, as this machine's kernel answers").isEqualTo(2);
        assertThat(object.run("good", XdpInput.of(new byte[64])).retval()).isEqualTo(2);
    }

    @Test
    void aStrictLoadRefusesTheObject() {
        ObjectSpec spec = ObjectSpec.load(OBJECT);

        assertThatThrownBy(() -> LoadedObject.loader(spec).strict().load())
                .isInstanceOf(InvalidProgramException.class)
                .hasMessageContaining("MAP_FD reference 1 at pc 0 names no map of the object");
    }
}
