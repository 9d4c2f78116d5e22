package org.ebpftest.runtime.linux.maps;

import org.ebpftest.runtime.EbpfException;
import org.ebpftest.runtime.uapi.Errno;

/**
 * A host-side map operation (from a test or a tool, like a {@code bpf()} syscall) that the kernel
 * would fail; programs never see it, they get the negative errno in r0.
 */
public final class MapOperationException extends EbpfException {
    private static final long serialVersionUID = 1L;

    private final int errno;

    /** An error naming the map, the operation and the positive errno. */
    public MapOperationException(String mapName, String operation, int errno) {
        super(operation + " on map \"" + mapName + "\" failed: " + Errno.name(errno));
        this.errno = errno;
    }

    /** The positive errno of the failure. */
    public int errno() {
        return errno;
    }
}
