package org.ebpftest.runtime.vm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.ebpftest.runtime.isa.Operation;
import org.junit.jupiter.api.Test;

/**
 * {@link Ops} is generated from {@link Operation}: Java's switch needs its case labels as constants,
 * so the interpreter's dispatch numbers are written out as a source file, and this test keeps that
 * file equal to what the one model says. After changing {@link Operation}, regenerate it with
 * {@code ./mvnw -o -pl ebpf-test-runtime test -Dtest=OpsSourceTest -Debpftest.regenerateOps=true}.
 */
class OpsSourceTest {
    private static final Path OPS = Path.of("src/main/java/org/ebpftest/runtime/vm/Ops.java");

    static String render() {
        StringBuilder sb = new StringBuilder();
        sb.append("package org.ebpftest.runtime.vm;\n\n")
                .append("/**\n")
                .append(" * The numbers the interpreter dispatches on: the ordinal of each {@link org.ebpftest.runtime.isa.Operation},\n")
                .append(" * written out because a switch needs constant case labels. {@link ProgramDecoder} puts them in the\n")
                .append(" * low byte of each pre-decoded instruction.\n")
                .append(" *\n")
                .append(" * <p>Generated from {@code Operation} by {@code OpsSourceTest}, which fails when the two differ; do\n")
                .append(" * not edit by hand.\n")
                .append(" */\n")
                .append("final class Ops {\n");
        for (Operation op : Operation.values()) {
            sb.append("    static final int ").append(op.name()).append(" = ").append(op.ordinal()).append(";\n");
        }
        sb.append("\n    private Ops() {\n    }\n}\n");
        return sb.toString();
    }

    @Test
    void opsHoldsTheOrdinalOfEveryOperation() throws IOException {
        // Given the dispatch numbers the one model implies
        String expected = render();
        if (Boolean.getBoolean("ebpftest.regenerateOps")) {
            Files.writeString(OPS, expected, StandardCharsets.UTF_8);
        }
        // Then the committed Ops.java says exactly that
        assertThat(Files.readString(OPS, StandardCharsets.UTF_8)).isEqualTo(expected);
    }

    @Test
    void everyOperationFitsTheByteTheDecoderPacksItInto() {
        assertThat(Operation.values().length).isLessThanOrEqualTo(256);
    }
}
