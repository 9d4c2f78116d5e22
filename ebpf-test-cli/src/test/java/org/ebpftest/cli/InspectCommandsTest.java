package org.ebpftest.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ebpftest.cli.Cli.object;

import org.ebpftest.cli.Cli.Outcome;
import org.junit.jupiter.api.Test;

/** {@code programs} and {@code dump}. */
class InspectCommandsTest {

    @Test
    void programsListsNameSectionTypeContextAndTheRuleThatTypedIt() {
        Outcome o = Cli.run("programs", object("programs.o"));

        assertThat(o.status()).as(o.err()).isZero();
        assertThat(o.out()).isEqualTo("""
                PROGRAM     SECTION  TYPE           CONTEXT    TYPED BY
                xdp_len     xdp      xdp            xdp_md     libbpf SEC("xdp")
                xdp_twice   xdp      xdp            xdp_md     libbpf SEC("xdp")
                tc_mark     tc       sched_cls      __sk_buff  libbpf SEC("tc")
                socket_all  socket   socket_filter  __sk_buff  libbpf SEC("socket")
                """);
    }

    @Test
    void programsSaysWhichProgramsNeedARawContext() {
        Outcome o = Cli.run("programs", object("raw_args.o"));

        assertThat(o.out().lines().skip(1).toList())
                .containsExactly("sum_args  raw_tp/sys_enter  raw_tracepoint  raw (--ctx-in)  libbpf SEC(\"raw_tp+\")");
    }

    @Test
    void programsShowsSectionsTypedByPrefixAndThoseNoRuleTypes() {
        Outcome o = Cli.run("programs", object("section_prefixes.o"));

        assertThat(o.out().lines().skip(1).toList()).containsExactly(
                "sock_prefixed  socket1     socket_filter  __sk_buff       cilium/ebpf prefix \"socket\"",
                "xdp_prefixed   xdp_sample  xdp            xdp_md          cilium/ebpf prefix \"xdp\"",
                "cls_exact      classifier  sched_cls      __sk_buff       libbpf SEC(\"classifier\")",
                "untyped        mysection   unspec         raw (--ctx-in)  none");
    }

    @Test
    void typeOptionTypesEveryProgramExplicitly() {
        Outcome o = Cli.run("programs", object("section_prefixes.o"), "--type", "tc");

        assertThat(o.status()).as(o.err()).isZero();
        assertThat(o.out().lines().skip(1).toList()).allSatisfy(line -> assertThat(line).contains("  sched_cls  ").endsWith("explicit"));
    }

    @Test
    void unknownTypeIsAUsageError() {
        Outcome o = Cli.run("dump", object("section_prefixes.o"), "--type", "xpd");

        assertThat(o.status()).isEqualTo(2);
        assertThat(o.err()).startsWith("dump: --type: unknown program type \"xpd\"; types are tc, socket, action,");
    }

    @Test
    void dumpPrintsTheDisassemblyWithCSourceLines() {
        Outcome o = Cli.run("dump", object("raw_args.o"));

        assertThat(o.status()).as(o.err()).isZero();
        assertThat(o.out()).contains("__u64 second = args[1];").contains("r0 = *(u64 *)(r1 + 0x8)").contains("exit");
    }

    @Test
    void dumpWithoutProgramPrintsEachProgramUnderItsName() {
        Outcome o = Cli.run("dump", object("programs.o"));

        assertThat(o.out()).contains("xdp_len (section \"xdp\", type xdp, typed by libbpf SEC(\"xdp\")):")
                .contains("tc_mark (section \"tc\", type sched_cls, typed by libbpf SEC(\"tc\")):")
                .contains("socket_all (section \"socket\", type socket_filter, typed by libbpf SEC(\"socket\")):");
    }

    @Test
    void dumpHeaderSaysAProgramIsUntypedAndHowToTypeIt() {
        Outcome o = Cli.run("dump", object("section_prefixes.o"), "--program", "untyped");

        assertThat(o.status()).as(o.err()).isZero();
        assertThat(o.out().lines().findFirst()).hasValue("untyped (section \"mysection\", untyped: no loader's rule types this section,"
                + " so it runs on raw context bytes; give it a type with --type):");
    }

    @Test
    void dumpHeaderNamesTheTypeGivenWithTypeOption() {
        Outcome o = Cli.run("dump", object("section_prefixes.o"), "--program", "untyped", "--type", "xdp");

        assertThat(o.out().lines().findFirst()).hasValue("untyped (section \"mysection\", type xdp, typed by explicit):");
    }

    @Test
    void dumpOfAnUnknownProgramListsTheObjectsPrograms() {
        Outcome o = Cli.run("dump", object("programs.o"), "--program", "nope");

        assertThat(o.status()).isEqualTo(1);
        assertThat(o.err()).isEqualTo("dump: programs.o has no program \"nope\"; its programs are xdp_len, xdp_twice, tc_mark, socket_all\n");
    }
}
