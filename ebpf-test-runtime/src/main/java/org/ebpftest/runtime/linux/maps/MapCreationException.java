package org.ebpftest.runtime.linux.maps;

import org.ebpftest.runtime.EbpfException;
import org.ebpftest.runtime.uapi.Errno;

/**
 * A map definition the kernel would refuse at {@code BPF_MAP_CREATE}, or a type this emulator
 * does not model. Carries the errno the kernel returns.
 */
public final class MapCreationException extends EbpfException {
    private static final long serialVersionUID = 1L;

    private final int errno;

    /**
     * An error for a definition.
     *
     * @param definition the refused definition
     * @param errno the positive kernel errno, such as {@link Errno#EINVAL}
     * @param detail what is wrong and, where possible, what would be right
     */
    public MapCreationException(MapDefinition definition, int errno, String detail) {
        super("cannot create map \"" + definition.name() + "\" of type " + definition.typeName() + ": " + detail
                + " (" + Errno.name(errno) + ")");
        this.errno = errno;
    }

    /** The positive errno the kernel returns for this definition. */
    public int errno() {
        return errno;
    }
}
