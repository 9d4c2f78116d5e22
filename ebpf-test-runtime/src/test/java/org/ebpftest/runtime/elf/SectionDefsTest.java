package org.ebpftest.runtime.elf;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Section names map to program and attach types as libbpf's table says. */
class SectionDefsTest {

    @ParameterizedTest(name = "{0} -> {1} / {2}")
    @CsvSource({
        "xdp, XDP, XDP, ''",
        "xdp.frags, XDP, XDP, ''",
        "xdp/devmap, XDP, XDP_DEVMAP, ''",
        "tc, SCHED_CLS, NONE, ''",
        "tc/ingress, SCHED_CLS, TCX_INGRESS, ''",
        "tcx/egress, SCHED_CLS, TCX_EGRESS, ''",
        "classifier, SCHED_CLS, NONE, ''",
        "action, SCHED_ACT, NONE, ''",
        "socket, SOCKET_FILTER, NONE, ''",
        "cgroup_skb/ingress, CGROUP_SKB, CGROUP_INET_INGRESS, ''",
        "kprobe/do_exit, KPROBE, NONE, do_exit",
        "kretprobe/tcp_v4_connect, KPROBE, NONE, tcp_v4_connect",
        "tracepoint/syscalls/sys_enter_openat, TRACEPOINT, NONE, syscalls/sys_enter_openat",
        "raw_tp/sched_switch, RAW_TRACEPOINT, NONE, sched_switch",
        "fentry/tcp_sendmsg, TRACING, TRACE_FENTRY, tcp_sendmsg",
        "lsm/file_open, LSM, LSM_MAC, file_open",
        "sk_lookup, SK_LOOKUP, SK_LOOKUP, ''",
        // a leading '?' (libbpf: not loaded unless asked for) plays no part in the type
        "?xdp, XDP, XDP, ''",
        "?tc/ingress, SCHED_CLS, TCX_INGRESS, ''",
        "?raw_tp/sys_enter, RAW_TRACEPOINT, NONE, sys_enter",
        "?kprobe/do_exit, KPROBE, NONE, do_exit",
        "?fentry.s/bpf_fentry_test1, TRACING, TRACE_FENTRY, bpf_fentry_test1",
    })
    void derivesProgramAndAttachTypeFromTheSectionName(String section, ProgramType type, AttachType attach, String target) {
        SectionDefs.Match match = SectionDefs.lookup(section);

        assertThat(match.type()).isEqualTo(type);
        assertThat(match.attach()).isEqualTo(attach);
        assertThat(match.attachTo()).isEqualTo(target);
    }

    @ParameterizedTest(name = "{0} -> frags {1}")
    @CsvSource({"xdp.frags, true", "xdp.frags/devmap, true", "xdp.frags/cpumap, true", "xdp, false", "xdp/devmap, false", "tc, false"})
    void marksTheXdpFragsSectionsAsLibbpfLoadsThemWithHasFrags(String section, boolean frags) {
        assertThat(SectionDefs.lookup(section).xdpFrags()).isEqualTo(frags);
    }

    @ParameterizedTest
    @CsvSource({"kprobex", "my_section", "2/13", "fentryx/foo"})
    void knowsNothingOfNamesOutsideTheTable(String section) {
        assertThat(SectionDefs.lookup(section)).isNull();
    }

    @ParameterizedTest(name = "{0} -> {1} by prefix {2}")
    @CsvSource({"xdpfoo, XDP, xdp", "tc/sideways, SCHED_CLS, tc", "socket1, SOCKET_FILTER, socket", "?classifier_x, SCHED_CLS, classifier",
        "xdp.frags_x, XDP, xdp.frags"})
    void typesNamesLibbpfRefusesByCiliumEbpfsPrefixRule(String section, ProgramType type, String pattern) {
        SectionDefs.Match match = SectionDefs.lookup(section);
        assertThat(match.type()).isEqualTo(type);
        assertThat(match.rule()).isEqualTo(new TypeRule(TypeRule.Origin.CILIUM_EBPF, pattern));
        assertThat(match.attachTo()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"XDP, 6", "SCHED_CLS, 3", "SOCKET_FILTER, 1", "TRACING, 26", "NETFILTER, 32"})
    void usesTheKernelsProgramTypeNumbers(ProgramType type, int id) {
        assertThat(type.id()).isEqualTo(id);
    }

    @ParameterizedTest
    @CsvSource({"XDP, 37", "TCX_INGRESS, 46", "CGROUP_INET_INGRESS, 0", "TRACE_FENTRY, 24", "NONE, 0"})
    void usesTheKernelsAttachTypeNumbers(AttachType type, int id) {
        assertThat(type.id()).isEqualTo(id);
    }
}
