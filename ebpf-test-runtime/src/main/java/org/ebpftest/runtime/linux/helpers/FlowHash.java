package org.ebpftest.runtime.linux.helpers;

import org.ebpftest.runtime.linux.LinuxEnvironment;
import org.ebpftest.runtime.linux.buffers.ContextBytes;
import org.ebpftest.runtime.linux.buffers.SkBuff;

/**
 * The flow hash {@code bpf_get_hash_recalc} computes: over the addresses, the transport protocol
 * and the ports, so that packets of one flow hash alike, never 0. The kernel keys its hash with a
 * random value drawn at boot, so exact values differ from any real machine (and between boots);
 * the emulator's are stable for a {@link LinuxEnvironment#hashSeed()}.
 */
final class FlowHash {
    record Result(int hash, boolean l4) {
    }

    private FlowHash() {
    }

    static Result of(SkBuff s, int seed) {
        byte[] b = s.buf;
        int n = s.network;
        int h = seed;
        boolean l4 = false;
        int proto = -1;
        int transport = -1;
        if (s.protocol() == SkbHelpers.ETH_P_IP && s.tail - n >= 20) {
            h = mix(h, ContextBytes.u32(b, n + 12));
            h = mix(h, ContextBytes.u32(b, n + 16));
            proto = b[n + 9] & 0xff;
            boolean fragment = (ContextBytes.be16(b, n + 6) & 0x3fff) != 0;
            transport = fragment ? -1 : n + (b[n] & 0xf) * 4;
        } else if (s.protocol() == SkbHelpers.ETH_P_IPV6 && s.tail - n >= 40) {
            for (int i = 8; i < 40; i += 4) {
                h = mix(h, ContextBytes.u32(b, n + i));
            }
            proto = b[n + 6] & 0xff;
            transport = n + 40;
        }
        h = mix(h, proto);
        if ((proto == 6 || proto == 17 || proto == 132) && transport >= 0 && transport + 4 <= s.tail) {
            h = mix(h, ContextBytes.u32(b, transport));
            l4 = true;
        }
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        return new Result(h == 0 ? 1 : h, l4);
    }

    private static int mix(int h, int v) {
        int k = v * 0xcc9e2d51;
        k = Integer.rotateLeft(k, 15) * 0x1b873593;
        h ^= k;
        return Integer.rotateLeft(h, 13) * 5 + 0xe6546b64;
    }
}
