package org.ebpftest.runtime.linux;

import org.ebpftest.runtime.linux.buffers.ContextBytes;
import org.ebpftest.runtime.linux.buffers.KernelStruct;
import org.ebpftest.runtime.linux.buffers.NetfilterInput;
import org.ebpftest.runtime.linux.buffers.SkBuff;
import org.ebpftest.runtime.linux.buffers.SkbLayout;
import org.ebpftest.runtime.linux.net.NetDevice;
import org.ebpftest.runtime.uapi.Errno;
import org.ebpftest.runtime.vm.Memory;
import org.ebpftest.runtime.vm.Region;
import org.ebpftest.runtime.vm.Vm;

/**
 * What {@code bpf_prog_test_run_nf} (net/bpf/test_run.c) builds before a netfilter program runs:
 * its refusals, the socket buffer made from {@code data_in}, and the program's context
 * {@code struct bpf_nf_ctx}, two pointers: to a {@code struct nf_hook_state} and to a
 * {@code struct sk_buff}, both laid out as Linux 6.18 x86-64's ({@link KernelStruct}).
 *
 * <p>The hook state has {@code hook}, {@code pf} and the devices {@code in} and {@code out}. Linux
 * 6.18 sets the devices from the hook test_run started with, {@code NF_INET_LOCAL_OUT}, not from
 * the one {@code ctx_in} gives: with {@code ctx_in} {@code out} is the loopback device and {@code in}
 * is NULL whatever the hook, without it both are NULL (confirmed against the kernel); so here. Of a
 * device only {@code ifindex} is modelled. Of the socket buffer {@code len}, {@code data_len},
 * {@code mac_len}, {@code pkt_type}, {@code priority}, {@code skb_iif}, {@code mark},
 * {@code protocol} and the header offsets {@code transport_header}, {@code network_header},
 * {@code mac_header} (from the buffer's head, which has NET_SKB_PAD (64) bytes of headroom; 0xffff
 * when unset) are; reading any other member traps naming it, and stores trap as the verifier's
 * refusal.
 */
final class NetfilterRuns {
    /** Where the hook state, the socket buffer and the loopback device are mapped: slots 45 to 43 below the heap. */
    static final long STATE_ADDRESS = Vm.HEAP_BASE - (45L << Memory.SLOT_SHIFT);
    static final long SKB_ADDRESS = Vm.HEAP_BASE - (44L << Memory.SLOT_SHIFT);
    static final long DEVICE_ADDRESS = Vm.HEAP_BASE - (43L << Memory.SLOT_SHIFT);

    static final int STATE_HOOK = 0;
    static final int STATE_PF = 1;
    static final int STATE_IN = 8;
    static final int STATE_OUT = 16;
    static final KernelStruct STATE = KernelStruct.of(SkBuff.class, "nf_hook_state", 48, STATE_HOOK, 1, STATE_PF, 1, STATE_IN, 8, STATE_OUT, 8);

    static final int SKB_LEN = 112;
    static final int SKB_DATA_LEN = 116;
    static final int SKB_MAC_LEN = 120;
    static final int SKB_PKT_TYPE = 128;
    static final int SKB_PRIORITY = 140;
    static final int SKB_IIF = 144;
    static final int SKB_MARK = 164;
    static final int SKB_PROTOCOL = 176;
    static final int SKB_TRANSPORT_HEADER = 178;
    static final int SKB_NETWORK_HEADER = 180;
    static final int SKB_MAC_HEADER = 182;
    static final KernelStruct SK_BUFF = KernelStruct.of(SkBuff.class, "sk_buff", 224, SKB_LEN, 4, SKB_DATA_LEN, 4, SKB_MAC_LEN, 2,
            SKB_PKT_TYPE, 1, SKB_PRIORITY, 4, SKB_IIF, 4, SKB_MARK, 4, SKB_PROTOCOL, 2, SKB_TRANSPORT_HEADER, 2, SKB_NETWORK_HEADER, 2,
            SKB_MAC_HEADER, 2);

    static final int DEVICE_IFINDEX = 224;
    static final KernelStruct NET_DEVICE = KernelStruct.of(SkBuff.class, "net_device", 2496, DEVICE_IFINDEX, 4);

    /** sizeof(struct iphdr), sizeof(struct ipv6hdr). */
    private static final int IPV4_HEADER = 20;
    private static final int IPV6_HEADER = 40;
    private static final int UNSET = 0xffff;

    private NetfilterRuns() {
    }

    /** The state, socket buffer and context of one run, ready to map. */
    record Built(SkBuff skb, Region context, Region state, Region skbRegion, Region device) {
        void map(Memory memory) {
            skb.attach(memory);
            memory.remap(context, Vm.CONTEXT_ADDRESS);
            memory.remap(state, STATE_ADDRESS);
            memory.remap(skbRegion, SKB_ADDRESS);
            memory.remap(device, DEVICE_ADDRESS);
        }
    }

    /** Refuses what test_run refuses, then builds what it builds, on the loopback device {@code lo}. */
    static Built build(NetfilterInput in, NetDevice lo) {
        byte[] packet = in.packet();
        int size = packet.length;
        if (size < IPV4_HEADER) {
            throw new RunRefusedException(Errno.EINVAL, "data_in is " + size + " bytes; test_run needs at least an IPv4 header (20)");
        }
        if (size > SkbLayout.MAX_PACKET) {
            throw new RunRefusedException(Errno.EINVAL, "data_in is " + size + " bytes; test_run takes at most " + SkbLayout.MAX_PACKET);
        }
        if (in.withState() && in.pf() != NetfilterInput.IPV4 && in.pf() != NetfilterInput.IPV6) {
            throw new RunRefusedException(Errno.EINVAL, "ctx_in's pf is " + in.pf() + "; test_run takes NFPROTO_IPV4 (2) or NFPROTO_IPV6 (10)");
        }
        SkBuff skb;
        if (in.hook() != NetfilterInput.LOCAL_OUT) {
            if (size < SkbLayout.ETH_HLEN + IPV4_HEADER) {
                throw new RunRefusedException(Errno.EINVAL, "data_in is " + size + " bytes; away from NF_INET_LOCAL_OUT test_run needs an Ethernet"
                        + " and an IPv4 header (34)");
            }
            skb = new SkBuff(packet, true, 0, lo);
            int protocol = skb.protocol();
            if (protocol == 0x0800) {
                if (in.pf() != NetfilterInput.IPV4) {
                    throw new RunRefusedException(Errno.EINVAL, "an IPv4 frame at pf " + in.pf() + "; test_run wants NFPROTO_IPV4 (2) for it");
                }
            } else if (protocol == 0x86dd) {
                if (size < SkbLayout.ETH_HLEN + IPV6_HEADER) {
                    throw new RunRefusedException(Errno.EINVAL, "an IPv6 frame of " + size + " bytes; test_run needs an Ethernet and an IPv6 header (54)");
                }
                if (in.pf() != NetfilterInput.IPV6) {
                    throw new RunRefusedException(Errno.EINVAL, "an IPv6 frame at pf " + in.pf() + "; test_run wants NFPROTO_IPV6 (10) for it");
                }
            } else {
                throw new RunRefusedException(Errno.EPROTO, String.format("a frame of protocol 0x%04x; test_run takes IPv4 and IPv6 only", protocol));
            }
        } else {
            skb = new SkBuff(packet, false, in.pf() == NetfilterInput.IPV4 ? 0x0800 : 0x86dd, lo);
        }
        byte[] state = new byte[STATE.size()];
        state[STATE_HOOK] = (byte) in.hook();
        state[STATE_PF] = (byte) in.pf();
        if (in.withState()) {
            ContextBytes.putU64(state, STATE_OUT, DEVICE_ADDRESS);
        }
        byte[] kernelSkb = new byte[SK_BUFF.size()];
        ContextBytes.putU32(kernelSkb, SKB_LEN, skb.len());
        kernelSkb[SKB_PKT_TYPE] = (byte) (in.hook() == NetfilterInput.LOCAL_OUT ? 0 : skb.get(SkbLayout.PKT_TYPE));
        putU16(kernelSkb, SKB_PROTOCOL, Short.reverseBytes((short) skb.protocol()));
        putU16(kernelSkb, SKB_TRANSPORT_HEADER, UNSET);
        putU16(kernelSkb, SKB_NETWORK_HEADER, skb.network);
        putU16(kernelSkb, SKB_MAC_HEADER, skb.mac < 0 ? UNSET : skb.mac);
        byte[] device = new byte[NET_DEVICE.size()];
        ContextBytes.putU32(device, DEVICE_IFINDEX, lo.ifindex());
        byte[] ctx = new byte[16];
        ContextBytes.putU64(ctx, 0, STATE_ADDRESS);
        ContextBytes.putU64(ctx, 8, SKB_ADDRESS);
        Region context = new Region("struct bpf_nf_ctx", ctx, false);
        context.setGuard((offset, length, store) -> store ? "store to struct bpf_nf_ctx: the verifier lets netfilter programs only read their context"
                : length == 8 && (offset == 0 || offset == 8) ? null
                : "load of " + length + " bytes at offset " + offset + " of struct bpf_nf_ctx: the verifier allows only 8-byte loads of state and skb");
        Region stateRegion = new Region(STATE.name() + " (ctx->state)", state, false);
        stateRegion.setGuard(STATE.guard("the hook state"));
        Region skbRegion = new Region(SK_BUFF.name() + " (ctx->skb)", kernelSkb, false);
        skbRegion.setGuard(SK_BUFF.guard("the socket buffer of a netfilter run"));
        Region deviceRegion = new Region(NET_DEVICE.name() + " (" + lo.name() + ")", device, false);
        deviceRegion.setGuard(NET_DEVICE.guard("a device"));
        return new Built(skb, context, stateRegion, skbRegion, deviceRegion);
    }

    private static void putU16(byte[] b, int off, int value) {
        b[off] = (byte) value;
        b[off + 1] = (byte) (value >>> 8);
    }
}
