package org.ebpftest.runtime.linux.maps;

import java.util.List;
import org.ebpftest.runtime.uapi.Errno;

/**
 * What queues, stacks and bloom filters share: the operations by key, which they refuse with the
 * kernel's errnos, and the host push with its freeze check.
 */
abstract sealed class ValueOnlyMap extends BpfMap implements KeylessMap permits QueueStackMap, BloomFilterMap {
    /** The positive errno of delete and get_next_key: EINVAL for queues and stacks, EOPNOTSUPP for bloom filters. */
    private final int byKeyErrno;

    ValueOnlyMap(MapDefinition definition, int cpus, int byKeyErrno) {
        super(definition, cpus);
        this.byKeyErrno = byKeyErrno;
    }

    /** The lookup helper on a queue, stack or bloom filter returns no pointer in the kernel. */
    @Override
    public final long lookupAddress(byte[] key, int keyOffset, int cpu) {
        return 0;
    }

    @Override
    public final long updateElem(byte[] key, int keyOffset, byte[] value, int valueOffset, long flags, int cpu) {
        return -Errno.EINVAL;
    }

    @Override
    public final long deleteElem(byte[] key, int keyOffset, int cpu) {
        return -byKeyErrno;
    }

    @Override
    final List<byte[]> hostLookup(byte[] key) {
        return null;
    }

    @Override
    final long hostUpdate(byte[] key, List<byte[]> values, long flags) {
        return -Errno.EINVAL;
    }

    @Override
    final long hostDelete(byte[] key) {
        return -byKeyErrno;
    }

    @Override
    final long hostNextKey(byte[] key, byte[] out) {
        return -byKeyErrno;
    }

    @Override
    public final void push(byte[] value, long flags) {
        requireOpen();
        check("push", pushErrno(value, flags));
    }

    /** {@link #push(byte[], long)} as the syscall answers it: 0 or a negative errno. */
    final long pushErrno(byte[] value, long flags) {
        checkValue(value);
        long frozen = frozenError();
        return frozen != 0 ? frozen : pushElem(value, 0, flags);
    }
}
