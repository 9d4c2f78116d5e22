package org.ebpftest.junit.engine;

import java.util.Set;
import org.ebpftest.junit.BpfFixture;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.TestTag;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.AbstractTestDescriptor;

/** One fixture of a case file: a test named after the fixture, whose source is where the fixture starts. */
final class FixtureCaseDescriptor extends AbstractTestDescriptor {
    private final BpfFixture fixture;
    private final Set<TestTag> tags;

    FixtureCaseDescriptor(UniqueId id, TestSource source, BpfFixture fixture, Set<TestTag> tags) {
        super(id, fixture.name(), source);
        this.fixture = fixture;
        this.tags = tags;
    }

    BpfFixture fixture() {
        return fixture;
    }

    @Override
    public Type getType() {
        return Type.TEST;
    }

    @Override
    public Set<TestTag> getTags() {
        return tags;
    }
}
