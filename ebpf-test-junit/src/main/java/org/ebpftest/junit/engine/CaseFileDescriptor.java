package org.ebpftest.junit.engine;

import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.ebpftest.junit.BpfFixtureFile;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.TestTag;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.AbstractTestDescriptor;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;

/**
 * One case file: a container whose tests are its fixtures. A file that cannot be read or parsed
 * has no tests and keeps the error, which fails it when it runs; it says it may register tests so
 * that the launcher does not prune it away and hide the error.
 *
 * <p>Its source is the file, for IDEs to open, except when a class selector chose it: that is
 * how Surefire asks, and Surefire reports a test only under a container with a {@link ClassSource}
 * whose class name is the container's display name (it writes one {@code TEST-<name>.xml} per such
 * container and files each test under its parent's display name). Then the container claims a
 * class source of its display name, such as {@code flows.count}; no such class exists, and nothing
 * here loads it. Its tests keep pointing at their lines in the file either way.
 */
final class CaseFileDescriptor extends AbstractTestDescriptor {
    private final CaseLocation location;
    private final BpfFixtureFile file;
    private final RuntimeException error;

    private CaseFileDescriptor(UniqueId id, CaseLocation location, boolean viaClass, BpfFixtureFile file, RuntimeException error) {
        super(id, location.displayName(), viaClass ? ClassSource.from(location.displayName()) : location.source());
        this.location = location;
        this.file = file;
        this.error = error;
    }

    /** The container of a selected file, with a test for each selected fixture, or with the error that kept it from being read. */
    static CaseFileDescriptor of(UniqueId parent, CaseSelection.Selected selected) {
        CaseLocation location = selected.location();
        UniqueId id = parent.append(location.kind().segment, location.name());
        BpfFixtureFile file;
        try {
            file = BpfFixtureFile.parse(location.path(), location.read());
        } catch (RuntimeException e) {
            // A bad file fails its own container when it runs; discovery carries on with the others.
            return new CaseFileDescriptor(id, location, selected.viaClass(), null, e);
        }
        CaseFileDescriptor container = new CaseFileDescriptor(id, location, selected.viaClass(), file, null);
        Set<TestTag> tags = file.tags().stream().map(TestTag::create).collect(Collectors.toUnmodifiableSet());
        for (BpfFixtureFile.Case c : file.cases()) {
            if (selected.selects(c.fixture().name())) {
                // Chosen through a class selector (Surefire), a fixture claims a method of the file's
                // class-like name, so that Surefire's -Dtest filter, which looks only at method
                // sources, applies to it: -Dtest=FirstTest runs no case files. Otherwise its source
                // is its line in the file, for IDEs.
                TestSource source = selected.viaClass() ? MethodSource.from(location.displayName(), c.fixture().name())
                        : location.source(c.line(), c.column());
                container.addChild(new FixtureCaseDescriptor(id.append(CaseSelection.FIXTURE, c.fixture().name()), source, c.fixture(), tags));
            }
        }
        return container;
    }

    CaseLocation location() {
        return location;
    }

    /** The parsed file, or empty when {@link #error} says why there is none. */
    Optional<BpfFixtureFile> file() {
        return Optional.ofNullable(file);
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
