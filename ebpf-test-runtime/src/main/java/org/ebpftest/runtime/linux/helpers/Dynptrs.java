package org.ebpftest.runtime.linux.helpers;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.EnumSet;
import java.util.Set;
import org.ebpftest.runtime.linux.ContextType;
import org.ebpftest.runtime.linux.KernelRun;
import org.ebpftest.runtime.linux.buffers.SkBuff;
import org.ebpftest.runtime.linux.buffers.XdpBuff;
import org.ebpftest.runtime.uapi.Errno;
import org.ebpftest.runtime.vm.Memory;
import org.ebpftest.runtime.vm.Region;
import org.ebpftest.runtime.vm.TrapException;
import org.ebpftest.runtime.vm.Vm;

/**
 * Dynptrs over the packet and over memory, after kernel/bpf/helpers.c and net/core/filter.c: the
 * kfuncs {@code bpf_dynptr_from_skb}, {@code bpf_dynptr_from_xdp}, {@code bpf_dynptr_slice},
 * {@code bpf_dynptr_slice_rdwr}, {@code bpf_dynptr_adjust}, {@code bpf_dynptr_is_null},
 * {@code bpf_dynptr_is_rdonly}, {@code bpf_dynptr_size}, {@code bpf_dynptr_clone}, and the helpers
 * {@code bpf_dynptr_from_mem}, {@code bpf_dynptr_read}, {@code bpf_dynptr_write},
 * {@code bpf_dynptr_data}.
 *
 * <p>A dynptr is the kernel's {@code struct bpf_dynptr_kern} in the program's 16 bytes: the data
 * pointer (the memory's address, or the context's for a packet), the size in the low 24 bits of
 * the next word with the type above it and the read-only flag in its top bit, and the offset. The
 * packet's bytes are read and written as {@code bpf_skb_load_bytes}/{@code _store_bytes} and
 * {@code bpf_xdp_load_bytes}/{@code _store_bytes} do. A slice of a frame that lies wholly inside an
 * XDP fragment, which the kernel answers with a pointer into the fragment, traps: fragments are
 * not in the VM's memory.
 */
final class Dynptrs {
    static final int TYPE_LOCAL = 1;
    static final int TYPE_SKB = 3;
    static final int TYPE_XDP = 4;
    /** DYNPTR_MAX_SIZE and DYNPTR_SIZE_MASK: sizes are 24 bits. */
    static final int SIZE_MASK = 0xffffff;
    static final int TYPE_SHIFT = 28;
    static final int RDONLY_BIT = 1 << 31;
    /**
     * Where a multi-buffer XDP frame's fragments are mapped when a slice points into one: fragment i
     * in slot i of the 17 that end 83 slots below the heap (below the conntrack entries' 16).
     */
    static final long FRAGMENTS_ADDRESS = Vm.HEAP_BASE - (100L << Memory.SLOT_SHIFT);
    private static final String FRAGMENT_REGION = "xdp fragment ";

    /** The types whose helper sets include bpf_dynptr_from_skb (bpf_kfunc_set_skb), of those the emulator runs. */
    static final Set<ContextType> SKB = EnumSet.of(ContextType.SCHED_CLS, ContextType.SCHED_ACT, ContextType.SOCKET_FILTER,
            ContextType.CGROUP_SKB, ContextType.NETFILTER);

    private Dynptrs() {
    }

    /** The kernel's struct bpf_dynptr_kern, as a program's 16 bytes hold it. */
    private record Dynptr(long data, int size, int type, boolean rdonly, int offset) {
        static Dynptr at(Memory m, long address) {
            ByteBuffer b = ByteBuffer.wrap(m.read(address, 16)).order(ByteOrder.LITTLE_ENDIAN);
            long data = b.getLong(0);
            int word = b.getInt(8);
            return new Dynptr(data, word & SIZE_MASK, (word & ~RDONLY_BIT) >>> TYPE_SHIFT, (word & RDONLY_BIT) != 0, b.getInt(12));
        }

        static void setNull(Memory m, long address) {
            m.write(address, new byte[16]);
        }

        void store(Memory m, long address) {
            ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
            b.putLong(data).putInt(size | type << TYPE_SHIFT | (rdonly ? RDONLY_BIT : 0)).putInt(offset);
            m.write(address, b.array());
        }

        boolean isNull() {
            return data == 0;
        }

        /** bpf_dynptr_check_off_len: -E2BIG unless [offset, offset + len) lies inside. */
        long check(long off, long len) {
            long o = off & 0xffffffffL;
            long n = len & 0xffffffffL;
            return n > size || o > size - n ? -Errno.E2BIG : 0;
        }

        /** The offset into the underlying data of byte {@code off} of the dynptr's view. */
        long at(long off) {
            return (offset & 0xffffffffL) + (off & 0xffffffffL);
        }
    }

    static void register(HelperRegistry t) {
        t.register(HelperId.DYNPTR_FROM_MEM, Dynptrs::fromMem);
        t.register(HelperId.DYNPTR_READ, Dynptrs::read);
        t.register(HelperId.DYNPTR_WRITE, Dynptrs::write);
        t.register(HelperId.DYNPTR_DATA, Dynptrs::data);
    }

    static void registerKfuncs() {
        Set<ContextType> all = EnumSet.allOf(ContextType.class);
        Kfuncs.register("bpf_dynptr_from_skb", SKB, Dynptrs::fromSkb);
        Kfuncs.register("bpf_dynptr_from_xdp", EnumSet.of(ContextType.XDP), Dynptrs::fromXdp);
        Kfuncs.register("bpf_dynptr_slice", all, (run, p, off, buf, len, r5) -> slice(run, p, off, buf, len, false));
        Kfuncs.register("bpf_dynptr_slice_rdwr", all, (run, p, off, buf, len, r5) -> slice(run, p, off, buf, len, true));
        Kfuncs.register("bpf_dynptr_adjust", all, Dynptrs::adjust);
        Kfuncs.register("bpf_dynptr_is_null", all, (run, p, r2, r3, r4, r5) -> Dynptr.at(run.vm().memory(), p).isNull() ? 1 : 0);
        Kfuncs.register("bpf_dynptr_is_rdonly", all, (run, p, r2, r3, r4, r5) -> {
            Dynptr d = Dynptr.at(run.vm().memory(), p);
            return !d.isNull() && d.rdonly() ? 1 : 0;
        });
        // returns __u32, so -EINVAL arrives zero-extended
        Kfuncs.register("bpf_dynptr_size", all, (run, p, r2, r3, r4, r5) -> {
            Dynptr d = Dynptr.at(run.vm().memory(), p);
            return d.isNull() ? -Errno.EINVAL & 0xffffffffL : d.size();
        });
        Kfuncs.register("bpf_dynptr_clone", all, Dynptrs::cloneDynptr);
    }

    /** bpf_dynptr_from_skb: read-only for the program types that may not write the packet (socket filters, cgroup_skb, netfilter). */
    /** The 16 bytes of a local dynptr over {@code size} bytes at {@code data} (bpf_dynptr_init), as the kernel hands one to a callback. */
    static byte[] local(long data, int size) {
        ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(data).putInt(size & SIZE_MASK | TYPE_LOCAL << TYPE_SHIFT).putInt(0);
        return b.array();
    }

    private static long fromSkb(KernelRun run, long ctx, long flags, long ptr, long r4, long r5) {
        Memory m = run.vm().memory();
        if (flags != 0) {
            Dynptr.setNull(m, ptr);
            return -Errno.EINVAL;
        }
        ContextType t = run.programType();
        // netfilter programs get ctx->skb here; they may not write the packet either
        boolean rdonly = t == ContextType.SOCKET_FILTER || t == ContextType.CGROUP_SKB || t == ContextType.NETFILTER;
        new Dynptr(ctx, run.skb().len() & SIZE_MASK, TYPE_SKB, rdonly, 0).store(m, ptr);
        return 0;
    }

    private static long fromXdp(KernelRun run, long ctx, long flags, long ptr, long r4, long r5) {
        Memory m = run.vm().memory();
        if (flags != 0) {
            Dynptr.setNull(m, ptr);
            return -Errno.EINVAL;
        }
        new Dynptr(ctx, run.xdp().buffLength() & SIZE_MASK, TYPE_XDP, false, 0).store(m, ptr);
        return 0;
    }

    private static long fromMem(KernelRun run, long data, long size, long flags, long ptr, long r5) {
        Memory m = run.vm().memory();
        if ((size & 0xffffffffL) > SIZE_MASK) {
            Dynptr.setNull(m, ptr);
            return -Errno.E2BIG;
        }
        if (flags != 0) {
            Dynptr.setNull(m, ptr);
            return -Errno.EINVAL;
        }
        new Dynptr(data, (int) size, TYPE_LOCAL, false, 0).store(m, ptr);
        return 0;
    }

    private static long read(KernelRun run, long dst, long len, long src, long off, long flags) {
        Memory m = run.vm().memory();
        Dynptr d = Dynptr.at(m, src);
        if (d.isNull() || flags != 0) {
            return -Errno.EINVAL;
        }
        long err = d.check(off, len);
        if (err != 0) {
            return err;
        }
        int n = (int) len;
        return switch (d.type()) {
            case TYPE_SKB -> SkbHelpers.loadBytes(run, d.at(off), dst, n);
            case TYPE_XDP -> {
                XdpBuff x = run.xdp();
                long e = XdpHelpers.check(x, d.at(off), n);
                if (e == 0) {
                    byte[] bytes = new byte[n];
                    x.copy((int) d.at(off), bytes, false);
                    m.write(dst, bytes);
                }
                yield e;
            }
            default -> {
                m.write(dst, m.read(d.data() + d.at(off), n));
                yield 0;
            }
        };
    }

    private static long write(KernelRun run, long dst, long off, long src, long len, long flags) {
        Memory m = run.vm().memory();
        Dynptr d = Dynptr.at(m, dst);
        if (d.isNull() || d.rdonly()) {
            return -Errno.EINVAL;
        }
        long err = d.check(off, len);
        if (err != 0) {
            return err;
        }
        int n = (int) len;
        return switch (d.type()) {
            case TYPE_SKB -> SkbHelpers.storeBytes(run, d.at(off), src, n, flags);
            case TYPE_XDP -> {
                if (flags != 0) {
                    yield -Errno.EINVAL;
                }
                XdpBuff x = run.xdp();
                long e = XdpHelpers.check(x, d.at(off), n);
                if (e == 0) {
                    x.copy((int) d.at(off), m.read(src, n), true);
                }
                yield e;
            }
            default -> {
                if (flags != 0) {
                    yield -Errno.EINVAL;
                }
                m.write(d.data() + d.at(off), m.read(src, n));
                yield 0;
            }
        };
    }

    /** bpf_dynptr_data: a pointer into memory dynptrs only; packet dynptrs answer NULL (they use slices). */
    private static long data(KernelRun run, long ptr, long off, long len, long r4, long r5) {
        Dynptr d = Dynptr.at(run.vm().memory(), ptr);
        if (d.isNull() || d.check(off, len) != 0 || d.rdonly() || d.type() != TYPE_LOCAL) {
            return 0;
        }
        return d.data() + d.at(off);
    }

    private static long slice(KernelRun run, long ptr, long off, long buffer, long len, boolean rdwr) {
        Memory m = run.vm().memory();
        Dynptr d = Dynptr.at(m, ptr);
        if (d.isNull() || rdwr && d.rdonly() || d.check(off, len) != 0) {
            return 0;
        }
        long at = d.at(off);
        int n = (int) len;
        return switch (d.type()) {
            case TYPE_SKB -> {
                // test_run's socket buffers are linear: skb_header_pointer answers with the data itself when it holds the range
                SkBuff s = run.skb();
                yield at + n <= s.len() ? m.regionAt(Vm.PACKET_ADDRESS).addressOf(s.data + (int) at) : 0;
            }
            case TYPE_XDP -> xdpSlice(run, at, n, buffer);
            default -> d.data() + at;
        };
    }

    /** bpf_xdp_pointer, then a copy into the buffer when the range crosses from one piece of the frame into the next. */
    private static long xdpSlice(KernelRun run, long at, int n, long buffer) {
        XdpBuff x = run.xdp();
        if (XdpHelpers.check(x, at, n) != 0) {
            return 0;
        }
        int linear = x.end - x.data;
        if (at < linear) {
            if (at + n <= linear) {
                return x.packet.addressOf(x.data + (int) at);
            }
        } else if (insideOneFragment(x, at - linear, n)) {
            return fragmentPointer(run, x, at - linear);
        }
        if (buffer == 0) {
            return 0;
        }
        byte[] bytes = new byte[n];
        x.copy((int) at, bytes, false);
        run.vm().memory().write(buffer, bytes);
        return buffer;
    }

    /**
     * bpf_xdp_pointer into a fragment: the kernel answers a pointer into the fragment's page, so the
     * page is mapped (again, as its size may have changed since) in a slot of its own, and writes
     * through a bpf_dynptr_slice_rdwr pointer land in the fragment.
     */
    private static long fragmentPointer(KernelRun run, XdpBuff x, long fragOffset) {
        int[] sizes = x.fragSizes();
        int i = 0;
        long start = 0;
        while (fragOffset >= start + sizes[i]) {
            start += sizes[i++];
        }
        long address = FRAGMENTS_ADDRESS + ((long) i << Memory.SLOT_SHIFT);
        Memory m = run.vm().memory();
        Region there = m.regionAt(address);
        if (there != null && !there.name().startsWith(FRAGMENT_REGION)) {
            throw run.trap(TrapException.Kind.UNSUPPORTED, "cannot map XDP fragment " + i + " for a dynptr slice: " + there.name()
                    + " is mapped where fragments go");
        }
        Region fragment = new Region(FRAGMENT_REGION + i, x.fragmentPage(i), true, 0, sizes[i]);
        m.remap(fragment, address);
        return fragment.addressOf((int) (fragOffset - start));
    }

    private static boolean insideOneFragment(XdpBuff x, long fragOffset, int n) {
        long start = 0;
        for (int size : x.fragSizes()) {
            if (fragOffset < start + size) {
                return fragOffset + n <= start + size;
            }
            start += size;
        }
        return false;
    }

    private static long adjust(KernelRun run, long ptr, long start, long end, long r4, long r5) {
        Memory m = run.vm().memory();
        Dynptr d = Dynptr.at(m, ptr);
        long s = start & 0xffffffffL;
        long e = end & 0xffffffffL;
        if (d.isNull() || s > e) {
            return -Errno.EINVAL;
        }
        if (s > d.size() || e > d.size()) {
            return -Errno.ERANGE;
        }
        new Dynptr(d.data(), (int) (e - s), d.type(), d.rdonly(), (int) (d.offset() + s)).store(m, ptr);
        return 0;
    }

    private static long cloneDynptr(KernelRun run, long ptr, long clone, long r3, long r4, long r5) {
        Memory m = run.vm().memory();
        Dynptr d = Dynptr.at(m, ptr);
        if (d.isNull()) {
            Dynptr.setNull(m, clone);
            return -Errno.EINVAL;
        }
        d.store(m, clone);
        return 0;
    }
}
