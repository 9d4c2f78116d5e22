package org.ebpftest.runtime.linux.buffers;

import java.util.Arrays;
import java.util.Objects;
import org.ebpftest.runtime.linux.RunRefusedException;
import org.ebpftest.runtime.uapi.Errno;

/**
 * What a netfilter test run ({@code bpf_prog_test_run_nf}) starts from: the packet
 * ({@code data_in}) and, unless {@link #withState} is false, the {@code struct nf_hook_state}
 * test_run takes as {@code ctx_in}, of which only {@code hook} and {@code pf} may be set. At
 * {@code NF_INET_LOCAL_OUT} the packet starts at the network header; at every other hook it starts
 * at the Ethernet header, which test_run pulls.
 *
 * @param packet the packet ({@code data_in})
 * @param hook {@code state->hook}: {@code NF_INET_PRE_ROUTING} (0) to {@code NF_INET_POST_ROUTING} (4)
 * @param pf {@code state->pf}: {@code NFPROTO_IPV4} (2) or {@code NFPROTO_IPV6} (10)
 * @param withState false to run as {@code bpftool prog run} does without {@code ctx_in}: then
 *     test_run uses hook {@code NF_INET_LOCAL_OUT} and pf {@code NFPROTO_IPV4}, with no devices
 */
public record NetfilterInput(byte[] packet, int hook, int pf, boolean withState) implements RunInput {
    /** {@code sizeof(struct nf_hook_state)} on Linux 6.18 x86-64. */
    public static final int STATE_SIZE = 48;
    /** {@code NF_INET_PRE_ROUTING}. */
    public static final int PRE_ROUTING = 0;
    /** {@code NF_INET_LOCAL_IN}. */
    public static final int LOCAL_IN = 1;
    /** {@code NF_INET_FORWARD}. */
    public static final int FORWARD = 2;
    /** {@code NF_INET_LOCAL_OUT}: test_run's hook without {@code ctx_in}. */
    public static final int LOCAL_OUT = 3;
    /** {@code NF_INET_POST_ROUTING}. */
    public static final int POST_ROUTING = 4;
    /** {@code NFPROTO_IPV4}. */
    public static final int IPV4 = 2;
    /** {@code NFPROTO_IPV6}. */
    public static final int IPV6 = 10;

    /** An input; the packet is copied. */
    public NetfilterInput {
        packet = Objects.requireNonNull(packet, "packet").clone();
        if (hook < 0 || hook > 0xff || pf < 0 || pf > 0xff) {
            throw new IllegalArgumentException("hook and pf are u8 members of struct nf_hook_state, got hook " + hook + ", pf " + pf);
        }
    }

    /** A packet from the network header on, without {@code ctx_in}: test_run's defaults, {@code NF_INET_LOCAL_OUT} and IPv4. */
    public static NetfilterInput of(byte[] packet) {
        return new NetfilterInput(packet, LOCAL_OUT, IPV4, false);
    }

    /** A packet at a hook for a protocol family, passed as {@code ctx_in}. */
    public static NetfilterInput at(int hook, int pf, byte[] packet) {
        return new NetfilterInput(packet, hook, pf, true);
    }

    /**
     * The input of a test run given {@code data_in} and, unless null, {@code ctx_in} as bytes of a
     * {@code struct nf_hook_state}, checked as {@code bpf_ctx_init} and
     * {@code verify_and_copy_hook_state} check it: bytes past the struct's 48 must be zero (else
     * E2BIG), and the pointers {@code in}, {@code out}, {@code sk}, {@code net} and {@code okfn}
     * must be NULL (else EINVAL).
     *
     * @throws RunRefusedException where test_run refuses the context
     */
    public static NetfilterInput fromTestRun(byte[] dataIn, byte[] ctxIn) {
        if (ctxIn == null) {
            return of(dataIn);
        }
        for (int i = STATE_SIZE; i < ctxIn.length; i++) {
            if (ctxIn[i] != 0) {
                throw new RunRefusedException(Errno.E2BIG, "ctx_in is " + ctxIn.length + " bytes with non-zero bytes past struct nf_hook_state's "
                        + STATE_SIZE);
            }
        }
        byte[] state = Arrays.copyOf(ctxIn, STATE_SIZE);
        for (int i = 2; i < STATE_SIZE; i++) {
            if (state[i] != 0) {
                throw new RunRefusedException(Errno.EINVAL, "ctx_in sets byte " + i + " of struct nf_hook_state; test_run takes only hook and pf,"
                        + " with in, out, sk, net and okfn NULL");
            }
        }
        return at(state[0] & 0xff, state[1] & 0xff, dataIn);
    }

    @Override
    public byte[] packet() {
        return packet.clone();
    }
}
