package org.ebpftest.runtime.linux.maps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ebpftest.runtime.linux.maps.MapsTestSupport.errno;
import static org.ebpftest.runtime.linux.maps.MapsTestSupport.le;
import static org.ebpftest.runtime.linux.maps.MapsTestSupport.mapped;
import static org.ebpftest.runtime.linux.maps.MapsTestSupport.u32;

import java.util.List;
import org.ebpftest.runtime.uapi.Errno;
import org.ebpftest.runtime.uapi.MapFlags;
import org.ebpftest.runtime.uapi.MapType;
import org.ebpftest.runtime.vm.Memory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Pinned against Linux 6.18: an LPM trie with key 8 (prefixlen + IPv4), value 4, 5 entries, filled
 * with 192.168.0.0/16=1, 192.168.0.0/24=2, 192.168.1.0/24=3, 192.168.128.0/24=4, 10.0.0.0/8=5
 * through bpftool; the expectations are bpftool's answers.
 */
class LpmTrieMapTest {
    private BpfMap trie;

    private static byte[] key(int prefixlen, int a, int b, int c, int d) {
        return new byte[] {(byte) prefixlen, 0, 0, 0, (byte) a, (byte) b, (byte) c, (byte) d};
    }

    @BeforeEach
    void fill() {
        trie = BpfMaps.create(MapDefinition.of("t", MapType.LPM_TRIE, 8, 4, 5).withFlags(MapFlags.BPF_F_NO_PREALLOC));
        trie.put(key(16, 192, 168, 0, 0), u32(1));
        trie.put(key(24, 192, 168, 0, 0), u32(2));
        trie.put(key(24, 192, 168, 1, 0), u32(3));
        trie.put(key(24, 192, 168, 128, 0), u32(4));
        trie.put(key(8, 10, 0, 0, 0), u32(5));
    }

    @Test
    void dumpIsPostOrderMoreSpecificFirstConfirmedAgainstKernel() {
        assertThat(trie.keys()).containsExactly(key(8, 10, 0, 0, 0), key(24, 192, 168, 0, 0), key(24, 192, 168, 1, 0),
                key(24, 192, 168, 128, 0), key(16, 192, 168, 0, 0));
        assertThat(trie.entries()).extracting(e -> le(e.value())).containsExactly(5L, 2L, 3L, 4L, 1L);
    }

    @Test
    void getNextKeyOfAbsentKeyIsFirstAndAfterLeftSubtreeGoesRightConfirmedAgainstKernel() {
        assertThat(trie.nextKey(key(7, 1, 2, 3, 4)).orElseThrow()).isEqualTo(key(8, 10, 0, 0, 0));
        assertThat(trie.nextKey(key(8, 10, 0, 0, 0)).orElseThrow()).isEqualTo(key(24, 192, 168, 0, 0));
        assertThat(trie.nextKey(key(16, 192, 168, 0, 0))).isEmpty();
    }

    @Test
    void lookupFindsLongestPrefixCappedByKeyPrefixlenConfirmedAgainstKernel() {
        assertThat(le(trie.lookup(key(32, 192, 168, 1, 5)).orElseThrow())).isEqualTo(3);
        assertThat(le(trie.lookup(key(32, 192, 168, 7, 7)).orElseThrow())).isEqualTo(1);
        assertThat(trie.lookup(key(32, 192, 169, 0, 0))).isEmpty();
        assertThat(le(trie.lookup(key(20, 192, 168, 1, 5)).orElseThrow())).isEqualTo(1);
        assertThat(trie.lookup(key(33, 192, 168, 1, 5))).isEmpty();
    }

    @Test
    void updateErrorsFollowLinux613SemanticsConfirmedAgainstKernel() {
        // a new prefix in the full trie: ENOSPC; replacing a present one is allowed
        assertThat(errno(() -> trie.update(key(0, 0, 0, 0, 0), u32(6), MapFlags.BPF_ANY))).isEqualTo(-Errno.ENOSPC);
        assertThat(errno(() -> trie.update(key(24, 192, 168, 1, 0), u32(7), MapFlags.BPF_ANY))).isZero();
        assertThat(errno(() -> trie.update(key(24, 192, 168, 1, 0), u32(8), MapFlags.BPF_NOEXIST))).isEqualTo(-Errno.EEXIST);
        assertThat(errno(() -> trie.update(key(12, 10, 0, 0, 0), u32(8), MapFlags.BPF_EXIST))).isEqualTo(-Errno.ENOENT);
        assertThat(errno(() -> trie.update(key(33, 10, 0, 0, 0), u32(8), MapFlags.BPF_ANY))).isEqualTo(-Errno.EINVAL);
        assertThat(le(trie.lookup(key(32, 192, 168, 1, 5)).orElseThrow())).isEqualTo(7);
        assertThat(trie.size()).isEqualTo(5);
    }

    @Test
    void deleteNeedsExactPrefixConfirmedAgainstKernel() {
        assertThat(trie.delete(key(20, 192, 168, 0, 0))).isFalse();
        assertThat(errno(() -> trie.delete(key(33, 192, 168, 0, 0)))).isEqualTo(-Errno.EINVAL);
        assertThat(trie.delete(key(16, 192, 168, 0, 0))).isTrue();
        assertThat(trie.keys()).containsExactly(key(8, 10, 0, 0, 0), key(24, 192, 168, 0, 0), key(24, 192, 168, 1, 0),
                key(24, 192, 168, 128, 0));
        assertThat(trie.lookup(key(32, 192, 168, 7, 7))).isEmpty();
    }

    @Test
    void deletingLeafUnderIntermediateNodeKeepsSiblingReachable() {
        // given /24s 192.168.0 and 192.168.1 hang under an intermediate /23 after the /16 goes
        trie.delete(key(16, 192, 168, 0, 0));
        // when
        assertThat(trie.delete(key(24, 192, 168, 0, 0))).isTrue();
        // then
        assertThat(le(trie.lookup(key(32, 192, 168, 1, 9)).orElseThrow())).isEqualTo(3);
        assertThat(trie.lookup(key(32, 192, 168, 0, 9))).isEmpty();
        assertThat(trie.size()).isEqualTo(3);
    }

    @Test
    void programLookupReturnsValueAddressAndReplacementGetsNewMemory() {
        Memory memory = mapped(trie);
        byte[] k = key(32, 192, 168, 128, 77);
        long before = trie.lookupAddress(k, 0, 0);
        trie.updateElem(key(24, 192, 168, 128, 0), 0, u32(40), 0, MapFlags.BPF_ANY, 0);
        long after = trie.lookupAddress(k, 0, 0);
        assertThat(memory.load32(before)).isEqualTo(4);
        assertThat(memory.load32(after)).isEqualTo(40);
        assertThat(List.of(before, after)).doesNotHaveDuplicates();
    }
}
