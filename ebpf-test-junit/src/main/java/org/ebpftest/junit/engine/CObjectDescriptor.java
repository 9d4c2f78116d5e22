package org.ebpftest.junit.engine;

import java.util.Optional;
import org.ebpftest.runtime.ctest.CTest;
import org.ebpftest.runtime.ctest.CTestSuite;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.AbstractTestDescriptor;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;

/**
 * One object of C tests: a container whose tests are the object's tests. An object that cannot be
 * read or parsed keeps the error, which fails it when it runs. Chosen through a class selector
 * (Surefire), it claims a class source of its display name and its tests methods of it, for the
 * reasons {@link CaseFileDescriptor} gives.
 */
final class CObjectDescriptor extends AbstractTestDescriptor {
    private final CTestSuite suite;
    private final RuntimeException error;

    private CObjectDescriptor(UniqueId id, String name, TestSource source, CTestSuite suite, RuntimeException error) {
        super(id, name, source);
        this.suite = suite;
        this.error = error;
    }

    static CObjectDescriptor of(UniqueId parent, CaseSelection.Selected selected) {
        CaseLocation location = selected.location();
        UniqueId id = parent.append(location.kind().segment, location.name());
        String name = location.displayName(CaseSelection.C_TESTS);
        TestSource source = selected.viaClass() ? ClassSource.from(name) : location.source();
        CTestSuite suite;
        try {
            suite = CTestSuite.of(CTestEngine.parse(location));
        } catch (RuntimeException e) {
            return new CObjectDescriptor(id, name, source, null, e);
        }
        CObjectDescriptor container = new CObjectDescriptor(id, name, source, suite, null);
        for (CTest test : suite.tests()) {
            if (selected.selects(test.name())) {
                TestSource testSource = selected.viaClass() ? MethodSource.from(name, test.displayName()) : location.source();
                container.addChild(new CTestDescriptor(id.append(CaseSelection.C_TESTS.testSegment(), test.name()), testSource, test));
            }
        }
        return container;
    }

    Optional<CTestSuite> suite() {
        return Optional.ofNullable(suite);
    }

    Optional<RuntimeException> error() {
        return Optional.ofNullable(error);
    }

    @Override
    public Type getType() {
        return Type.CONTAINER;
    }

    @Override
    public boolean mayRegisterTests() {
        return error != null;
    }
}
