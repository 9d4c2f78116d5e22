package org.ebpftest.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.stream.Stream;
import org.ebpftest.runtime.context.Contexts;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.ArgumentsProvider;
import org.junit.jupiter.params.provider.ArgumentsSource;
import org.junit.jupiter.params.support.AnnotationConsumer;
import org.junit.jupiter.params.support.ParameterDeclarations;

/**
 * Feeds a {@code @ParameterizedTest} one {@link org.ebpftest.runtime.context.BpfContext} per
 * context in class-path files in mimic's JSON formats: {@code @ContextSource("contexts/*.json")}.
 * Each invocation is named after its context; run it with {@link BpfProgram#run(
 * org.ebpftest.runtime.context.BpfContext)}.
 */
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ArgumentsSource(ContextSource.Provider.class)
public @interface ContextSource {

    /** Class-path resources from the root: files, or globs in the file name such as {@code "contexts/*.json"}. */
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
            ClassLoader loader = Thread.currentThread().getContextClassLoader();
            return Stream.of(patterns)
                    .flatMap(pattern -> FixtureResources.read("contexts", pattern, loader).entrySet().stream())
                    .flatMap(file -> Contexts.parse(file.getKey(), file.getValue()).stream())
                    .map(c -> Arguments.of(Named.of(c.name(), c)));
        }
    }
}
