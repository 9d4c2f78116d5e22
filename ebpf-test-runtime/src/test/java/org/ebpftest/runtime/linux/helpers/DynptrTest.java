package org.ebpftest.runtime.linux.helpers;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.ebpftest.runtime.elf.ObjectSpec;
import org.ebpftest.runtime.linux.LoadedObject;
import org.ebpftest.runtime.linux.RunResult;
import org.ebpftest.runtime.linux.buffers.SkbInput;
import org.ebpftest.runtime.linux.buffers.XdpInput;
import org.junit.jupiter.api.Test;

/**
 * Dynptrs (dynptr.c, dynptr_rdwr.c). The values asserted for dynptr.c are the ones Linux 6.18 gave
 * (DynptrKernelTest compares the whole record with the kernel where it can run), so they are
 * checked on machines without a kernel too.
 */
class DynptrTest {
    private static final long EINVAL = -22;
    private static final long E2BIG = -7;
    private static final long ERANGE = -34;

    private static LoadedObject load(String name) throws IOException {
        try (InputStream in = DynptrTest.class.getResourceAsStream("/elf/" + name)) {
            return LoadedObject.load(ObjectSpec.parse(name, in.readAllBytes()));
        }
    }

    /** An IPv4 frame whose other bytes count up in steps of 7 from 3. */
    private static byte[] frame(int length) {
        byte[] f = new byte[length];
        for (int i = 0; i < length; i++) {
            f[i] = (byte) (i * 7 + 3);
        }
        f[12] = 0x08;
        f[13] = 0x00;
        return f;
    }

    private static long[] slots(LoadedObject o) {
        ByteBuffer b = ByteBuffer.wrap(o.map("out").lookup(new byte[4]).orElseThrow()).order(ByteOrder.LITTLE_ENDIAN);
        long[] s = new long[32];
        for (int i = 0; i < 32; i++) {
            s[i] = b.getLong(8 * i);
        }
        return s;
    }

    @Test
    void skbDynptrReadsWritesAndAdjustsAsTheKernelDid() throws IOException {
        LoadedObject dynptr = load("dynptr.o");

        RunResult r = dynptr.run("dynptr_tc", SkbInput.of(frame(60)));

        long[] o = slots(dynptr);
        assertThat(o[30]).as("bpf_dynptr_from_skb with flags").isEqualTo(EINVAL);
        assertThat(o[31]).as("which leaves a null dynptr").isEqualTo(1);
        assertThat(o[29]).as("whose size is -EINVAL as a u32").isEqualTo(0xffffffeaL);
        assertThat(o[0]).as("size: skb->len").isEqualTo(60);
        assertThat(o[3]).as("the EtherType through a slice").isEqualTo(8);
        assertThat(o[4]).as("a direct pointer, not the buffer").isZero();
        assertThat(o[8]).as("4 bytes read at 14").isEqualTo(0x7a736c65);
        assertThat(o[9]).as("a read past the end").isEqualTo(E2BIG);
        assertThat(o[10]).as("a read with flags").isEqualTo(EINVAL);
        assertThat(o[11]).as("bpf_dynptr_data of a packet dynptr").isZero();
        assertThat(o[15]).as("the clone adjusted to [14, 34)").isEqualTo(20);
        assertThat(o[16]).as("the original keeps its size").isEqualTo(60);
        assertThat(o[18]).as("the clone reads from 14").isEqualTo(0x7a736c65);
        assertThat(o[19]).as("start after end").isEqualTo(EINVAL);
        assertThat(o[20]).as("end past the size").isEqualTo(ERANGE);
        assertThat(o[22]).as("bpf_skb_store_bytes's flags checked").isEqualTo(EINVAL);
        byte[] out = r.packet();
        assertThat(out[6]).as("bpf_dynptr_write at 6").isEqualTo((byte) 0xaa);
        assertThat(out[33]).as("the clone's write at its 18").isEqualTo((byte) 0xbb);
    }

    @Test
    void xdpDynptrSlicesAcrossFragmentsIntoTheBuffer() throws IOException {
        LoadedObject dynptr = load("dynptr.o");

        RunResult r = dynptr.run("dynptr_xdp", XdpInput.of(frame(4000)));

        long[] o = slots(dynptr);
        assertThat(o[0]).as("size: the whole frame, fragments included").isEqualTo(4000);
        assertThat(o[23]).as("a slice across the linear part's end is the buffer").isEqualTo(1);
        assertThat(o[24]).as("and NULL without one").isZero();
        assertThat(o[25]).as("bpf_dynptr_read across it").isZero();
        assertThat(o[26]).as("bytes 3520 to 3527").isEqualTo(0x746d665f58514a43L);
        assertThat(o[27]).as("bpf_dynptr_write across it").isZero();
        assertThat(r.packet()[3511]).as("written back across the boundary").isEqualTo((byte) (3513 * 7 + 3));
    }

    @Test
    void memoryDynptrGivesPointersIntoTheMapValue() throws IOException {
        LoadedObject dynptr = load("dynptr.o");

        dynptr.run("dynptr_mem", SkbInput.of(frame(60)));

        long[] o = slots(dynptr);
        assertThat(o[1]).isEqualTo(16);
        assertThat(o[2]).as("bpf_dynptr_from_mem with flags").isEqualTo(EINVAL);
        assertThat(o[4]).as("bpf_dynptr_data's pointer").isEqualTo(1);
        assertThat(o[6]).as("a write with flags").isEqualTo(EINVAL);
        assertThat(o[8]).as("bytes 0 to 3 after writing 7, 8 at 1").isEqualTo(0x04080701);
        assertThat(o[9]).as("written through bpf_dynptr_data").isEqualTo(0x44);
        assertThat(o[12]).as("the view adjusted to [4, 8)").isEqualTo(0x08070644);
        assertThat(o[13]).as("bpf_dynptr_data past the adjusted end").isZero();
        assertThat(o[14]).as("a slice of memory").isEqualTo(6);
    }

    @Test
    void writableSlicesWriteThePacketUnlessTheDynptrIsReadOnly() throws IOException {
        LoadedObject rdwr = load("dynptr_rdwr.o");

        RunResult tc = rdwr.run("rdwr_tc", SkbInput.of(frame(60)));
        RunResult socket = rdwr.run("rdwr_socket", SkbInput.of(frame(60)));

        assertThat(tc.retval()).isEqualTo(1);
        assertThat(tc.packet()[0]).isEqualTo((byte) 0x5a);
        assertThat(socket.retval()).as("a socket filter's skb dynptr is read-only").isZero();
    }

    @Test
    void aWritableSliceInsideAnXdpFragmentWritesTheFragment() throws IOException {
        LoadedObject rdwr = load("dynptr_rdwr.o");

        assertThat(rdwr.run("rdwr_xdp", XdpInput.of(frame(60))).retval()).as("offset 3600 is past a short frame").isEqualTo(1);
        // the slice at 3600 points into the first fragment (bytes 3520 on), as bpf_xdp_pointer answers
        RunResult r = rdwr.run("rdwr_xdp", XdpInput.of(frame(4000)));

        assertThat(r.retval()).isEqualTo(3);
        assertThat(r.packet()[0]).isEqualTo((byte) 0x5a);
        assertThat(r.packet()[3600]).isEqualTo((byte) 0x5a);
    }
}
