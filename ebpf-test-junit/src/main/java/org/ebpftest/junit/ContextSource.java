package org.ebpftest.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.lang.reflect.Method;
import java.util.stream.Stream;
import org.ebpftest.runtime.context.BpfContext;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.ArgumentsProvider;
import org.junit.jupiter.params.provider.ArgumentsSource;
import org.junit.jupiter.params.support.AnnotationConsumer;
import org.junit.jupiter.params.support.ParameterDeclarations;

/**
 * Feeds a {@code @ParameterizedTest} one {@link BpfContext} per context in files in mimic's JSON
 * formats: {@code @ContextSource("contexts/*.json")}. Each invocation is named after its context;
 * run it with {@link BpfProgram#run(BpfContext)}. Files are found as every file annotation finds
 * them (JUNIT.md, "Where files are found"): a name is looked up in the test class's package on the
 * class path, then from the root; {@code "/name"} only from the root; {@code "file:path"} is a file.
 */
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ArgumentsSource(ContextSource.Provider.class)
public @interface ContextSource {

    /** Files, or globs in the file name such as {@code "contexts/*.json"}. */
    String[] value();

    /** Reads the files when the parameterized test starts; a malformed file fails it with the file, path, line and column. */
    final class Provider implements ArgumentsProvider, AnnotationConsumer<ContextSource> {
        private String[] patterns;

        @Override
        public void accept(ContextSource source) {
            patterns = source.value();
        }

        @Override
        public Stream<? extends Arguments> provideArguments(ParameterDeclarations parameters, ExtensionContext context) {
            Method method = context.getRequiredTestMethod();
            Class<?> owner = method.getDeclaringClass();
            return Stream.of(patterns)
                    .flatMap(pattern -> FileLocator.contexts("@ContextSource [" + pattern + "] on [" + Names.of(method) + "] in [" + Names.of(owner) + "]",
                            owner, pattern).stream())
                    .map(c -> Arguments.of(Named.of(c.name(), c)));
        }
    }
}
