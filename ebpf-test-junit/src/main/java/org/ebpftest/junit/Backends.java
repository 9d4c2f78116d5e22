package org.ebpftest.junit;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;
import org.ebpftest.kernel.Backend;
import org.ebpftest.kernel.EmulatorOnlyException;
import org.ebpftest.kernel.KernelSupport;
import org.ebpftest.kernel.KernelTwin;
import org.ebpftest.runtime.linux.LoadedObject;
import org.ebpftest.runtime.linux.RunResult;
import org.ebpftest.runtime.linux.buffers.RunInput;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.PreconditionViolationException;

/**
 * Where the extension's runs go, as {@code ebpftest.backend} chooses: each object loaded for a test
 * under {@code kernel} or {@code both} gets a {@link KernelTwin}, and {@link BpfProgram}'s runs go
 * through it. Without a kernel to run on, or for a run that needs what only the emulator has, the
 * test is skipped with the reason (a JUnit assumption), never answered by the wrong backend.
 */
final class Backends {
    private static final Map<LoadedObject, KernelTwin> TWINS = Collections.synchronizedMap(new IdentityHashMap<>());

    private Backends() {
    }

    /**
     * The backend this run of the tests asked for: JUnit's configuration parameter
     * {@code ebpftest.backend} (which JUnit takes from a system property too, or from
     * {@code junit-platform.properties}), else the environment.
     */
    static Backend selected(ExtensionContext context) {
        try {
            Optional<String> parameter = context.getConfigurationParameter(Backend.PROPERTY).filter(v -> !v.isBlank());
            return parameter.isPresent() ? Backend.parse(parameter.get(), "configuration parameter " + Backend.PROPERTY) : Backend.selected();
        } catch (IllegalArgumentException e) {
            throw new PreconditionViolationException(e.getMessage(), e);
        }
    }

    /**
     * Gives a freshly loaded object its kernel twin under {@code kernel} or {@code both}.
     *
     * @throws org.opentest4j.TestAbortedException naming why the kernel cannot be used here
     */
    static void attach(LoadedObject object, ExtensionContext context) {
        Backend backend = selected(context);
        if (!backend.needsKernel()) {
            return;
        }
        Optional<String> unavailable = KernelSupport.unavailableReason();
        if (unavailable.isPresent()) {
            Assumptions.abort("ebpftest.backend=" + backend + ", but " + unavailable.get());
        }
        TWINS.put(object, KernelTwin.load(object, backend));
    }

    /**
     * Gives an object a kernel twin under {@code backend} for as long as the returned handle is
     * open, as the fixture engine needs for each fixture; nothing under {@code emulator}.
     *
     * @throws org.opentest4j.TestAbortedException naming why the kernel cannot be used here
     */
    static AutoCloseable attach(LoadedObject object, Backend backend) {
        if (!backend.needsKernel()) {
            return () -> { };
        }
        Optional<String> unavailable = KernelSupport.unavailableReason();
        if (unavailable.isPresent()) {
            Assumptions.abort("ebpftest.backend=" + backend + ", but " + unavailable.get());
        }
        TWINS.put(object, KernelTwin.load(object, backend));
        return () -> detach(object);
    }

    /** Releases an object's kernel twin, if it has one. */
    static void detach(LoadedObject object) {
        KernelTwin twin = TWINS.remove(object);
        if (twin != null) {
            twin.close();
        }
    }

    /**
     * Runs a program on the selected backend: the emulator, or the object's kernel twin for XDP and
     * {@code __sk_buff} inputs. Raw context memory runs in the emulator only, so under a kernel
     * backend it skips the test.
     */
    static RunResult run(LoadedObject object, String program, RunInput input) {
        KernelTwin twin = TWINS.get(object);
        if (twin == null) {
            return object.run(program, input);
        }
        try {
            return twin.run(program, input);
        } catch (EmulatorOnlyException e) {
            return Assumptions.abort(e.getMessage());
        }
    }

    /**
     * Skips the test when the object's runs go to the kernel and this run needs {@code feature},
     * which only the emulator has.
     */
    static void requireEmulator(LoadedObject object, String program, String feature) {
        KernelTwin twin = TWINS.get(object);
        if (twin != null) {
            Assumptions.abort(new EmulatorOnlyException(feature, program, object.spec().fileName()).getMessage());
        }
    }
}
