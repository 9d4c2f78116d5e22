package org.ebpftest.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.ebpftest.runtime.EbpfException;
import org.ebpftest.runtime.isa.Disassembler;
import org.ebpftest.runtime.isa.Hex;
import org.ebpftest.runtime.isa.InstructionCodec;

/** {@code disasm}: prints raw little-endian bytecode from standard input in llvm-objdump syntax. */
final class DisassembleCommand {

    private DisassembleCommand() {
    }

    static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
        boolean hex = args.length > 0 && args[0].equals("--hex");
        try {
            byte[] input = in.readAllBytes();
            byte[] code = hex ? Hex.parse(new String(input, StandardCharsets.US_ASCII)) : input;
            out.print(Disassembler.listing(InstructionCodec.decode(code)));
            return 0;
        } catch (EbpfException | IllegalArgumentException e) {
            err.println("disasm: " + e.getMessage());
            return 1;
        } catch (IOException e) {
            err.println("disasm: cannot read standard input: " + e.getMessage());
            return 1;
        }
    }
}
