package org.ebpftest.runtime.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.ebpftest.runtime.elf.AttachType;
import org.ebpftest.runtime.elf.ObjectSpec;
import org.ebpftest.runtime.elf.ProgramType;
import org.ebpftest.runtime.linux.LoadedObject;
import org.ebpftest.runtime.linux.NetfilterCases;
import org.ebpftest.runtime.linux.RunRefusedException;
import org.ebpftest.runtime.uapi.Errno;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * netfilter.c in this machine's kernel (bpf_prog_test_run_nf, loaded as BPF_PROG_TYPE_NETFILTER
 * through libbpf, since bpftool's libbpf 1.1 does not know the type) and in the emulator: for each
 * of NetfilterCases' inputs, nf_filter's verdict or the errno the run was refused with, and what
 * nf_probe read of the hook state and the socket buffer, must be the same.
 */
@Tag("kernel")
class NetfilterKernelTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void netfilterRunsAnswerAsTheKernel() throws Exception {
        assumeTrue(KernelOracle.unavailableReason().isEmpty(),
                () -> "kernel comparison skipped: " + KernelOracle.unavailableReason().orElse(""));
        assumeTrue(KernelOracle.typedLoaderUnavailableReason().isEmpty(),
                () -> "kernel comparison skipped: " + KernelOracle.typedLoaderUnavailableReason().orElse(""));
        byte[] object = NetfilterCases.object();
        List<String> expected = new ArrayList<>();
        List<String> actual = new ArrayList<>();
        try (KernelOracle kernel = KernelOracle.loadTyped(object, "netfilter", ProgramType.NETFILTER.id(), AttachType.NETFILTER.id())) {
            for (NetfilterCases.Case c : NetfilterCases.cases()) {
                LoadedObject emulated = LoadedObject.load(ObjectSpec.parse("netfilter.o", object));
                for (String program : List.of("nf_filter", "nf_probe")) {
                    KernelOracle.KernelRun k = c.ctxIn() == null ? kernel.run(program, c.input().packet())
                            : kernel.runWithContext(program, c.input().packet(), c.ctxIn());
                    String out = program.equals("nf_probe") && k.refusal() == null ? " " + bss(kernel) : "";
                    expected.add(c.name() + ": " + program + " -> " + (k.refusal() != null ? errnoOf(k.refusal()) : k.returnValue() + out));
                    String got;
                    try {
                        long r = emulated.run(program, c.input()).retval() & 0xffffffffL;
                        got = r + (program.equals("nf_probe") ? " " + HexFormat.of().formatHex(emulated.map(".bss").lookup(new byte[4]).orElseThrow()) : "");
                    } catch (RunRefusedException e) {
                        got = Errno.name(e.errno());
                    }
                    actual.add(c.name() + ": " + program + " -> " + got);
                }
            }
        }
        assertThat(actual).isEqualTo(expected);
    }

    private static String bss(KernelOracle kernel) throws Exception {
        String name = kernel.mapNames().stream().filter(n -> n.endsWith("bss")).findFirst().orElseThrow();
        JsonNode value = JSON.readTree(kernel.dumpMap(name)).get(0).get("value");
        StringBuilder hex = new StringBuilder();
        for (JsonNode b : value) {
            hex.append(b.asText().substring(2));
        }
        return hex.toString();
    }

    private static String errnoOf(String bpftoolRefusal) {
        if (bpftoolRefusal.contains("Invalid argument")) {
            return "EINVAL";
        }
        if (bpftoolRefusal.contains("Protocol error")) {
            return "EPROTO";
        }
        return bpftoolRefusal;
    }
}
