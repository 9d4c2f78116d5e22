package org.ebpftest.runtime.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.ebpftest.runtime.elf.ObjectSpec;
import org.ebpftest.runtime.elf.ProgramType;
import org.ebpftest.runtime.isa.Instruction;
import org.ebpftest.runtime.isa.Opcode;
import org.ebpftest.runtime.linux.buffers.XdpInput;
import org.ebpftest.runtime.linux.maps.ArenaMap;
import org.ebpftest.runtime.linux.maps.BpfMaps;
import org.ebpftest.runtime.linux.maps.MapCreationException;
import org.ebpftest.runtime.linux.maps.MapDefinition;
import org.ebpftest.runtime.linux.verifier.Verification;
import org.ebpftest.runtime.linux.verifier.Verifier;
import org.ebpftest.runtime.uapi.Errno;
import org.ebpftest.runtime.uapi.MapFlags;
import org.ebpftest.runtime.uapi.MapType;
import org.ebpftest.runtime.vm.JitMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * BPF arena maps (arena.c, arena_globals.c): pages allocated, freed and reserved by the arena
 * kfuncs, reached through addr_space_cast pointers, with faults on missing pages reading zero; the
 * interpreter and the JIT answer alike.
 */
class ArenaTest {
    private static final long USER_START = 0x4000_0000L;

    static byte[] object(String name) throws IOException {
        try (InputStream in = ArenaTest.class.getResourceAsStream("/elf/" + name)) {
            return in.readAllBytes();
        }
    }

    private static LoadedObject load(String name, JitMode jit) throws IOException {
        return LoadedObject.loader(ObjectSpec.parse(name, object(name))).jit(jit).load();
    }

    private static int run(LoadedObject loaded, String program) {
        return loaded.run(program, XdpInput.of(new byte[64])).retval();
    }

    @ParameterizedTest
    @EnumSource(value = JitMode.class, names = {"OFF", "ON"})
    void allocatesWritesFreesAndReallocatesTheLowestFreePage(JitMode jit) throws IOException {
        // given arena.o, whose arena of 4 pages starts at map_extra 0x40000000
        LoadedObject loaded = load("arena.o", jit);

        // when alloc_write_read allocates two pages, frees the second and allocates again
        int retval = run(loaded, "alloc_write_read");

        // then every step held (100 + the first page's value 10), and page 0 and 1 are allocated
        assertThat(retval).isEqualTo(110);
        ArenaMap arena = (ArenaMap) loaded.map("arena");
        assertThat(arena.userStart()).isEqualTo(USER_START);
        assertThat(arena.allocatedPages()).isEqualTo(2);
        assertThat(ByteBuffer.wrap(arena.read(0, 4)).order(ByteOrder.LITTLE_ENDIAN).getInt()).isEqualTo(10);
    }

    @ParameterizedTest
    @EnumSource(value = JitMode.class, names = {"OFF", "ON"})
    void answersEachArenaProgramAsLinuxDoes(JitMode jit) throws IOException {
        // given arena.o, loaded afresh for each program
        // then more pages than the arena has are refused, a fixed address is honoured once, reserved
        // pages are skipped and drop stores, and a pointer keeps its offset through the casts
        assertThat(run(load("arena.o", jit), "too_many_pages")).isEqualTo(2);
        assertThat(run(load("arena.o", jit), "fixed_address")).isEqualTo(5);
        assertThat(run(load("arena.o", jit), "reserve_then_alloc")).isEqualTo(10);
        assertThat(run(load("arena.o", jit), "casts_keep_the_offset")).isEqualTo(100 + 42);
    }

    @Test
    void placesArenaGlobalsAtTheArenasStartWherePagesFollowThem() throws IOException {
        // given arena_globals.o: int __arena counter = 5 and int __arena *last, no map_extra
        LoadedObject loaded = load("arena_globals.o", JitMode.OFF);
        ArenaMap arena = (ArenaMap) loaded.map("arena");

        // when bump_counter runs twice
        int first = run(loaded, "bump_counter");
        int second = run(loaded, "bump_counter");

        // then the counter grew in the arena's first page, and last points at the page the second run
        // allocated (page 2: page 0 holds the globals), which holds the counter's value then
        ByteBuffer globals = ByteBuffer.wrap(arena.read(0, 16)).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(first).isEqualTo(15);
        assertThat(second).isEqualTo(25);
        assertThat(globals.getInt(0)).isEqualTo(25);
        long last = globals.getLong(8);
        assertThat(arena.userStart()).isEqualTo(ArenaMap.DEFAULT_USER_START);
        assertThat(arena.offsetOf(last)).isEqualTo(2L * ArenaMap.PAGE_SIZE);
        assertThat(ByteBuffer.wrap(arena.read(arena.offsetOf(last), 4)).order(ByteOrder.LITTLE_ENDIAN).getInt()).isEqualTo(15);
    }

    @Test
    void disassemblesTheCastAsLlvmObjdumpDoes() throws IOException {
        // given alloc_write_read, which casts its arena pointers before each access
        String listing = ObjectSpec.parse("arena.o", object("arena.o")).program("alloc_write_read").listing();

        // then the cast reads as llvm-objdump prints it
        assertThat(listing).contains("r8 = addr_space_cast(r7, 0x0, 0x1)");
    }

    @Test
    void theVerifierRefusesACastInAProgramWithoutAnArena() {
        // given r0 = addr_space_cast(r1, 0x0, 0x1) in a program that references no arena map
        List<Instruction> program = List.of(Instruction.of(Opcode.MOV64_REG, 0, 1, 1, 1), Instruction.of(Opcode.MOV64_IMM, 0, 0, 0, 0),
                Instruction.of(Opcode.EXIT, 0, 0, 0, 0));

        // when it is verified
        Verification v = Verifier.verify("cast", ProgramType.XDP, program, List.of());

        // then Linux's reason is given at the cast
        assertThat(v.accepted()).isFalse();
        assertThat(v.pc()).isZero();
        assertThat(v.message()).isEqualTo("addr_space_cast insn can only be used in a program that has an associated arena");
    }

    @Test
    void refusesArenaDefinitionsTheKernelRefuses() {
        // given arenas without BPF_F_MMAPABLE, with a key, and crossing a 4 GiB boundary
        MapDefinition noMmap = new MapDefinition("a", MapType.ARENA, 0, 0, 4, 0, 0, -1);
        MapDefinition keyed = new MapDefinition("a", MapType.ARENA, 4, 0, 4, MapFlags.BPF_F_MMAPABLE, 0, -1);
        MapDefinition crossing = new MapDefinition("a", MapType.ARENA, 0, 0, 4, MapFlags.BPF_F_MMAPABLE, 0xffff_f000L, -1);

        // then creation fails with the kernel's errno
        assertThatThrownBy(() -> BpfMaps.create(noMmap)).isInstanceOf(MapCreationException.class).hasMessageContaining("BPF_F_MMAPABLE");
        assertThatThrownBy(() -> BpfMaps.create(keyed)).isInstanceOfSatisfying(MapCreationException.class,
                e -> assertThat(e.errno()).isEqualTo(Errno.EINVAL));
        assertThatThrownBy(() -> BpfMaps.create(crossing)).isInstanceOfSatisfying(MapCreationException.class,
                e -> assertThat(e.errno()).isEqualTo(Errno.ERANGE));
    }

    @Test
    void hostWritesAndReadsPagesByOffsetAllocatingThemAsAFaultInTheMappingDoes() {
        // given an empty arena of 2 pages
        ArenaMap arena = (ArenaMap) BpfMaps.create(new MapDefinition("a", MapType.ARENA, 0, 0, 2, MapFlags.BPF_F_MMAPABLE, 0, -1));

        // when user space writes across the page boundary
        arena.write(ArenaMap.PAGE_SIZE - 2, new byte[] {1, 2, 3, 4});

        // then both pages are allocated and read back; past the end is EFAULT
        assertThat(arena.allocatedPages()).isEqualTo(2);
        assertThat(arena.read(ArenaMap.PAGE_SIZE - 2, 4)).containsExactly(1, 2, 3, 4);
        assertThatThrownBy(() -> arena.read(2L * ArenaMap.PAGE_SIZE - 1, 2)).hasMessageContaining("EFAULT");
    }
}
