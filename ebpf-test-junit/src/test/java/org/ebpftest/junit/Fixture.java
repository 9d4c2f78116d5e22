package org.ebpftest.junit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Marks a test class that exists to be run by {@link Fixtures} through the EngineTestKit: it is
 * disabled anywhere else, such as when an IDE runs every class of the package. (Surefire skips
 * nested classes anyway.)
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(Fixture.OnlyInEngineTestKit.class)
@interface Fixture {

    /** Enables fixtures only when {@link Fixtures} runs them. */
    final class OnlyInEngineTestKit implements ExecutionCondition {
        static final String PARAMETER = "ebpftest.junit.fixtures";

        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            return context.getConfigurationParameter(PARAMETER).filter("true"::equals).isPresent()
                    ? ConditionEvaluationResult.enabled("run by the EngineTestKit")
                    : ConditionEvaluationResult.disabled("a fixture for extension tests, run only through the EngineTestKit");
        }
    }
}
