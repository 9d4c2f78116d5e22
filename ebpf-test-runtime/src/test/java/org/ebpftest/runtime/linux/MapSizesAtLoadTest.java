package org.ebpftest.runtime.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.ebpftest.runtime.elf.ObjectSpec;
import org.ebpftest.runtime.elf.ProgramType;
import org.ebpftest.runtime.linux.buffers.XdpInput;
import org.ebpftest.runtime.linux.maps.MapCreationException;
import org.ebpftest.runtime.linux.maps.RingBufMap;
import org.junit.jupiter.api.Test;

/**
 * sized_at_load.c: maps declared without max_entries are sized by the test before load, as
 * libbpf's {@code bpf_map__set_max_entries} sizes them between open and load; as declared, Linux
 * refuses them ({@code bpftool prog loadall} fails creating "slots" with EINVAL), and so does the load here.
 */
class MapSizesAtLoadTest {
    private static ObjectSpec spec() {
        return ObjectSpec.load(Path.of("src/test/resources/elf/sized_at_load.o"));
    }

    @Test
    void refusesMapsWithoutASizeAsLinuxDoes() {
        assertThatThrownBy(() -> LoadedObject.load(spec()))
                .isInstanceOf(MapCreationException.class)
                .hasMessageContaining("cannot create map \"slots\" of type array");
    }

    @Test
    void createsTheMapsWithTheSizesTheTestSets() {
        // given the ring buffer and the array sized before load
        LoadedObject object = LoadedObject.loader(spec()).maxEntries("events", 4096).maxEntries("slots", 4).load();

        // when the program runs, slot 3 exists and the record reaches the ring buffer
        assertThat(object.run("fill", XdpInput.of(new byte[64])).retval()).isEqualTo(1);
        assertThat(object.map("slots").maxEntries()).isEqualTo(4);
        assertThat(((RingBufMap) object.map("events")).drainRecords()).hasSize(1);

        // and an array of three has no slot 3
        LoadedObject small = LoadedObject.loader(spec()).maxEntries("events", 4096).maxEntries("slots", 3).load();
        assertThat(small.run("fill", XdpInput.of(new byte[64])).retval()).isEqualTo(2);
    }

    @Test
    void setsValueSizeKeySizeAndFlags() {
        LoadedObject object = LoadedObject.loader(spec()).maxEntries("events", 4096).maxEntries("slots", 4)
                .valueSize("slots", 16).mapFlags("slots", 0x400).load();

        assertThat(object.map("slots").valueSize()).isEqualTo(16);
        // BPF_F_NO_PREALLOC (1) is for hashes: an array refuses it, as Linux does
        assertThatThrownBy(() -> LoadedObject.loader(spec()).maxEntries("events", 4096).maxEntries("slots", 4).mapFlags("slots", 1).load())
                .isInstanceOf(MapCreationException.class)
                .hasMessageContaining("flags 0x1");
        // a key size an array does not take is refused at creation, as Linux refuses it
        assertThatThrownBy(() -> LoadedObject.loader(spec()).maxEntries("events", 4096).maxEntries("slots", 4).keySize("slots", 8).load())
                .isInstanceOf(MapCreationException.class)
                .hasMessageContaining("cannot create map \"slots\" of type array");
    }

    @Test
    void namesTheMapsWhenNoneHasTheName() {
        assertThatThrownBy(() -> LoadedObject.loader(spec()).maxEntries("event", 4096))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("sized_at_load.o has no map \"event\"; its maps: [slots, events]");
    }

    @Test
    void keepsTheObjectsExternsWhenAProgramIsTypedExplicitly() {
        // externs.o reads LINUX_KERNEL_VERSION; typing its program explicitly must not lose the extern
        ObjectSpec externs = ObjectSpec.load(Path.of("src/test/resources/elf/externs.o"));
        LoadedObject object = LoadedObject.loader(externs).programType("kernel_version", ProgramType.XDP).load();

        assertThat(object.run("kernel_version", XdpInput.of(new byte[64])).retval()).isEqualTo(0x612);
    }
}
