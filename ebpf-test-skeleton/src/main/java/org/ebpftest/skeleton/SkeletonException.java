package org.ebpftest.skeleton;

import org.ebpftest.runtime.EbpfException;

/** An object for which no skeleton can be generated, with the object, map or type at fault and the fix. */
public final class SkeletonException extends EbpfException {
    private static final long serialVersionUID = 1L;

    /** An error with a message a person can act on. */
    public SkeletonException(String message) {
        super(message);
    }
}
