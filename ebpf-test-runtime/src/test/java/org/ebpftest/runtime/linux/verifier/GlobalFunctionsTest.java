package org.ebpftest.runtime.linux.verifier;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.ebpftest.runtime.btf.BtfType;
import org.ebpftest.runtime.elf.ObjectSpec;
import org.junit.jupiter.api.Test;

/**
 * Global functions, verified on their own from their BTF prototype as Linux 6.18 does; the
 * verdicts themselves are the corpus's ({@code verifier-corpus/global_functions}, recorded from
 * the kernel), these tests pin where a refusal points and what its log says.
 */
class GlobalFunctionsTest {
    private static final Path CORPUS = Path.of("src/test/resources/verifier-corpus/global_functions");

    private static Verification verify(String name) {
        ObjectSpec spec = ObjectSpec.load(CORPUS.resolve(name + ".o"));
        return Verifier.verify(spec.program(name), Verifier.mapsOf(spec), spec.btf());
    }

    @Test
    void refusesTheBodyOfAGlobalFunctionAtItsOwnLine() {
        // given a global function reading the packet unchecked, called with the context

        // when the program is verified
        Verification v = verify("global_function_reads_unchecked_packet");

        // then the refusal is in the function's body, not at the call
        assertThat(v.accepted()).isFalse();
        assertThat(v.message()).startsWith("invalid access to packet, off=0 size=1");
        assertThat(v.line()).hasValueSatisfying(line -> assertThat(line.text()).contains("return data[0];"));
    }

    @Test
    void endsTheLogOfAnArgumentRefusalWithTheKernelsCallerLine() {
        // given a call passing the context where the prototype says int

        // when the program is verified
        Verification v = verify("global_argument_pointer_for_scalar");

        // then the reason is the message, and the kernel's next log line ends the log tail
        assertThat(v.message()).isEqualTo("R1 is not a scalar");
        assertThat(v.log()).last().asString().endsWith("(Caller passes invalid args into func#1 ('low_bit'))");
    }

    @Test
    void acceptsACallWhoseGlobalFunctionChecksItsPointerAndReturnsAnUnknownScalar() {
        // given a global function that checks its pointer argument for NULL, called with the stack and with NULL
        Verification v = verify("global_nullable_pointer_checked");

        // then it loads, and both the caller and the function were walked
        assertThat(v.accepted()).as(v.summary()).isTrue();
        assertThat(v.complete()).isTrue();
    }

    @Test
    void makesAHiddenFunctionStaticAsLibbpfDoes() {
        // given an object whose non-static function is __hidden
        ObjectSpec spec = ObjectSpec.load(CORPUS.resolve("hidden_function_is_static.o"));

        // then its BTF calls it static, and the verifier walks it with the caller's packet range
        assertThat(spec.btf().orElseThrow().findAll("first_byte")).singleElement()
                .isInstanceOfSatisfying(BtfType.Func.class, f -> assertThat(f.linkage()).isEqualTo(BtfType.Linkage.STATIC));
        assertThat(verify("hidden_function_is_static").accepted()).isTrue();
    }
}
