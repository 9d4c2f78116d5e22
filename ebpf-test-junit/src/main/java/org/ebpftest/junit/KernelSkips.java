package org.ebpftest.junit;

import java.util.Optional;
import org.ebpftest.kernel.Backend;
import org.ebpftest.kernel.EmulatorOnlyException;
import org.ebpftest.runtime.linux.NotRecordedException;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.junit.platform.commons.support.AnnotationSupport;
import org.opentest4j.TestAbortedException;

/**
 * Turns a test's request for what only the emulator has into a skipped test naming it, wherever
 * the request is made: a run needing an emulator-only feature ({@link EmulatorOnlyException}, from
 * a run the test started itself) or a kernel run's result asked for helper calls, printed lines or
 * a redirect ({@link NotRecordedException}, typically inside an assertion). Under
 * {@code ebpftest.backend=kernel} such a test can neither pass nor fail honestly. Tests declared
 * {@link EmulatorOnly} are skipped before they run under {@code kernel} and {@code both}.
 */
final class KernelSkips implements ExecutionCondition, TestExecutionExceptionHandler, LifecycleMethodExecutionExceptionHandler {

    /** Skips a test or class declared {@link EmulatorOnly} under {@code ebpftest.backend=kernel} or {@code both}. */
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        Optional<EmulatorOnly> declared = context.getElement().flatMap(e -> AnnotationSupport.findAnnotation(e, EmulatorOnly.class));
        if (declared.isEmpty()) {
            return ConditionEvaluationResult.enabled("not declared @EmulatorOnly");
        }
        Backend backend = Backends.selected(context);
        if (backend.needsKernel()) {
            return ConditionEvaluationResult.disabled(context.getDisplayName() + " needs " + declared.get().value()
                    + ", which only the emulator has (@EmulatorOnly); it runs with ebpftest.backend=emulator, not " + backend);
        }
        return ConditionEvaluationResult.enabled("ebpftest.backend=emulator");
    }

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
        throw skipOr(throwable);
    }

    @Override
    public void handleBeforeAllMethodExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
        throw skipOr(throwable);
    }

    @Override
    public void handleBeforeEachMethodExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
        throw skipOr(throwable);
    }

    /** The skip a throwable (or one of its causes) stands for, or the throwable itself. */
    static Throwable skipOr(Throwable throwable) {
        if (throwable instanceof TestAbortedException) {
            return throwable;
        }
        return emulatorOnly(throwable).<Throwable>map(reason -> {
            TestAbortedException skip = new TestAbortedException(reason);
            skip.initCause(throwable);
            return skip;
        }).orElse(throwable);
    }

    private static Optional<String> emulatorOnly(Throwable throwable) {
        for (Throwable t = throwable; t != null; t = t.getCause()) {
            // an assumption the run raised, caught and wrapped by an assertion such as assertThatTrap
            if (t instanceof EmulatorOnlyException || t instanceof NotRecordedException || t instanceof TestAbortedException) {
                return Optional.of(t.getMessage());
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return Optional.empty();
    }
}
