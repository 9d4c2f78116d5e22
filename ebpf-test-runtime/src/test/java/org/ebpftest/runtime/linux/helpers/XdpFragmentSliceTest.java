package org.ebpftest.runtime.linux.helpers;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.ebpftest.runtime.elf.ObjectSpec;
import org.ebpftest.runtime.linux.LoadedObject;
import org.ebpftest.runtime.linux.buffers.XdpInput;
import org.junit.jupiter.api.Test;

/**
 * Dynptr slices of a 9014-byte XDP frame (3520 linear bytes, then fragments of 4096 and 1398) with
 * xdp_frag_slice.c. The return values are Linux 6.18's, from bpftool prog run on the same frames:
 * a slice inside a fragment points into the fragment (no 1000 for "the buffer"), one across the
 * boundary between the linear part and the first fragment is copied into the buffer, and without a
 * buffer that one is NULL (3). XdpFragmentSliceKernelTest asks the kernel again where it can.
 */
class XdpFragmentSliceTest {
    /** A 9014-byte IPv4 frame of bytes (7 i + 3), the slice offset at bytes 14..17. */
    static byte[] frame(int offset) {
        byte[] b = new byte[9014];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (i * 7 + 3);
        }
        b[12] = 8;
        b[13] = 0;
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(14, offset);
        return b;
    }

    static LoadedObject load() throws Exception {
        try (InputStream in = XdpFragmentSliceTest.class.getResourceAsStream("/elf/xdp_frag_slice.o")) {
            return LoadedObject.load(ObjectSpec.parse("xdp_frag_slice.o", in.readAllBytes()));
        }
    }

    @Test
    void slicesInsideFragmentsPointIntoThemAndSlicesAcrossTheBoundaryAreCopied() throws Exception {
        LoadedObject object = load();
        int[] offsets = {20, 3516, 3520, 5000, 8000, 9000};
        long[] read = {335, 1127, 183, 423, 439, 103};
        long[] noBuffer = {257, 3, 181, 301, 309, 141};
        for (int i = 0; i < offsets.length; i++) {
            // when each program slices 8 bytes at the offset
            long r = object.run("slice_read", XdpInput.of(frame(offsets[i]))).returnValue();
            long n = object.run("slice_no_buffer", XdpInput.of(frame(offsets[i]))).returnValue();

            // then it reads what the kernel's program read, through the same kind of pointer
            assertThat(new long[] {r, n}).as("offset %d", offsets[i]).containsExactly(read[i], noBuffer[i]);
        }
    }
}
