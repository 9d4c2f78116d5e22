package org.ebpftest.runtime.linux.helpers;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.EnumSet;
import org.ebpftest.runtime.linux.ContextType;
import org.ebpftest.runtime.linux.KernelRun;
import org.ebpftest.runtime.uapi.Errno;
import org.ebpftest.runtime.vm.Memory;
import org.ebpftest.runtime.vm.Region;
import org.ebpftest.runtime.vm.Vm;

/**
 * The open-coded bits iterator of kernel/bpf/helpers.c: {@code bpf_iter_bits_new},
 * {@code bpf_iter_bits_next} and {@code bpf_iter_bits_destroy}, kfuncs every program type may call.
 *
 * <p>The iterator is the kernel's {@code struct bpf_iter_bits_kern} in the program's 16 bytes: the
 * words themselves when there is one (64 bits), else the address of a copy the kernel allocates
 * ({@code bpf_mem_alloc}), then {@code nr_bits} and the current {@code bit}, whose address
 * {@code next} returns. The words are copied at {@code new} as {@code bpf_probe_read_kernel} reads
 * them, so a bad address gives -EFAULT (-ERANGE below the kernel half for a copy of several words,
 * as the kernel's nofault copy answers) and an empty iterator. The limits are the kernel's: at most
 * 511 words ({@code BITS_ITER_NR_WORDS_MAX}, else -E2BIG), and none or a NULL pointer is -EINVAL.
 * A copy of several words is a region of its own in the VM's memory until {@code destroy}.
 */
final class BitsIterator {
    /** BITS_ITER_NR_WORDS_MAX. */
    static final int NR_WORDS_MAX = 511;
    private static final int NR_BITS = 8;
    private static final int BIT = 12;

    private BitsIterator() {
    }

    static void register() {
        EnumSet<ContextType> all = EnumSet.allOf(ContextType.class);
        Kfuncs.register("bpf_iter_bits_new", all, BitsIterator::create);
        Kfuncs.register("bpf_iter_bits_next", all, BitsIterator::next);
        Kfuncs.register("bpf_iter_bits_destroy", all, BitsIterator::destroy);
    }

    private static long create(KernelRun run, long it, long unsafePtr, long nrWords, long r4, long r5) {
        Memory m = run.vm().memory();
        // nr_bits = nr_words * 64 in u32 arithmetic, as the kernel computes it
        int words = (int) nrWords;
        int nrBits = words * 64;
        store(m, it, 0, 0, -1);
        if (unsafePtr == 0 || words == 0) {
            return -Errno.EINVAL;
        }
        if (Integer.compareUnsigned(words, NR_WORDS_MAX) > 0) {
            return -Errno.E2BIG;
        }
        byte[] bytes = MiscHelpers.probeKernel(run, unsafePtr, words * 8);
        if (nrBits == 64) {
            if (bytes == null) {
                return -Errno.EFAULT;
            }
            store(m, it, ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong(), nrBits, -1);
            return 0;
        }
        if (bytes == null) {
            return MiscHelpers.probeKernelFailure(unsafePtr);
        }
        Region copy = new Region("bpf_iter_bits copy of " + words + " words (bpf_mem_alloc)", bytes, false);
        long address = m.findFree(Vm.HEAP_BASE, bytes.length);
        m.map(copy, address);
        store(m, it, address, nrBits, -1);
        return 0;
    }

    private static long next(KernelRun run, long it, long r2, long r3, long r4, long r5) {
        Memory m = run.vm().memory();
        long data = m.load64(it);
        int nrBits = (int) m.load32(it + NR_BITS);
        int bit = (int) m.load32(it + BIT);
        if (nrBits == 0 || bit >= nrBits) {
            return 0;
        }
        int found = bit + 1;
        while (found < nrBits && !isSet(m, data, nrBits, found)) {
            found++;
        }
        // find_next_bit gives nr_bits when no bit is left; the iterator keeps it
        m.store32(it + BIT, Math.min(found, nrBits));
        return found >= nrBits ? 0 : it + BIT;
    }

    private static boolean isSet(Memory m, long data, int nrBits, int bit) {
        long word = nrBits == 64 ? data : m.load64(data + 8L * (bit >>> 6));
        return (word >>> (bit & 63) & 1) != 0;
    }

    private static long destroy(KernelRun run, long it, long r2, long r3, long r4, long r5) {
        Memory m = run.vm().memory();
        int nrBits = (int) m.load32(it + NR_BITS);
        if (nrBits > 64) {
            Region copy = m.regionAt(m.load64(it));
            if (copy != null) {
                m.unmap(copy);
            }
        }
        return 0;
    }

    private static void store(Memory m, long it, long data, int nrBits, int bit) {
        m.store64(it, data);
        m.store32(it + NR_BITS, nrBits);
        m.store32(it + BIT, bit);
    }
}
