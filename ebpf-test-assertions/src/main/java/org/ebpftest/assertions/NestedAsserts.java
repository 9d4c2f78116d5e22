package org.ebpftest.assertions;

import java.util.List;
import java.util.function.Function;
import org.assertj.core.api.Assert;
import org.assertj.core.api.ListAssert;
import org.assertj.core.api.ObjectAssert;
import org.assertj.core.api.SoftAssertionsProvider;

/**
 * How an assertion creates the assertions it navigates to, such as a packet assertion's
 * {@code ipv4()}: directly, or through a soft-assertion provider so that their failures are
 * collected as well.
 *
 * <p>A navigation step that finds nothing to navigate to (no IPv4 header) fails at once in hard
 * mode. In soft mode the failure is collected and the step returns an assertion on nothing whose
 * checks are skipped, so the chain goes on without reporting the same absence again.
 */
abstract class NestedAsserts {

    /** Plain assertions: the first failure throws. */
    static final NestedAsserts HARD = new NestedAsserts() {
        @Override
        <A extends Assert<? extends A, ? extends T>, T> A create(Class<A> type, Class<T> actualType, T actual,
                                                                 Function<T, A> constructor) {
            return constructor.apply(actual);
        }

        @Override
        void missing(AssertionError error) {
            throw error;
        }
    };

    /** Assertions created as proxies of {@code provider}, whose failures it collects. */
    static NestedAsserts soft(SoftAssertionsProvider provider) {
        return new NestedAsserts() {
            @Override
            <A extends Assert<? extends A, ? extends T>, T> A create(Class<A> type, Class<T> actualType, T actual,
                                                                     Function<T, A> constructor) {
                return provider.proxy(type, actualType, actual);
            }

            @Override
            void missing(AssertionError error) {
                provider.collectAssertionError(error);
            }
        };
    }

    abstract <A extends Assert<? extends A, ? extends T>, T> A create(Class<A> type, Class<T> actualType, T actual,
                                                                      Function<T, A> constructor);

    /** Reports that the thing to navigate to is absent: throws in hard mode, collects in soft mode. */
    abstract void missing(AssertionError error);

    /** An AssertJ list assertion on {@code actual}, soft or not like this one's other assertions. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    final <E> ListAssert<E> list(List<? extends E> actual) {
        // ListAssert is generic in its element type, which a Class literal cannot carry.
        Function<List, ListAssert> constructor = ListAssert::new;
        return create(ListAssert.class, List.class, actual, constructor);
    }

    /** An AssertJ object assertion on {@code actual}, soft or not like this one's other assertions. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    final <T> ObjectAssert<T> object(T actual) {
        Function<Object, ObjectAssert> constructor = ObjectAssert::new;
        return create(ObjectAssert.class, Object.class, actual, constructor);
    }
}
