package org.ebpftest.runtime.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.ebpftest.runtime.btf.KernelStructs;
import org.ebpftest.runtime.elf.ObjectSpec;
import org.ebpftest.runtime.isa.Instruction;
import org.ebpftest.runtime.linux.buffers.SkbInput;
import org.ebpftest.runtime.linux.maps.BpfMap;
import org.ebpftest.runtime.linux.maps.BpfMaps;
import org.ebpftest.runtime.linux.maps.MapDefinition;
import org.ebpftest.runtime.uapi.MapFlags;
import org.ebpftest.runtime.uapi.MapType;
import org.ebpftest.runtime.vm.Region;
import org.ebpftest.runtime.vm.TrapException;
import org.ebpftest.runtime.vm.Vm;
import org.junit.jupiter.api.Test;

/** Fields of struct bpf_map read through a map pointer (map_fields.c; MapFieldsKernelTest compares with the kernel). */
class MapFieldsTest {
    private static final Path OBJECT = Path.of("src/test/resources/elf/map_fields.o");

    /** Loaded with the verifier on: it accepts reads of the map's struct as Linux's does. */
    private static LoadedObject load() {
        return LoadedObject.loader(ObjectSpec.load(OBJECT)).load();
    }

    private static byte[] frame() {
        byte[] frame = new byte[60];
        frame[12] = 0x08;
        frame[14] = 0x45;
        return frame;
    }

    private static long out(LoadedObject object, int slot) {
        byte[] key = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(slot).array();
        return ByteBuffer.wrap(object.map("out").lookup(key).orElseThrow()).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    @Test
    void readsWhatEachMapWasCreatedWithThroughItsPointer() {
        LoadedObject object = load();

        int retval = object.run("read_fields", SkbInput.of(frame())).retval();

        assertThat(retval).as("flows.max_entries + lru.max_entries").isEqualTo(7 + 33);
        assertThat(out(object, 0)).as("flows map_type").isEqualTo(MapType.HASH.id());
        assertThat(out(object, 1)).as("flows key_size").isEqualTo(4);
        assertThat(out(object, 2)).as("flows value_size").isEqualTo(8);
        assertThat(out(object, 3)).as("flows max_entries").isEqualTo(7);
        assertThat(out(object, 4)).as("flows map_flags").isEqualTo(MapFlags.BPF_F_NO_PREALLOC);
        assertThat(out(object, 5)).as("flows numa_node, NUMA_NO_NODE sign-extended").isEqualTo(-1L);
        assertThat(out(object, 8)).as("lru map_type").isEqualTo(MapType.LRU_HASH.id());
        assertThat(out(object, 9)).as("lru key_size").isEqualTo(6);
        assertThat(out(object, 10)).as("lru value_size").isEqualTo(10);
        assertThat(out(object, 11)).as("lru max_entries").isEqualTo(33);
        assertThat(out(object, 12)).as("lru has no BTF key type").isZero();
        assertThat(out(object, 14)).as("out max_entries through struct bpf_array's map").isEqualTo(32);
        assertThat(out(object, 16)).as("ids are positive and differ").isEqualTo(1);
        assertThat(out(object, 17)).as("flows is not frozen").isZero();
        assertThat(out(object, 19)).as("flows' hash, computed only when user space asks for it").isZero();
    }

    @Test
    void runsAProgramWhoseFieldOfNoKernelIsReadOnlyWhereCoreSaysItExists() {
        LoadedObject object = load();

        assertThat(object.run("dead_field", SkbInput.of(frame())).retval()).as("flows key_size").isEqualTo(4);
        assertThat(object.spec().program("dead_field").instructions()).as("libbpf's poison in the dead branch")
                .contains(Instruction.corePoison());
    }

    @Test
    void trapsNamingAKernelPointerFieldItDoesNotModel() {
        LoadedObject object = load();

        assertThatThrownBy(() -> object.run("read_ops", SkbInput.of(frame())))
                .isInstanceOf(TrapException.class)
                .hasMessageContaining("load of 8 bytes at offset 40 of struct bpf_map of map \"flows\"")
                .hasMessageContaining("the field ops is kernel state");
    }

    @Test
    void laysOutNameIdAndFrozenAsTheKernelsStruct() {
        BpfMap config = BpfMaps.create(MapDefinition.of("config", MapType.ARRAY, 4, 8, 1).withFlags(MapFlags.BPF_F_RDONLY | MapFlags.BPF_F_RDONLY_PROG), 1);
        BpfMap other = BpfMaps.create(MapDefinition.of("other", MapType.QUEUE, 0, 4, 3), 1);
        config.freeze();

        Region r = MapStructs.region(List.of(other, config), List.of(MapStructs.Facts.of(other), new MapStructs.Facts("obj.rodata", 0, 12, 0)));

        ByteBuffer b = ByteBuffer.wrap(r.bytes()).order(ByteOrder.LITTLE_ENDIAN);
        int second = Vm.MAP_POINTER_STRIDE;
        assertThat(b.getInt(second + KernelStructs.bpfMapOffset("id"))).isEqualTo(2);
        assertThat(b.getInt(second + KernelStructs.bpfMapOffset("map_flags"))).as("BPF_F_RDONLY belongs to the fd, not the map")
                .isEqualTo(MapFlags.BPF_F_RDONLY_PROG);
        assertThat(b.get(second + KernelStructs.bpfMapOffset("frozen"))).isEqualTo((byte) 1);
        assertThat(b.getInt(second + KernelStructs.bpfMapOffset("btf_value_type_id"))).isEqualTo(12);
        assertThat(new String(r.bytes(), second + KernelStructs.bpfMapOffset("name"), 10, StandardCharsets.US_ASCII)).isEqualTo("obj.rodata");
        assertThat(b.getInt(KernelStructs.bpfMapOffset("map_type"))).isEqualTo(MapType.QUEUE.id());
        assertThat(r.guard().check(second + KernelStructs.bpfMapOffset("max_entries"), 4, true)).contains("programs may only read");
        assertThat(r.guard().check(KernelStructs.BPF_MAP_SIZE, 4, false)).contains("struct bpf_map is 296 bytes");
        assertThat(r.guard().check(KernelStructs.bpfMapOffset("max_entries"), 8, false)).contains("runs past the field max_entries");
        assertThat(r.guard().check(KernelStructs.bpfMapOffset("max_entries") + 2, 2, false)).isNull();
    }
}
