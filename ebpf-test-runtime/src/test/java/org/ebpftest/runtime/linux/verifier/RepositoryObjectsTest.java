package org.ebpftest.runtime.linux.verifier;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.ebpftest.runtime.EbpfException;
import org.ebpftest.runtime.elf.ObjectSpec;
import org.ebpftest.runtime.elf.ProgramSpec;
import org.junit.jupiter.api.Test;

/**
 * The verifier's false-refusal check on every object file of this repository (examples, test
 * objects, benchmarks): Linux's verifier accepts every program of them except those written to be
 * refused, so the verifier must accept every other program.
 */
class RepositoryObjectsTest {
    /** Objects whose programs Linux's verifier refuses on purpose (checked with bpftool prog loadall). */
    private static final List<String> REFUSED_BY_LINUX = List.of("spin_lock_misuse.o", "ringbuf_misuse.o", "unchecked_read.o",
            "timer_nobtf.o", "timer_tracing.o", "timer_callback_ret.o", "timer_percpu.o", "pruning_precise_offset.o", "timer_inner_mismatch.o",
            "timer_inner_direct.o", "timer_inner_tracing.o", "struct_ops_unplaced.o");

    /**
     * Single programs Linux's verifier refuses, each checked with bpftool: the C tests that expect a
     * refusal ({@code __failure}, and two that fail on purpose), and the static function of
     * same_section.o, which loaded as an XDP program of its own shifts its context argument
     * ({@code R1 pointer arithmetic with <<= operator prohibited}); and the programs whose CO-RE
     * relocations of types only the object declares find nothing in the kernel's BTF, so that
     * libbpf poisons an instruction their walk reaches (core_unresolved.c, core_typedef_enum.c;
     * btf_path.c, whose test gives the BTF it resolves against with __btf_path; core_compat.c,
     * core_patch.c and core_enum_unsigned.c, whose tests give them target BTFs of their own); and
     * autoload.c's program in a {@code SEC("?xdp")} section, which its object loads without (the
     * verifier is asked of each program here, as a load with its autoload turned on would); and
     * socket_casts.c's read_padding, which reads the padding after a socket's dst_port ({@code R0
     * invalid sock access off=50 size=2}) so that a test can see the emulator trap there.
     */
    private static final Set<String> PROGRAMS_REFUSED_BY_LINUX = Set.of("same_section.o:pass_or_drop", "annotated.o:reads_past_the_frame",
            "core_unresolved.o:unguarded_read", "core_unresolved.o:anon_member", "core_typedef_enum.o:typedef_enum",
            "annotated.o:reads_unchecked_header", "annotated.o:indexes_with_a_signed_value", "annotated.o:calls_a_global_function",
            "annotated.o:leaks_a_sample", "annotated.o:reserves_a_variable_size",
            "annotated_failing.o:refused_for_another_reason",
            "annotated_failing.o:refused_but_expected_to_load", "btf_path.o:offset_from_the_target",
            "core_compat.o:compatible_candidate", "core_compat.o:enum64_values", "core_compat.o:enum_values", "core_compat.o:field_values",
            "core_compat.o:pruned_candidates", "core_enum_unsigned.o:big_enumerator", "core_patch.o:sized_loads",
            "autoload.o:unchecked_read", "socket_casts.o:read_padding");

    @Test
    void acceptsEveryProgramOfEveryObjectInTheRepository() throws IOException {
        // given every committed object of the repository
        Path root = Path.of("..").toAbsolutePath().normalize();
        List<Path> objects;
        try (Stream<Path> files = Files.walk(root)) {
            objects = files.filter(p -> p.toString().endsWith(".o") && !p.toString().contains("/target/")
                    && !p.toString().contains("/verifier-corpus/") && !REFUSED_BY_LINUX.contains(p.getFileName().toString()))
                    .sorted().toList();
        }
        assertThat(objects).hasSizeGreaterThan(40);
        // when each program is verified
        List<String> refused = new ArrayList<>();
        List<String> listedButAccepted = new ArrayList<>();
        int programs = 0;
        for (Path file : objects) {
            ObjectSpec spec;
            try {
                spec = ObjectSpec.load(file);
            } catch (EbpfException e) {
                continue; // objects the loader refuses on purpose (corrupted ones) never reach a verifier
            }
            for (ProgramSpec p : spec.programs()) {
                programs++;
                Verification v = Verifier.verify(p, Verifier.mapsOf(spec), spec.btf());
                String name = file.getFileName() + ":" + p.name();
                if (PROGRAMS_REFUSED_BY_LINUX.contains(name)) {
                    if (v.accepted()) {
                        listedButAccepted.add(name);
                    }
                } else if (!v.accepted()) {
                    refused.add(root.relativize(file) + ": " + v.summary() + "\n    " + String.join("\n    ", v.log()));
                }
            }
        }
        // then none is refused but those Linux refuses
        assertThat(programs).isGreaterThan(80);
        assertThat(refused).isEmpty();
        assertThat(listedButAccepted).as("listed as refused by Linux, refused here too").isEmpty();
    }
}
