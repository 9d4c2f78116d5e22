package org.ebpftest.runtime.linux.maps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.ebpftest.runtime.elf.ObjectSpec;
import org.ebpftest.runtime.linux.LoadedObject;
import org.ebpftest.runtime.linux.buffers.SkbInput;
import org.ebpftest.runtime.uapi.Errno;
import org.ebpftest.runtime.uapi.MapType;
import org.junit.jupiter.api.Test;

/**
 * Cgroup storage as test_run gives it (cgroup_storage.c): fresh zeroed storage for every run, none
 * for user space. Linux 6.18 answered the same: the program returns 1 on every run and records the
 * counts 1 and 3, the map dumps empty, an update fails with ENOENT and a delete with EINVAL
 * (CgroupStorageKernelTest compares the runs live).
 */
class CgroupStorageMapTest {
    private static final byte[] FRAME = new byte[60];

    static {
        FRAME[12] = 0x08;
    }

    static LoadedObject load() throws IOException {
        try (InputStream in = CgroupStorageMapTest.class.getResourceAsStream("/elf/cgroup_storage.o")) {
            return LoadedObject.load(ObjectSpec.parse("cgroup_storage.o", in.readAllBytes()));
        }
    }

    private static long out(LoadedObject o, int slot) {
        byte[] key = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(slot).array();
        return ByteBuffer.wrap(o.map("out").lookup(key).orElseThrow()).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    @Test
    void everyRunStartsFromZeroedStorage() throws IOException {
        LoadedObject storage = load();

        for (int run = 0; run < 3; run++) {
            assertThat(storage.run("count", SkbInput.of(FRAME)).retval()).as("run %d", run).isEqualTo(1);
            assertThat(out(storage, 0)).isEqualTo(1);
            assertThat(out(storage, 1)).isEqualTo(3);
        }
    }

    @Test
    void userSpaceFindsNoStorageAsNoCgroupIsAttached() throws IOException {
        LoadedObject storage = load();
        storage.run("count", SkbInput.of(FRAME));
        BpfMap counts = storage.map("counts");
        byte[] key = new byte[16];

        assertThat(counts.keys()).isEmpty();
        assertThat(counts.lookup(key)).isEmpty();
        MapOperationException update = catchThrowableOfType(() -> counts.update(key, new byte[8], 0), MapOperationException.class);
        assertThat(update.errno()).isEqualTo(Errno.ENOENT);
        MapOperationException delete = catchThrowableOfType(() -> counts.delete(key), MapOperationException.class);
        assertThat(delete.errno()).isEqualTo(Errno.EINVAL);
    }

    @Test
    void refusesDefinitionsAsCgroupStorageMapAllocDoes() {
        MapType shared = MapType.CGROUP_STORAGE_DEPRECATED;
        MapType percpu = MapType.PERCPU_CGROUP_STORAGE_DEPRECATED;

        assertThat(BpfMaps.create(MapDefinition.of("s", shared, 16, 65407, 0), 2)).isInstanceOf(CgroupStorageMap.class);
        assertThat(BpfMaps.create(MapDefinition.of("s", percpu, 8, 32768, 0), 2).isPerCpu()).isTrue();
        assertRefused(MapDefinition.of("s", shared, 12, 8, 0), Errno.EINVAL);
        assertRefused(MapDefinition.of("s", shared, 16, 8, 1), Errno.EINVAL);
        assertRefused(MapDefinition.of("s", shared, 16, 0, 0), Errno.EINVAL);
        assertRefused(MapDefinition.of("s", shared, 16, 65408, 0), Errno.E2BIG);
        assertRefused(MapDefinition.of("s", percpu, 16, 32769, 0), Errno.E2BIG);
    }

    private static void assertRefused(MapDefinition d, int errno) {
        assertThatThrownBy(() -> BpfMaps.create(d, 2)).isInstanceOf(MapCreationException.class)
                .extracting(e -> ((MapCreationException) e).errno()).isEqualTo(errno);
    }
}
