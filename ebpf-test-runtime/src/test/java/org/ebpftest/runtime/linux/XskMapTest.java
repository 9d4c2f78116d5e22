package org.ebpftest.runtime.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.ebpftest.runtime.elf.ObjectSpec;
import org.ebpftest.runtime.linux.buffers.XdpInput;
import org.ebpftest.runtime.vm.TrapException;
import org.junit.jupiter.api.Test;

/** xskmap.c: lookups in an xskmap (XskMapKernelTest compares them with the kernel). */
class XskMapTest {
    private static final Path OBJECT = Path.of("src/test/resources/elf/xskmap.o");

    private static byte[] packet(int key) {
        byte[] p = new byte[64];
        p[0] = (byte) key;
        return p;
    }

    @Test
    void findsNoSocketInAnEmptySlot() {
        LoadedObject object = LoadedObject.load(ObjectSpec.load(OBJECT));

        assertThat(object.run("queue_of_slot", XdpInput.of(packet(0))).retval()).isEqualTo(1);
        assertThat(object.run("queue_of_slot", XdpInput.of(packet(3))).retval()).isEqualTo(1);
    }

    @Test
    void findsNoSocketPastTheEnd() {
        LoadedObject object = LoadedObject.load(ObjectSpec.load(OBJECT));

        assertThat(object.run("queue_of_slot", XdpInput.of(packet(9))).retval()).isEqualTo(1);
    }

    @Test
    void trapsNamingTheSocketItDoesNotModelWhereASlotIsFilled() {
        LoadedObject object = LoadedObject.load(ObjectSpec.load(OBJECT));
        object.map("sockets").update(new byte[] {2, 0, 0, 0}, new byte[] {7, 0, 0, 0}, 0);

        assertThatThrownBy(() -> object.run("queue_of_slot", XdpInput.of(packet(2))))
                .isInstanceOf(TrapException.class)
                .hasMessageContaining("bpf_map_lookup_elem on xskmap \"sockets\": slot 2 holds an AF_XDP socket (struct xdp_sock),"
                        + " which the emulator does not model");
    }
}
