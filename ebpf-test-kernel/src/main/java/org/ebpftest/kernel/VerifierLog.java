package org.ebpftest.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ebpftest.runtime.elf.ProgramSpec;
import org.ebpftest.runtime.isa.SourceLine;

/**
 * The verifier's log made readable: each instruction line ({@code 12: (61) r2 = *(u32 *)(r1 +4)})
 * is preceded by the C line the object's line info gives for that instruction, where it changes,
 * in the {@code ; line} form {@code llvm-objdump -l} and {@code bpftool prog dump} use.
 */
final class VerifierLog {
    private static final Pattern INSN = Pattern.compile("^(\\d+): \\(");
    /** How many lines of the log a refusal's message keeps: the verifier's verdict is at the end. */
    static final int MESSAGE_LINES = 60;

    private VerifierLog() {
    }

    static String annotate(String log, ProgramSpec program) {
        StringBuilder out = new StringBuilder();
        String shown = null;
        for (String line : log.split("\n", -1)) {
            Matcher m = INSN.matcher(line);
            if (m.find()) {
                SourceLine source = covering(program, Integer.parseInt(m.group(1)));
                String text = source == null ? null : source.toString();
                if (text != null && !text.equals(shown)) {
                    out.append("; ").append(text).append('\n');
                    shown = text;
                }
            }
            out.append(line).append('\n');
        }
        return out.toString().stripTrailing();
    }

    /** The last {@code n} lines of a text, with a note of how many were left out. */
    static String tail(String text, int n) {
        String[] lines = text.split("\n");
        if (lines.length <= n) {
            return text;
        }
        List<String> kept = new ArrayList<>(List.of(lines).subList(lines.length - n, lines.length));
        kept.add(0, "... (" + (lines.length - n) + " earlier lines of the log left out)");
        return String.join("\n", kept);
    }

    private static SourceLine covering(ProgramSpec program, int slot) {
        for (int s = Math.min(slot, program.slotCount() - 1); s >= 0; s--) {
            SourceLine line = program.sourceLineAt(s);
            if (line != null && line.hasLine()) {
                return line;
            }
        }
        return null;
    }
}
