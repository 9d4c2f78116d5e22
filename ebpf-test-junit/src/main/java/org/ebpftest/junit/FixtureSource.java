package org.ebpftest.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.ArgumentsProvider;
import org.junit.jupiter.params.provider.ArgumentsSource;
import org.junit.jupiter.params.support.AnnotationConsumer;
import org.junit.jupiter.params.support.ParameterDeclarations;

/**
 * Feeds a {@code @ParameterizedTest} one {@link BpfFixture} per fixture in class-path JSON files:
 * {@code @FixtureSource("fixtures/*.json")}. Each invocation is named after its fixture.
 */
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ArgumentsSource(FixtureSource.Provider.class)
public @interface FixtureSource {

    /** Class-path resources: files, or globs in the file name such as {@code "fixtures/*.json"}. */
    String[] value();

    /** Reads the files when the parameterized test starts; a malformed file fails it with the file, path, line and column. */
    final class Provider implements ArgumentsProvider, AnnotationConsumer<FixtureSource> {
        private String[] patterns;

        @Override
        public void accept(FixtureSource source) {
            patterns = source.value();
        }

        @Override
        public Stream<? extends Arguments> provideArguments(ParameterDeclarations parameters, ExtensionContext context) {
            return Stream.of(patterns)
                    .flatMap(pattern -> BpfFixture.fromClassPath(pattern).stream())
                    .map(fixture -> Arguments.of(Named.of(fixture.name(), fixture)));
        }
    }
}
