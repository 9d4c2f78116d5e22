package org.ebpftest.runtime.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.io.InputStream;
import org.ebpftest.runtime.elf.ObjectSpec;
import org.ebpftest.runtime.linux.maps.MapCreationException;
import org.ebpftest.runtime.uapi.Errno;
import org.junit.jupiter.api.Test;

/** One memory budget for all the maps of a loaded object, checked before any map is created. */
class MemoryBudgetTest {

    private static ObjectSpec spec(String name) throws IOException {
        try (InputStream in = MemoryBudgetTest.class.getResourceAsStream("/elf/" + name)) {
            return ObjectSpec.parse(name, in.readAllBytes());
        }
    }

    @Test
    void fourHashesOf16MEntriesAreRefusedAtLoadNamingEachMapAndItsSize() throws IOException {
        // given big_maps.o: four hashes of 16M entries, each within the 1 GiB one map may take (the
        // BPF_F_NO_PREALLOC one is charged only its buckets at load; its elements come later)
        ObjectSpec spec = spec("big_maps.o");

        // when it is loaded with the default budget
        MapCreationException e = catchThrowableOfType(() -> LoadedObject.load(spec), MapCreationException.class);

        // then the load is refused with ENOMEM before any heap is spent, naming every map and its size
        assertThat(e.errno()).isEqualTo(Errno.ENOMEM);
        assertThat(e.getMessage()).contains("the maps of big_maps.o need ").contains("more than its memory budget of 1 GiB")
                .contains("flows (hash, 464 MiB)", "sparse (hash, 64 MiB)", "recent (lru_hash, 672 MiB)", "seen (lru_hash, 672 MiB)")
                .contains("LoadedObject.Loader.memoryBudget").contains("@BpfObject(memoryBudget = ...)");
    }

    @Test
    void aBudgetSetAtLoadRefusesWhatTheDefaultAllows() throws IOException {
        // given maps.o, which loads with the default budget
        ObjectSpec spec = spec("maps.o");
        assertThat(LoadedObject.loader(spec).load().maps()).isNotEmpty();

        // when its loader sets a 1 KiB budget, then the load is refused naming the budget
        assertThatThrownBy(() -> LoadedObject.loader(spec).memoryBudget("1KiB").load())
                .isInstanceOf(MapCreationException.class).hasMessageContaining("more than its memory budget of 1 KiB");
        assertThat(LoadedObject.loader(spec).memoryBudget(64L << 20).load().maps()).isNotEmpty();
    }

    @Test
    void parsesSizesWithBinaryUnitsAndRefusesOthers() {
        assertThat(MemoryBudget.parse("512MiB")).isEqualTo(512L << 20);
        assertThat(MemoryBudget.parse(" 2 GiB ")).isEqualTo(2L << 30);
        assertThat(MemoryBudget.parse("64KiB")).isEqualTo(64L << 10);
        assertThat(MemoryBudget.parse("4096")).isEqualTo(4096);
        assertThatThrownBy(() -> MemoryBudget.parse("512MB")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("memory budget \"512MB\" is not a size; write bytes or a whole number of KiB, MiB or GiB, such as \"512MiB\"");
        assertThatThrownBy(() -> MemoryBudget.parse("4GiB")).hasMessage("memory budget \"4GiB\" is too large; the most is 3 GiB");
        assertThatThrownBy(() -> MemoryBudget.parse("0")).hasMessageContaining("must be 1 byte to 3 GiB");
        assertThatThrownBy(() -> LoadedObject.loader(null)).isInstanceOf(NullPointerException.class);
    }
}
