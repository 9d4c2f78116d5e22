package org.ebpftest.runtime.linux.helpers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.ebpftest.runtime.elf.ObjectSpec;
import org.ebpftest.runtime.linux.LinuxEnvironment;
import org.ebpftest.runtime.linux.LoadedObject;
import org.ebpftest.runtime.linux.buffers.XdpInput;
import org.ebpftest.runtime.linux.net.XdpRxMetadata;
import org.ebpftest.runtime.vm.TrapException;
import org.junit.jupiter.api.Test;

/**
 * The kfuncs of XDP programs that need no kernel state (xdp_kfuncs.o): the rx metadata kfuncs
 * answered from the values the test gives, and bpf_cast_to_kern_ctx.
 */
class KfuncsTest {
    private static final int EOPNOTSUPP = 95;
    private static final int ENODATA = 61;

    private static ObjectSpec spec() throws IOException {
        try (InputStream in = KfuncsTest.class.getResourceAsStream("/elf/xdp_kfuncs.o")) {
            return ObjectSpec.parse("xdp_kfuncs.o", in.readAllBytes());
        }
    }

    private static byte[] packet(int firstByte) {
        byte[] p = new byte[60];
        p[0] = (byte) firstByte;
        return p;
    }

    /** Runs rx_meta and returns its io record. */
    private static ByteBuffer rxMeta(LinuxEnvironment env) throws IOException {
        LoadedObject kfuncs = LoadedObject.load(spec(), env);
        assertThat(kfuncs.run("rx_meta", XdpInput.of(packet(0))).retval()).isEqualTo(2);
        return ByteBuffer.wrap(kfuncs.map("io").lookup(new byte[4]).orElseThrow()).order(ByteOrder.LITTLE_ENDIAN);
    }

    @Test
    void rxMetadataKfuncsAnswerEopnotsuppWithoutMetadataAsADeviceWithoutThem() throws IOException {
        ByteBuffer io = rxMeta(new LinuxEnvironment());

        assertThat(io.getLong(0)).as("rx_hash").isEqualTo(-EOPNOTSUPP);
        assertThat(io.getLong(16)).as("rx_timestamp").isEqualTo(-EOPNOTSUPP);
        assertThat(io.getLong(32)).as("rx_vlan_tag").isEqualTo(-EOPNOTSUPP);
        assertThat(io.getInt(8)).as("hash left alone").isZero();
    }

    @Test
    void rxMetadataKfuncsAnswerEnodataForMetadataTheFrameLacks() throws IOException {
        ByteBuffer io = rxMeta(new LinuxEnvironment().setXdpRxMetadata(XdpRxMetadata.none().withTimestamp(1_700_000_000_123L)));

        assertThat(io.getLong(0)).as("rx_hash").isEqualTo(-ENODATA);
        assertThat(io.getLong(16)).as("rx_timestamp").isZero();
        assertThat(io.getLong(24)).as("timestamp").isEqualTo(1_700_000_000_123L);
        assertThat(io.getLong(32)).as("rx_vlan_tag").isEqualTo(-ENODATA);
    }

    @Test
    void rxMetadataKfuncsWriteTheValuesTheTestGave() throws IOException {
        ByteBuffer io = rxMeta(new LinuxEnvironment().setXdpRxMetadata(XdpRxMetadata.none()
                .withHash(0xcafe1234, 0x21).withTimestamp(42).withVlan(0x8100, 0x2005)));

        assertThat(io.getLong(0)).isZero();
        assertThat(io.getInt(8)).as("hash").isEqualTo(0xcafe1234);
        assertThat(io.getInt(12)).as("hash type").isEqualTo(0x21);
        assertThat(io.getLong(24)).as("timestamp").isEqualTo(42);
        assertThat(io.getLong(32)).isZero();
        assertThat(io.order(ByteOrder.BIG_ENDIAN).getShort(40)).as("vlan_proto, network order").isEqualTo((short) 0x8100);
        assertThat(io.order(ByteOrder.LITTLE_ENDIAN).getShort(42)).as("vlan_tci").isEqualTo((short) 0x2005);
    }

    @Test
    void castToKernCtxGivesAPointerWhoseFieldsTrapNamingTheKernelStruct() throws IOException {
        LoadedObject kfuncs = LoadedObject.load(spec());

        assertThat(kfuncs.run("kern_ctx", XdpInput.of(packet(0))).retval()).as("a non-null pointer").isEqualTo(2);
        TrapException trap = catchThrowableOfType(() -> kfuncs.run("kern_ctx", XdpInput.of(packet(1))), TrapException.class);
        assertThat(trap.kind()).isEqualTo(TrapException.Kind.MEMORY);
        assertThat(trap.detail()).contains("of struct xdp_buff (from bpf_cast_to_kern_ctx): the fields of kernel structs are not emulated");
    }

    @Test
    void aStrictLoadAcceptsTheKfuncsTheEmulatorAnswers() throws IOException {
        LoadedObject strict = LoadedObject.loader(spec()).strict().load();

        assertThat(strict.run("kern_ctx", XdpInput.of(packet(0))).retval()).isEqualTo(2);
        assertThat(Kfuncs.names()).contains("bpf_xdp_metadata_rx_hash", "bpf_cast_to_kern_ctx", "bpf_rdonly_cast");
    }
}
