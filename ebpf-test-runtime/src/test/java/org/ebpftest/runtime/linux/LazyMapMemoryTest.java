package org.ebpftest.runtime.linux;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.ebpftest.runtime.elf.ObjectSpec;
import org.ebpftest.runtime.linux.buffers.SkbInput;
import org.ebpftest.runtime.linux.buffers.XdpInput;
import org.ebpftest.runtime.uapi.Errno;
import org.junit.jupiter.api.Test;

/**
 * Maps whose elements the kernel allocates on demand ({@code BPF_F_NO_PREALLOC} hashes, LPM tries)
 * cost the object's memory budget only for the chunks of values in use (lazy_maps.o: 16M entries of
 * 1 KiB values each, 16 GiB if preallocated).
 */
class LazyMapMemoryTest {
    /** Values per chunk: one 1 MiB address-space slot of 1 KiB values. */
    private static final int PER_CHUNK = 1024;
    /** What sparse is charged per chunk: 1 KiB values plus a 4-byte key, its chain link, hash and flag. */
    private static final long HASH_CHUNK = PER_CHUNK * (1024L + 4 + 4 + 4 + 1);
    /** What the object takes at load: sparse's 16M buckets of 4 bytes, and .bss (1 KiB fill + 3 longs). */
    private static final long AT_LOAD = (16L << 20) * 4 + 1048;

    private static ObjectSpec spec() throws IOException {
        try (InputStream in = LazyMapMemoryTest.class.getResourceAsStream("/elf/lazy_maps.o")) {
            return ObjectSpec.parse("lazy_maps.o", in.readAllBytes());
        }
    }

    private static byte[] packet(int key) {
        return ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN).putInt(0, key).array();
    }

    private static long global(LoadedObject o, String name) {
        return o.value(".bss", new byte[4]).orElseThrow().field(name).asLong();
    }

    private static long insert(LoadedObject o, String program, int key) {
        assertThat(o.run(program, XdpInput.of(packet(key))).retval()).isEqualTo(2);
        return global(o, "last_err");
    }

    @Test
    void noPreallocHashOf16MEntriesOfKilobyteValuesLoadsInASmallBudgetAndWorks() throws IOException {
        // given an object whose hash would take 16 GiB preallocated, loaded with a 96 MiB budget
        LoadedObject o = LoadedObject.loader(spec()).memoryBudget("96MiB").load();
        assertThat(o.memoryUsed()).isEqualTo(AT_LOAD);

        // when a program inserts keys far apart
        for (int key : new int[] {1, 5_000_000, 16_000_000}) {
            assertThat(insert(o, "insert", key)).isZero();
        }

        // then the values are there, from the host and from programs
        assertThat(o.map("sparse").size()).isEqualTo(3);
        byte[] key = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(5_000_000).array();
        assertThat(o.value("sparse", key).orElseThrow().field("words").index(0).asLong()).isEqualTo(5_000_000);
        assertThat(o.run("lookup_xdp", XdpInput.of(packet(16_000_000))).retval()).isEqualTo(2);
        assertThat(global(o, "last_word")).isEqualTo(16_000_000);
        assertThat(o.run("lookup_xdp", XdpInput.of(packet(2))).retval()).isEqualTo(1);
    }

    @Test
    void footprintGrowsChunkByChunkWithInsertsAndReusesDeletedElements() throws IOException {
        // given a freshly loaded object
        LoadedObject o = LoadedObject.loader(spec()).memoryBudget("96MiB").load();
        long sparseAtLoad = o.map("sparse").memoryFootprint();

        // when one element is inserted, then one chunk is charged, to the map and to the object
        assertThat(insert(o, "insert", 0)).isZero();
        assertThat(o.map("sparse").memoryFootprint()).isEqualTo(sparseAtLoad + HASH_CHUNK);
        assertThat(o.memoryUsed()).isEqualTo(AT_LOAD + HASH_CHUNK);

        // when the chunk fills up, nothing more is charged; one more element takes a second chunk
        for (int k = 1; k < PER_CHUNK; k++) {
            assertThat(insert(o, "insert", k)).isZero();
        }
        assertThat(o.memoryUsed()).isEqualTo(AT_LOAD + HASH_CHUNK);
        assertThat(insert(o, "insert", PER_CHUNK)).isZero();
        assertThat(o.memoryUsed()).isEqualTo(AT_LOAD + 2 * HASH_CHUNK);

        // when elements are deleted and others inserted, their memory is reused, not charged again
        byte[] key = new byte[4];
        for (int k = 0; k < 10; k++) {
            key[0] = (byte) k;
            assertThat(o.map("sparse").delete(key)).isTrue();
        }
        for (int k = 0; k < 10; k++) {
            assertThat(insert(o, "insert", 100_000 + k)).isZero();
        }
        assertThat(o.memoryUsed()).isEqualTo(AT_LOAD + 2 * HASH_CHUNK);
        assertThat(o.map("sparse").size()).isEqualTo(PER_CHUNK + 1);
    }

    @Test
    void anInsertPastTheObjectsBudgetFailsWithEnomemInTheProgram() throws IOException {
        // given a budget with room for one chunk of values and not two
        LoadedObject o = LoadedObject.loader(spec()).memoryBudget(AT_LOAD + HASH_CHUNK + HASH_CHUNK / 2).load();
        for (int k = 0; k < PER_CHUNK; k++) {
            assertThat(insert(o, "insert", k)).isZero();
        }

        // when the program inserts one more key, it gets -ENOMEM, as from the kernel's failed allocation
        assertThat(insert(o, "insert", PER_CHUNK)).isEqualTo(-Errno.ENOMEM);

        // then nothing was added or charged, and a deleted element's memory can take the new key
        assertThat(o.map("sparse").size()).isEqualTo(PER_CHUNK);
        assertThat(o.memoryUsed()).isEqualTo(AT_LOAD + HASH_CHUNK);
        assertThat(o.map("sparse").delete(new byte[] {5, 0, 0, 0})).isTrue();
        assertThat(insert(o, "insert", PER_CHUNK)).isZero();
        assertThat(o.run("lookup_xdp", XdpInput.of(packet(PER_CHUNK))).retval()).isEqualTo(2);
        assertThat(global(o, "last_word")).isEqualTo(PER_CHUNK);
    }

    @Test
    void valueAddressesAreStableAndTheSameInEveryVm() throws IOException {
        // given key 7 inserted, and its value looked up and written by an XDP program
        LoadedObject o = LoadedObject.loader(spec()).memoryBudget("96MiB").load();
        assertThat(insert(o, "insert", 7)).isZero();
        assertThat(o.run("lookup_xdp", XdpInput.of(packet(7))).retval()).isEqualTo(2);
        long address = global(o, "last_addr");

        // when a tc program (another VM) looks it up, then it sees the same address and the XDP write
        assertThat(o.run("lookup_tc", SkbInput.of(packet(7))).retval()).isZero();
        assertThat(global(o, "last_addr")).isEqualTo(address);
        assertThat(global(o, "last_word")).isEqualTo(~7L & 0xffff_ffffL);

        // when the map grows new chunks after both VMs exist, the tc VM reaches them on first touch
        // at the address the XDP VM has, and the first value has not moved
        for (int k = 100; k < 100 + 2 * PER_CHUNK; k++) {
            assertThat(insert(o, "insert", k)).isZero();
        }
        int last = 100 + 2 * PER_CHUNK - 1;
        assertThat(o.run("lookup_tc", SkbInput.of(packet(last))).retval()).isZero();
        long lastAddress = global(o, "last_addr");
        assertThat(o.run("lookup_xdp", XdpInput.of(packet(last))).retval()).isEqualTo(2);
        assertThat(global(o, "last_addr")).isEqualTo(lastAddress).isNotEqualTo(address);
        assertThat(global(o, "last_word")).isEqualTo(last);
        assertThat(o.run("lookup_xdp", XdpInput.of(packet(7))).retval()).isEqualTo(2);
        assertThat(global(o, "last_addr")).isEqualTo(address);
    }

    @Test
    void lpmTrieValuesGrowWithInsertsShareAddressesAndFailWithEnomemPastTheBudget() throws IOException {
        // given a budget with room for one chunk of trie values (1 KiB values, two nodes per slot) and not two
        long trieChunk = PER_CHUNK * (1024L + 2 * (64 + 4));
        LoadedObject o = LoadedObject.loader(spec()).memoryBudget(AT_LOAD + trieChunk + trieChunk / 2).load();

        // when routes are inserted by an XDP program, then the trie is charged chunk by chunk
        assertThat(insert(o, "insert_route", 0x0a00_0001)).isZero();
        assertThat(o.memoryUsed()).isEqualTo(AT_LOAD + trieChunk);
        assertThat(o.map("routes").memoryFootprint()).isEqualTo(trieChunk);

        // and a tc program finds the value at the address the XDP side would
        assertThat(o.run("lookup_route", SkbInput.of(packet(0x0a00_0001))).retval()).isZero();
        assertThat(global(o, "last_word")).isEqualTo(0x0a00_0001);
        long address = global(o, "last_addr");
        assertThat(o.run("lookup_route", SkbInput.of(packet(0x0a00_0001))).retval()).isZero();
        assertThat(global(o, "last_addr")).isEqualTo(address);

        // when the chunk is full (one slot is kept for a replacement), the next new route is -ENOMEM
        for (int k = 1; k < PER_CHUNK - 1; k++) {
            assertThat(insert(o, "insert_route", 0x0b00_0000 + k)).isZero();
        }
        assertThat(insert(o, "insert_route", 0x0c00_0000)).isZero();
        assertThat(o.map("routes").size()).isEqualTo(PER_CHUNK);
        assertThat(insert(o, "insert_route", 0x0d00_0000)).isEqualTo(-Errno.ENOMEM);
        assertThat(o.memoryUsed()).isEqualTo(AT_LOAD + trieChunk);
    }
}
