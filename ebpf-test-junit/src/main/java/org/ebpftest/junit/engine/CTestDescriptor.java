package org.ebpftest.junit.engine;

import org.ebpftest.runtime.ctest.CTest;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.AbstractTestDescriptor;

/** One C test of an object, named as the test or its test_loader {@code __description}. */
final class CTestDescriptor extends AbstractTestDescriptor {
    private final CTest test;

    CTestDescriptor(UniqueId id, TestSource source, CTest test) {
        super(id, test.displayName(), source);
        this.test = test;
    }

    CTest test() {
        return test;
    }

    @Override
    public Type getType() {
        return Type.TEST;
    }
}
