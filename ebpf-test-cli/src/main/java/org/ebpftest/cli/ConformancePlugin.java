package org.ebpftest.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.ebpftest.runtime.EbpfException;
import org.ebpftest.runtime.conformance.ConformanceRunner;
import org.ebpftest.runtime.isa.Hex;

/**
 * The plugin protocol of the bpf_conformance suite's runner: the input memory as space-separated
 * hex bytes in the first argument (possibly empty or absent), the program as space-separated hex
 * bytes on standard input; prints r0 in hex and exits 0, or prints the error and exits 1.
 */
final class ConformancePlugin {

    private ConformancePlugin() {
    }

    static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
        try {
            byte[] memory = args.length > 0 ? Hex.parse(args[0]) : new byte[0];
            byte[] program = Hex.parse(new String(in.readAllBytes(), StandardCharsets.US_ASCII));
            long r0 = ConformanceRunner.run(program, memory);
            out.println(Long.toHexString(r0));
            return 0;
        } catch (EbpfException | IllegalArgumentException e) {
            err.println(e.getMessage());
            return 1;
        } catch (IOException e) {
            err.println("cannot read the program from standard input: " + e.getMessage());
            return 1;
        }
    }
}
