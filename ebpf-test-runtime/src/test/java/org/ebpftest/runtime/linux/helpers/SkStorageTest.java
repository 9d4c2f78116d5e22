package org.ebpftest.runtime.linux.helpers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import org.ebpftest.runtime.elf.ObjectSpec;
import org.ebpftest.runtime.linux.LinuxEnvironment;
import org.ebpftest.runtime.linux.LoadedObject;
import org.ebpftest.runtime.linux.buffers.SkbInput;
import org.ebpftest.runtime.linux.maps.BpfMaps;
import org.ebpftest.runtime.linux.maps.MapCreationException;
import org.ebpftest.runtime.linux.maps.MapDefinition;
import org.ebpftest.runtime.linux.maps.MapOperationException;
import org.ebpftest.runtime.linux.maps.SkStorageMap;
import org.ebpftest.runtime.linux.net.SocketTable.Socket;
import org.ebpftest.runtime.uapi.Errno;
import org.ebpftest.runtime.uapi.MapType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * sk_storage.c: socket storage on test_run's socket (what Linux 6.18 answered, SkStorageKernelTest
 * compares live) and on sockets of the environment's table, which keep their storage across runs.
 */
class SkStorageTest {
    private static final Path OBJECT = Path.of("src/test/resources/elf/sk_storage.o");

    /** An IPv4 TCP frame from 10.0.0.1 to 10.0.0.2. */
    static byte[] frame() {
        byte[] f = new byte[60];
        f[12] = 0x08;
        f[14] = 0x45;
        f[23] = 6;
        f[26] = 10;
        f[29] = 1;
        f[30] = 10;
        f[33] = 2;
        return f;
    }

    private static byte[] ip(String address) {
        try {
            return InetAddress.getByName(address).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static long out(LoadedObject object, int slot) {
        byte[] key = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(slot).array();
        return ByteBuffer.wrap(object.map("out").lookup(key).orElseThrow()).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    @Test
    void storageOnTestRunsSocketStartsAfreshEveryRun() {
        LoadedObject object = LoadedObject.load(OBJECT);

        int first = object.run("count", SkbInput.of(frame())).retval();
        int second = object.run("count", SkbInput.of(frame())).retval();

        assertThat(first).isEqualTo(1);
        assertThat(second).as("test_run frees its socket, and its storage, after each run").isEqualTo(1);
        assertThat(object.map("store", SkStorageMap.class).owners()).as("user space never sees test_run's socket").isEmpty();
    }

    @Test
    void getCreatesFromTheValueGivenAndDeleteAnswersAsTheKernel() {
        LoadedObject object = LoadedObject.load(OBJECT);

        assertThat(object.run("lifecycle", SkbInput.of(frame())).retval()).isZero();

        assertThat(out(object, 0)).as("get without F_CREATE finds nothing").isEqualTo(1);
        assertThat(out(object, 1)).as("delete of nothing").isEqualTo(-Errno.ENOENT);
        assertThat(out(object, 2)).as("created from the value given: count 7, seen 9").isEqualTo(709);
        assertThat(out(object, 3)).as("the same storage found again").isEqualTo(3);
        assertThat(out(object, 4)).as("flags above F_CREATE give NULL").isEqualTo(1);
        assertThat(out(object, 5)).isZero();
        assertThat(out(object, 6)).isEqualTo(-Errno.ENOENT);
        assertThat(out(object, 7)).isEqualTo(1);
    }

    @Test
    void testRunsSocketIsAFullSocketOfNoProtocolWithThePacketsAddresses() {
        LoadedObject object = LoadedObject.load(OBJECT);

        assertThat(object.run("sk_fields", SkbInput.of(frame())).retval()).isZero();

        assertThat(out(object, 8)).as("family AF_INET").isEqualTo(2);
        assertThat(out(object, 9)).as("state TCP_CLOSE").isEqualTo(7);
        assertThat(out(object, 10)).as("src_ip4 10.0.0.1").isEqualTo(0x0100000aL);
        assertThat(out(object, 11)).as("dst_ip4 10.0.0.2").isEqualTo(0x0200000aL);
        assertThat(out(object, 15)).as("rx_queue_mapping").isEqualTo(-1);
        assertThat(out(object, 16)).as("type").isZero();
        assertThat(out(object, 17)).as("protocol").isZero();
        assertThat(out(object, 20)).as("bpf_tcp_sock gives NULL").isEqualTo(1);
    }

    @Test
    void aTableSocketKeepsItsStorageAcrossRunsAndUserSpaceSeesIt() {
        LinuxEnvironment env = new LinuxEnvironment();
        Socket conn = Socket.tcp(ip("10.0.0.1"), 80, ip("10.0.0.9"), 40000);
        env.sockets().add(conn);
        LoadedObject object = LoadedObject.load(ObjectSpec.load(OBJECT), env);

        int first = object.run("lookup_count", SkbInput.of(frame())).retval();
        int second = object.run("lookup_count", SkbInput.of(frame())).retval();
        int third = object.run("count", SkbInput.of(frame()).withSocket(conn)).retval();

        assertThat(first).isEqualTo(1);
        assertThat(second).isEqualTo(2);
        assertThat(third).as("skb->sk is the socket the test named").isEqualTo(3);
        SkStorageMap store = object.map("store", SkStorageMap.class);
        assertThat(store.storage(conn)).hasValueSatisfying(v -> assertThat(v[0]).isEqualTo((byte) 3));
        assertThat(store.owners()).containsExactly(conn);
    }

    @Test
    void userSpaceSetsAndDeletesStorageBySocketNotByDescriptor() {
        LinuxEnvironment env = new LinuxEnvironment();
        Socket conn = Socket.tcp(ip("10.0.0.1"), 80, ip("10.0.0.9"), 40000);
        env.sockets().add(conn);
        LoadedObject object = LoadedObject.load(ObjectSpec.load(OBJECT), env);
        SkStorageMap store = object.map("store", SkStorageMap.class);

        store.setStorage(conn, new byte[] {41, 0, 0, 0, 0, 0, 0, 0});
        int counted = object.run("lookup_count", SkbInput.of(frame())).retval();

        assertThat(counted).isEqualTo(42);
        assertThat(store.deleteStorage(conn)).isTrue();
        assertThat(store.deleteStorage(conn)).isFalse();
        assertThatThrownBy(() -> store.lookup(new byte[4])).isInstanceOf(MapOperationException.class).hasMessageContaining("EBADF");
    }

    @ParameterizedTest(name = "flags {0} entries {1} key {2} value {3}")
    @CsvSource({
        "1, 0, 4, 8, ",
        "513, 0, 4, 65407, ",
        "0, 0, 4, 8, 22",
        "1, 1, 4, 8, 22",
        "1, 0, 8, 8, 22",
        "1, 0, 4, 0, 22",
        "9, 0, 4, 8, 22",
        "1, 0, 4, 65408, 7",
    })
    void checksDefinitionsAsBpfLocalStorageMapAllocCheckDoes(int flags, long entries, int key, int value, Integer errno) {
        MapDefinition def = MapDefinition.of("s", MapType.SK_STORAGE, key, value, entries).withFlags(flags);

        Integer refused;
        try {
            BpfMaps.create(def, 1);
            refused = null;
        } catch (MapCreationException e) {
            refused = e.errno();
        }

        assertThat(refused).isEqualTo(errno);
    }

    @Test
    void aSocketNotInTheTableIsRefusedNamingIt() {
        LoadedObject object = LoadedObject.load(OBJECT);
        Socket stranger = Socket.tcp(ip("10.0.0.1"), 80, ip("10.0.0.9"), 40000);

        assertThatThrownBy(() -> object.run("count", SkbInput.of(frame()).withSocket(stranger)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not in the environment's socket table");
    }
}
