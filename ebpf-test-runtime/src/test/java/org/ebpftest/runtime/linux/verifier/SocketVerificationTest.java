package org.ebpftest.runtime.linux.verifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ebpftest.runtime.isa.Register.R0;
import static org.ebpftest.runtime.isa.Register.R1;
import static org.ebpftest.runtime.isa.Register.R2;
import static org.ebpftest.runtime.isa.Register.R3;
import static org.ebpftest.runtime.isa.Register.R4;
import static org.ebpftest.runtime.isa.Register.R5;
import static org.ebpftest.runtime.isa.Register.R6;
import static org.ebpftest.runtime.isa.Register.R7;
import static org.ebpftest.runtime.isa.Register.R10;

import java.util.List;
import org.ebpftest.runtime.elf.ProgramType;
import org.ebpftest.runtime.isa.AluOp;
import org.ebpftest.runtime.isa.Assembler;
import org.ebpftest.runtime.isa.JumpOp;
import org.ebpftest.runtime.isa.Size;
import org.ebpftest.runtime.linux.helpers.HelperId;
import org.ebpftest.runtime.linux.verifier.Reg.Kind;
import org.junit.jupiter.api.Test;

/**
 * Socket pointers as Linux 6.18 types them: {@code __sk_buff->sk} (sock_common or NULL, holding no
 * reference), {@code bpf_sk_fullsock} and {@code bpf_tcp_sock} (casts keeping their argument's
 * reference), {@code bpf_get_listener_sock} (holding none), and the fields each kind may read.
 * The corpus group {@code sockets} holds the same rules compiled and recorded from the kernel.
 */
class SocketVerificationTest {
    private static final int SK = 168;

    /** r1 = skb->sk; if (!r1) return 0; */
    private static Assembler checkedSkbSk() {
        return new Assembler()
                .load(Size.DW, R1, R1, SK)
                .jump(JumpOp.JNE, R1, 0, "sk")
                .mov64(R0, 0).exit()
                .label("sk");
    }

    /** r6 = bpf_sk_lookup_tcp(ctx, &zeroed tuple, 12, -1, 0); if (!r6) return 0; */
    private static Assembler lookedUpSocket() {
        Assembler a = new Assembler().mov64(R2, 0);
        for (int off = -8; off >= -40; off -= 8) {
            a.store(Size.DW, R10, off, R2);
        }
        return a.mov64(R2, R10).add64(R2, -40).mov64(R3, 12).mov64(R4, -1).mov64(R5, 0)
                .call(HelperId.SK_LOOKUP_TCP.id())
                .jump(JumpOp.JNE, R0, 0, "found")
                .exit()
                .label("found")
                .mov64(R6, R0);
    }

    private static Verification verify(ProgramType type, Assembler a) {
        return Verifier.verify("sockets", type, a.build(), List.of());
    }

    @Test
    void readsSkbSkOnlyAfterItsNullCheck() {
        // given reads of skb->sk's family without and with a NULL check
        Assembler unchecked = new Assembler().load(Size.DW, R1, R1, SK).load(Size.W, R0, R1, 4).mov64(R0, 1).exit();
        Assembler checked = checkedSkbSk().load(Size.W, R0, R1, 4).mov64(R0, 1).exit();
        // when verified as cgroup_skb programs
        Verification refused = verify(ProgramType.CGROUP_SKB, unchecked);
        Verification accepted = verify(ProgramType.CGROUP_SKB, checked);
        // then the unchecked read is refused in the kernel's words, the checked one loads
        assertThat(refused.message()).isEqualTo("R1 invalid mem access 'sock_common_or_null'");
        assertThat(accepted.accepted()).as(accepted.summary()).isTrue();
    }

    @Test
    void readsFullSocketFieldsOnlyThroughBpfSkFullsock() {
        // given the socket type read through skb->sk, and through bpf_sk_fullsock(skb->sk)
        Assembler common = checkedSkbSk().load(Size.W, R0, R1, 8).mov64(R0, 0).exit();
        Assembler full = checkedSkbSk().call(HelperId.SK_FULLSOCK.id())
                .jump(JumpOp.JNE, R0, 0, "full").exit()
                .label("full").load(Size.W, R0, R0, 8).mov64(R0, 0).exit();
        // when verified as tc programs
        Verification refused = verify(ProgramType.SCHED_CLS, common);
        Verification accepted = verify(ProgramType.SCHED_CLS, full);
        // then the type is a full socket's field only
        assertThat(refused.message()).isEqualTo("R1 invalid sock_common access off=8 size=4");
        assertThat(accepted.accepted()).as(accepted.summary()).isTrue();
    }

    @Test
    void refusesBpfSkFullsockOfAnUncheckedSkbSk() {
        // given skb->sk handed to bpf_sk_fullsock before its NULL check
        Assembler a = new Assembler().load(Size.DW, R1, R1, SK).call(HelperId.SK_FULLSOCK.id()).mov64(R0, 0).exit();
        // when verified
        Verification v = verify(ProgramType.CGROUP_SKB, a);
        // then the argument is refused as the kernel's check_reg_type refuses it
        assertThat(v.message()).isEqualTo("R1 type=sock_common_or_null expected=sock_common, sock, tcp_sock, xdp_sock");
    }

    @Test
    void refusesAnyByteOfATcpSocketButWholeFields() {
        // given bpf_tcp_sock(skb->sk) read as one byte of snd_cwnd, and as its 8-byte bytes_acked
        Assembler narrow = checkedSkbSk().call(HelperId.TCP_SOCK.id())
                .jump(JumpOp.JNE, R0, 0, "tp").exit()
                .label("tp").load(Size.B, R0, R0, 0).mov64(R0, 0).exit();
        Assembler wide = checkedSkbSk().call(HelperId.TCP_SOCK.id())
                .jump(JumpOp.JNE, R0, 0, "tp").exit()
                .label("tp").load(Size.DW, R0, R0, 88).mov64(R0, 0).exit();
        // when verified
        Verification refused = verify(ProgramType.SCHED_CLS, narrow);
        Verification accepted = verify(ProgramType.SCHED_CLS, wide);
        // then a tcp_sock has no narrow loads
        assertThat(refused.message()).isEqualTo("R0 invalid tcp_sock access off=0 size=1");
        assertThat(accepted.accepted()).as(accepted.summary()).isTrue();
    }

    @Test
    void refusesReleasingWhatHoldsNoReference() {
        // given bpf_sk_release of skb->sk, and of bpf_sk_fullsock(skb->sk)
        Assembler skbSk = checkedSkbSk().call(HelperId.SK_RELEASE.id()).mov64(R0, 0).exit();
        Assembler cast = checkedSkbSk().call(HelperId.SK_FULLSOCK.id())
                .jump(JumpOp.JNE, R0, 0, "full").exit()
                .label("full").mov64(R1, R0).call(HelperId.SK_RELEASE.id()).mov64(R0, 0).exit();
        // when verified
        // then both are refused: neither was acquired
        assertThat(verify(ProgramType.SCHED_CLS, skbSk).message()).isEqualTo("R1 must be referenced when passed to release function");
        assertThat(verify(ProgramType.SCHED_CLS, cast).message()).isEqualTo("R1 must be referenced when passed to release function");
    }

    @Test
    void releasesALookedUpSocketThroughItsCastAndEndsBoth() {
        // given a looked-up socket released through bpf_tcp_sock's view of it, then read
        Assembler a = lookedUpSocket().mov64(R1, R6).call(HelperId.TCP_SOCK.id())
                .jump(JumpOp.JNE, R0, 0, "tp")
                .mov64(R1, R6).call(HelperId.SK_RELEASE.id()).mov64(R0, 0).exit()
                .label("tp").mov64(R7, R0).mov64(R1, R0).call(HelperId.SK_RELEASE.id());
        Assembler released = a.load(Size.W, R0, R6, 4).mov64(R0, 0).exit();
        // when verified
        Verification v = verify(ProgramType.SCHED_CLS, released);
        // then the release went through the cast (no leak) and the looked-up socket is gone with it
        assertThat(v.message()).isEqualTo("R6 invalid mem access 'scalar'");
    }

    @Test
    void keepsTheReferenceWhenACastIsNull() {
        // given a looked-up socket whose bpf_sk_fullsock is NULL, exiting on that path without a release
        Assembler a = lookedUpSocket().mov64(R1, R6).call(HelperId.SK_FULLSOCK.id())
                .jump(JumpOp.JNE, R0, 0, "full")
                .exit()
                .label("full").mov64(R1, R6).call(HelperId.SK_RELEASE.id()).mov64(R0, 0).exit();
        // when verified
        Verification v = verify(ProgramType.SCHED_CLS, a);
        // then the NULL cast released nothing: the looked-up socket leaks there
        assertThat(v.message()).startsWith("Unreleased reference id=");
    }

    @Test
    void refusesReleasingAListenerSocket() {
        // given the listener socket of a looked-up socket released in its stead
        Assembler a = lookedUpSocket().mov64(R1, R6).call(HelperId.GET_LISTENER_SOCK.id())
                .jump(JumpOp.JNE, R0, 0, "listener")
                .mov64(R1, R6).call(HelperId.SK_RELEASE.id()).mov64(R0, 0).exit()
                .label("listener").mov64(R1, R0).call(HelperId.SK_RELEASE.id()).mov64(R0, 0).exit();
        // when verified
        // then the listener holds no reference of its own
        assertThat(verify(ProgramType.SCHED_CLS, a).message()).isEqualTo("R1 must be referenced when passed to release function");
    }

    @Test
    void refusesArithmeticAndWritesOnSockets() {
        // given a tcp_sock moved by 4, and a full socket's mark written
        Assembler moved = checkedSkbSk().call(HelperId.TCP_SOCK.id())
                .jump(JumpOp.JNE, R0, 0, "tp").exit()
                .label("tp").alu64(AluOp.ADD, R0, 4).mov64(R0, 0).exit();
        Assembler written = checkedSkbSk().call(HelperId.SK_FULLSOCK.id())
                .jump(JumpOp.JNE, R0, 0, "full").exit()
                .label("full").store(Size.W, R0, 16, 7).mov64(R0, 0).exit();
        // when verified
        // then both are refused in the kernel's words
        assertThat(verify(ProgramType.SCHED_CLS, moved).message()).isEqualTo("R0 pointer arithmetic on tcp_sock prohibited");
        assertThat(verify(ProgramType.SCHED_CLS, written).message()).isEqualTo("R0 cannot write into sock");
    }

    @Test
    void allowsTheFieldsAndSizesOfEachSocketKind() {
        // given the struct bpf_sock rules: narrow loads of 4-byte fields but bound_dev_if, mark and
        // priority; the destination port as its 2 bytes or as a word; no padding, nothing past the end
        assertThat(SocketFields.readable(Kind.SOCKET, 4, 1)).isTrue();
        assertThat(SocketFields.readable(Kind.SOCKET, 16, 1)).isFalse();
        assertThat(SocketFields.readable(Kind.SOCKET, 16, 4)).isTrue();
        assertThat(SocketFields.readable(Kind.SOCKET, 48, 4)).isTrue();
        assertThat(SocketFields.readable(Kind.SOCKET, 49, 1)).isTrue();
        assertThat(SocketFields.readable(Kind.SOCKET, 48, 8)).isFalse();
        assertThat(SocketFields.readable(Kind.SOCKET, 50, 2)).isFalse();
        assertThat(SocketFields.readable(Kind.SOCKET, 76, 4)).isTrue();
        assertThat(SocketFields.readable(Kind.SOCKET, 80, 4)).isFalse();
        // a sock_common lacks type, protocol, mark and priority; a tcp_sock is read at whole fields
        assertThat(SocketFields.readable(Kind.SOCK_COMMON, 0, 4)).isTrue();
        assertThat(SocketFields.readable(Kind.SOCK_COMMON, 12, 1)).isFalse();
        assertThat(SocketFields.readable(Kind.SOCK_COMMON, 24, 4)).isTrue();
        assertThat(SocketFields.readable(Kind.TCP_SOCK, 80, 8)).isTrue();
        assertThat(SocketFields.readable(Kind.TCP_SOCK, 80, 4)).isFalse();
        assertThat(SocketFields.readable(Kind.TCP_SOCK, 108, 4)).isTrue();
        assertThat(SocketFields.readable(Kind.TCP_SOCK, 112, 4)).isFalse();
    }
}
