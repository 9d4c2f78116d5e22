package org.ebpftest.runtime.linux.maps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ebpftest.runtime.linux.maps.MapsTestSupport.errno;
import static org.ebpftest.runtime.linux.maps.MapsTestSupport.le;
import static org.ebpftest.runtime.linux.maps.MapsTestSupport.u32;

import org.ebpftest.runtime.uapi.Errno;
import org.ebpftest.runtime.uapi.MapFlags;
import org.ebpftest.runtime.uapi.MapType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Pinned against Linux 6.18 with bpftool push/update/pop on a 3-entry queue and stack of u32. */
class QueueStackMapTest {

    private static QueueStackMap filled(MapType type) {
        QueueStackMap q = (QueueStackMap) BpfMaps.create(MapDefinition.of("q", type, 0, 4, 3));
        for (int v = 1; v <= 3; v++) {
            byte[] value = u32(v);
            assertThat(errno(() -> q.push(value, MapFlags.BPF_ANY))).isZero();
        }
        return q;
    }

    @ParameterizedTest
    @EnumSource(value = MapType.class, names = {"QUEUE", "STACK"})
    void fullPushIsE2bigAndNoexistIsEinvalConfirmedAgainstKernel(MapType type) {
        QueueStackMap q = filled(type);
        assertThat(errno(() -> q.push(u32(4), MapFlags.BPF_ANY))).isEqualTo(-Errno.E2BIG);
        assertThat(errno(() -> q.push(u32(5), MapFlags.BPF_NOEXIST))).isEqualTo(-Errno.EINVAL);
        assertThat(errno(() -> q.push(u32(5), 4))).isEqualTo(-Errno.EINVAL);
        assertThat(q.size()).isEqualTo(3);
    }

    @Test
    void queueOverwriteWithExistDropsOldestAndPopsInFifoOrderConfirmedAgainstKernel() {
        QueueStackMap q = filled(MapType.QUEUE);
        assertThat(errno(() -> q.push(u32(4), MapFlags.BPF_EXIST))).isZero();
        assertThat(le(q.pop().orElseThrow())).isEqualTo(2);
        assertThat(le(q.pop().orElseThrow())).isEqualTo(3);
        assertThat(le(q.pop().orElseThrow())).isEqualTo(4);
        assertThat(q.pop()).isEmpty();
        assertThat(q.popElem(new byte[4], 0)).isEqualTo(-Errno.ENOENT);
        assertThat(q.peekElem(new byte[4], 0)).isEqualTo(-Errno.ENOENT);
    }

    @Test
    void stackOverwriteWithExistAlsoDropsOldestAndPopsLifoConfirmedAgainstKernel() {
        QueueStackMap s = filled(MapType.STACK);
        assertThat(errno(() -> s.push(u32(4), MapFlags.BPF_EXIST))).isZero();
        assertThat(s.values()).extracting(MapsTestSupport::le).containsExactly(4L, 3L, 2L);
        assertThat(le(s.peek().orElseThrow())).isEqualTo(4);
        assertThat(le(s.pop().orElseThrow())).isEqualTo(4);
        assertThat(le(s.pop().orElseThrow())).isEqualTo(3);
        assertThat(le(s.pop().orElseThrow())).isEqualTo(2);
        assertThat(s.pop()).isEmpty();
    }

    @Test
    void keyedOperationsAreEinvalConfirmedAgainstKernel() {
        QueueStackMap q = filled(MapType.QUEUE);
        assertThatThrownBy(() -> q.nextKey(null)).isInstanceOf(MapOperationException.class).hasMessageContaining("EINVAL");
        assertThat(q.updateElem(new byte[0], 0, u32(1), 0, 0, 0)).isEqualTo(-Errno.EINVAL);
        assertThat(q.lookupAddress(new byte[0], 0, 0)).isZero();
    }

    @Test
    void programPushAndPopCopyThroughVmBytes() {
        QueueStackMap q = (QueueStackMap) BpfMaps.create(MapDefinition.of("q", MapType.QUEUE, 0, 4, 2));
        byte[] stack = new byte[16];
        System.arraycopy(u32(77), 0, stack, 8, 4);
        assertThat(q.pushElem(stack, 8, MapFlags.BPF_ANY)).isZero();
        assertThat(q.popElem(stack, 0)).isZero();
        assertThat(le(java.util.Arrays.copyOf(stack, 4))).isEqualTo(77);
    }
}
