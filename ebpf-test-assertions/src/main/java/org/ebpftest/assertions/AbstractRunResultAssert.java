package org.ebpftest.assertions;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.assertj.core.api.AbstractObjectAssert;
import org.assertj.core.api.ListAssert;
import org.ebpftest.packet.FrameDiff;
import org.ebpftest.packet.HexDump;
import org.ebpftest.packet.Packet;
import org.ebpftest.runtime.linux.RunResult;
import org.ebpftest.runtime.linux.helpers.HelperCall;
import org.ebpftest.runtime.linux.helpers.HelperId;
import org.ebpftest.runtime.linux.net.Redirect;
import org.ebpftest.runtime.uapi.ReturnCode;
import org.ebpftest.runtime.uapi.ReturnCodes;
import org.ebpftest.runtime.uapi.TcAction;
import org.ebpftest.runtime.uapi.XdpAction;

/**
 * Assertions on what one run of a program produced: its return code, the packet it left, the
 * redirect it asked for, the lines it printed and the helpers it called.
 *
 * <pre>{@code
 * RunResult result = object.run("xdp_fw", XdpInput.of(frame));
 * assertThat(result).returnsXdpTx()
 *         .packet().ipv4().hasTtl(63);
 * assertThat(result).calledHelper("bpf_map_update_elem").printedLineContaining("drop");
 * }</pre>
 *
 * <p>The {@link ReturnCodes} tells how to read r0 and the packet; by default it is the family of
 * the program that ran ({@link RunResult#contextType()}). Without one (a run on a generic context),
 * the return value is a plain number and the packet is read as an Ethernet frame, but a symbolic
 * expectation such as {@link #returnsXdpPass()} brings its own family. A return-code failure ends with the last lines
 * the program printed with {@code bpf_trace_printk}, which usually say why.
 *
 * @param <SELF> the concrete assertion, returned by every check
 */
public abstract class AbstractRunResultAssert<SELF extends AbstractRunResultAssert<SELF>>
        extends AbstractObjectAssert<SELF, RunResult> {

    /** How many printed lines a return-code failure shows, from the end. */
    static final int TRACE_TAIL = 10;

    private static final int ETH_HLEN = 14;

    private ReturnCodes family;
    private NestedAsserts nested = NestedAsserts.HARD;

    /** Creates an assertion on a run of a program of {@code family}, which may be null. */
    protected AbstractRunResultAssert(RunResult actual, ReturnCodes family, Class<?> selfType) {
        super(actual, selfType);
        this.family = family;
    }

    /** Sets what a soft-assertion proxy's constructor cannot take: the family and soft navigation. */
    static void configure(AbstractRunResultAssert<?> assertion, ReturnCodes family, NestedAsserts nested) {
        assertion.family = family;
        assertion.nested = nested;
    }

    /** The return codes of the program type a run was of; null for a null run or one on a generic context. */
    static ReturnCodes familyOf(RunResult run) {
        return run == null ? null : run.contextType().returnCodes().orElse(null);
    }

    /** The family this assertion reads the run for, or null. */
    public ReturnCodes family() {
        return family;
    }

    // ---- return code

    /**
     * Checks the return code against a symbolic one, such as {@code XdpAction.DROP}.
     *
     * @throws IllegalArgumentException if {@code expected} belongs to another program family than this assertion's
     */
    public SELF hasReturnCode(ReturnCode expected) {
        Args.notNull("expected return code", expected);
        if (family != null && expected.family() != family) {
            throw new IllegalArgumentException(expected.describe() + " belongs to " + expected.family()
                    + " programs but this assertion checks a run of a " + family + " program");
        }
        isNotNull();
        ReturnCodes f = expected.family();
        if (f.value(actual.returnValue()) != expected.value()) {
            throw failure("Expecting return code: " + expected.describe() + " but was: " + f.describe(actual.returnValue())
                    + traceTail() + pathTail());
        }
        return myself;
    }

    /** Checks the return code against a number, read as the kernel reads r0 for this assertion's family. */
    public SELF hasReturnCode(long expected) {
        isNotNull();
        long r0 = actual.returnValue();
        boolean equal = family == null ? r0 == expected : family.value(r0) == family.value(expected);
        if (!equal) {
            throw failure("Expecting return code: " + describe(expected) + " but was: " + describe(r0) + traceTail() + pathTail());
        }
        return myself;
    }

    /** Checks for {@code XDP_ABORTED (0)}. */
    public SELF returnsXdpAborted() {
        return hasReturnCode(XdpAction.ABORTED);
    }

    /** Checks for {@code XDP_DROP (1)}. */
    public SELF returnsXdpDrop() {
        return hasReturnCode(XdpAction.DROP);
    }

    /** Checks for {@code XDP_PASS (2)}. */
    public SELF returnsXdpPass() {
        return hasReturnCode(XdpAction.PASS);
    }

    /** Checks for {@code XDP_TX (3)}. */
    public SELF returnsXdpTx() {
        return hasReturnCode(XdpAction.TX);
    }

    /** Checks for {@code XDP_REDIRECT (4)}. */
    public SELF returnsXdpRedirect() {
        return hasReturnCode(XdpAction.REDIRECT);
    }

    /** Checks for {@code TC_ACT_UNSPEC (-1)}. */
    public SELF returnsTcUnspec() {
        return hasReturnCode(TcAction.UNSPEC);
    }

    /** Checks for {@code TC_ACT_OK (0)}. */
    public SELF returnsTcOk() {
        return hasReturnCode(TcAction.OK);
    }

    /** Checks for {@code TC_ACT_SHOT (2)}. */
    public SELF returnsTcShot() {
        return hasReturnCode(TcAction.SHOT);
    }

    /** Checks for {@code TC_ACT_PIPE (3)}. */
    public SELF returnsTcPipe() {
        return hasReturnCode(TcAction.PIPE);
    }

    /** Checks for {@code TC_ACT_STOLEN (4)}. */
    public SELF returnsTcStolen() {
        return hasReturnCode(TcAction.STOLEN);
    }

    /** Checks for {@code TC_ACT_REDIRECT (7)}. */
    public SELF returnsTcRedirect() {
        return hasReturnCode(TcAction.REDIRECT);
    }

    /** The return code assertion, for its other checks such as {@code isOneOf(XdpAction.PASS, XdpAction.TX)}. */
    public ReturnCodeAssert returnCode() {
        isNotNull();
        ReturnCodeAssert child = nested.create(ReturnCodeAssert.class, Long.class, actual.returnValue(), ReturnCodeAssert::new);
        AbstractReturnCodeAssert.useFamily(child, family);
        child.info.description(info.description());
        return child;
    }

    // ---- packet

    /**
     * Navigates to the packet the run left (test_run's data_out), parsed. For XDP the metadata in
     * front of the frame is left out; for socket filters and {@code cgroup_skb} programs, whose
     * data_out starts with 14 zero bytes where the Ethernet header was, the packet is the IP
     * datagram after them. Without a family it is the whole of data_out, read as an Ethernet frame.
     */
    public PacketAssert packet() {
        isNotNull();
        PacketAssert child = nested.create(PacketAssert.class, Packet.class, outputPacket(), PacketAssert::new);
        AbstractPacketAssert.useNested(child, nested);
        child.info.description(info.description());
        return child;
    }

    /**
     * Checks the output packet, as {@link #packet()} reads it, byte for byte against {@code expected}.
     * The failure reports each differing field and the differing rows of both hex dumps.
     */
    public SELF hasPacket(byte[] expected) {
        Args.notNull("expected packet", expected);
        isNotNull();
        return samePacket(expected, "Expecting output packet to be equal to the expected frame but ");
    }

    /** Checks that the program left the packet as it came in: {@code input} is the frame the run was given. */
    public SELF packetIsUnchanged(byte[] input) {
        Args.notNull("input frame", input);
        isNotNull();
        return samePacket(input, "Expecting output packet to be unchanged from the input but ");
    }

    private SELF samePacket(byte[] expected, String expectation) {
        Packet out = outputPacket();
        Packet want = readsFromNetworkHeader() ? Packet.parseIp(expected) : Packet.parse(expected);
        FrameDiff diff = FrameDiff.of(want, out.bytes());
        if (!diff.isEmpty()) {
            String message = expectation + diff.toString().stripTrailing() + "\noutput packet:\n" + Names.indent(out.toString()) + pathTail();
            // Both hex dumps ride along so that IDEs can show them side by side.
            throw failureWithActualExpected(HexDump.of(out.bytes()), HexDump.of(want.bytes()), "\n%s", message);
        }
        return myself;
    }

    private Packet outputPacket() {
        byte[] data = actual.packet();
        if (family == ReturnCodes.XDP) {
            return Packet.parse(actual.frame());
        }
        if (readsFromNetworkHeader()) {
            return Packet.parseIp(Arrays.copyOfRange(data, Math.min(ETH_HLEN, data.length), data.length));
        }
        return Packet.parse(data);
    }

    private boolean readsFromNetworkHeader() {
        return family == ReturnCodes.SOCKET_FILTER || family == ReturnCodes.CGROUP_SKB;
    }

    // ---- redirect

    /** Checks that the program asked to redirect the packet to an interface, by any redirect helper. */
    public SELF redirectsTo(int ifindex) {
        isNotNull();
        Redirect r = actual.redirect().orElse(null);
        if (r == null) {
            throw failure("Expecting a redirect to ifindex " + ifindex + " but the program asked for none" + helperSummary());
        }
        if (r.ifindex() != ifindex) {
            throw failure("Expecting a redirect to ifindex " + ifindex + " but was: " + describe(r));
        }
        return myself;
    }

    /** Checks that the redirect goes to its target's ingress ({@code BPF_F_INGRESS}). */
    public SELF redirectsToIngress() {
        return redirectDirection(true);
    }

    /** Checks that the redirect goes to its target's egress (no {@code BPF_F_INGRESS}). */
    public SELF redirectsToEgress() {
        return redirectDirection(false);
    }

    private SELF redirectDirection(boolean ingress) {
        isNotNull();
        String where = ingress ? "ingress" : "egress";
        Redirect r = actual.redirect().orElse(null);
        if (r == null) {
            throw failure("Expecting a redirect to " + where + " but the program asked for none" + helperSummary());
        }
        if (r.ingress() != ingress) {
            throw failure("Expecting a redirect to " + where + " but was: " + describe(r));
        }
        return myself;
    }

    /** Checks the flags argument of the redirect helper, such as {@code Redirect.F_INGRESS}. */
    public SELF hasRedirectFlags(long flags) {
        isNotNull();
        Redirect r = actual.redirect().orElse(null);
        if (r == null) {
            throw failure("Expecting a redirect with flags 0x" + Long.toHexString(flags) + " but the program asked for none"
                    + helperSummary());
        }
        if (r.flags() != flags) {
            throw failure("Expecting redirect flags: 0x" + Long.toHexString(flags) + " but was: " + describe(r));
        }
        return myself;
    }

    /** Checks that the program asked for no redirect. Copies sent with {@code bpf_clone_redirect} are not redirects. */
    public SELF hasNoRedirect() {
        isNotNull();
        Optional<Redirect> r = actual.redirect();
        if (r.isPresent()) {
            throw failure("Expecting no redirect but was: " + describe(r.get()));
        }
        return myself;
    }

    /** Checks the interfaces copies were sent to with {@code bpf_clone_redirect}, exactly and in order. */
    public SELF clonedTo(int... ifindexes) {
        Args.notNull("expected ifindexes", ifindexes);
        isNotNull();
        List<Integer> expected = Arrays.stream(ifindexes).boxed().toList();
        List<Integer> found = actual.clonedRedirects().stream().map(Redirect::ifindex).toList();
        if (!found.equals(expected)) {
            throw failure("Expecting copies sent with bpf_clone_redirect to ifindexes: " + expected + " but were: " + found);
        }
        return myself;
    }

    private static String describe(Redirect r) {
        return "ifindex " + r.ifindex() + " " + (r.ingress() ? "ingress" : "egress") + " (" + r.helper()
                + ", flags 0x" + Long.toHexString(r.flags()) + ")";
    }

    // ---- printed lines

    /** Checks the lines printed with {@code bpf_trace_printk}, exactly and in order, without trailing newlines. */
    public SELF printed(String... lines) {
        Args.notNull("expected lines", lines);
        isNotNull();
        if (!actual.printedMessages().equals(Arrays.asList(lines))) {
            throw failure("Expecting printed lines to be:\n" + lines(Arrays.asList(lines)) + "\nbut were:\n"
                    + lines(actual.printedMessages()));
        }
        return myself;
    }

    /** Checks that at least one printed line contains {@code text}. */
    public SELF printedLineContaining(String text) {
        Args.notNull("text", text);
        isNotNull();
        if (actual.printedMessages().stream().noneMatch(line -> line.contains(text))) {
            throw failure("Expecting a printed line containing: \"" + text + "\" but the lines were:\n"
                    + lines(actual.printedMessages()));
        }
        return myself;
    }

    /** Checks that the program printed nothing. */
    public SELF printedNothing() {
        isNotNull();
        if (!actual.printedMessages().isEmpty()) {
            throw failure("Expecting no printed lines but were:\n" + lines(actual.printedMessages()));
        }
        return myself;
    }

    /** An AssertJ list assertion on the printed lines, for checks this class has not got. */
    public ListAssert<String> printedLines() {
        isNotNull();
        return nested.<String>list(actual.printedMessages()).describedAs("lines printed with bpf_trace_printk");
    }

    private static String lines(List<String> lines) {
        if (lines.isEmpty()) {
            return "  (none)";
        }
        return lines.stream().map(l -> "  " + l).collect(Collectors.joining("\n"));
    }

    /**
     * The path the run took through the C source, when runs record it ({@code -Debpftest.path=on});
     * nothing otherwise, so that a run pays for the path only when asked.
     */
    private String pathTail() {
        return actual.path().map(p -> "\n" + p.describe()).orElse("");
    }

    /** The last printed lines under a heading, or nothing when the program printed nothing. */
    private String traceTail() {
        if (!actual.recordsSideEffects()) {
            return "";    // a kernel run: its lines went to the trace pipe
        }
        List<String> printed = actual.printedMessages();
        if (printed.isEmpty()) {
            return "";
        }
        int from = Math.max(0, printed.size() - TRACE_TAIL);
        String which = from == 0 ? "" : " (last " + (printed.size() - from) + " of " + printed.size() + ")";
        return "\nprinted with bpf_trace_printk" + which + ":\n" + lines(printed.subList(from, printed.size()));
    }

    // ---- helper calls

    /**
     * Checks that the program called a helper at least once, by name with or without {@code bpf_}.
     *
     * @throws IllegalArgumentException if no helper has that name
     */
    public SELF calledHelper(String name) {
        String helper = helper(name);
        isNotNull();
        if (actual.helperCalls(helper).isEmpty()) {
            throw failure("Expecting a call of " + helper + " but there was none" + helperSummary());
        }
        return myself;
    }

    /**
     * Checks how many times the program called a helper.
     *
     * @throws IllegalArgumentException if no helper has that name, or {@code times} is negative
     */
    public SELF calledHelperTimes(String name, int times) {
        String helper = helper(name);
        Args.range("times", times, 0, Integer.MAX_VALUE);
        isNotNull();
        int count = actual.helperCalls(helper).size();
        if (count != times) {
            throw failure("Expecting " + calls(times) + " of " + helper + " but there " + (count == 1 ? "was " : "were ")
                    + count + helperSummary());
        }
        return myself;
    }

    /**
     * Checks that the program never called a helper.
     *
     * @throws IllegalArgumentException if no helper has that name
     */
    public SELF neverCalledHelper(String name) {
        String helper = helper(name);
        isNotNull();
        List<HelperCall> calls = actual.helperCalls(helper);
        if (!calls.isEmpty()) {
            throw failure("Expecting no call of " + helper + " but there " + (calls.size() == 1 ? "was 1: " : "were "
                    + calls.size() + ", the first: ") + describe(calls.get(0)));
        }
        return myself;
    }

    /**
     * An AssertJ list assertion on the calls of one helper, in order, to check their arguments:
     * {@code helperCalls("bpf_redirect").singleElement().extracting(c -> c.arg(1)).isEqualTo(3L)}.
     *
     * @throws IllegalArgumentException if no helper has that name
     */
    public ListAssert<HelperCall> helperCalls(String name) {
        String helper = helper(name);
        isNotNull();
        return nested.<HelperCall>list(actual.helperCalls(helper)).describedAs("calls of " + helper);
    }

    private static String helper(String name) {
        Args.notNull("helper name", name);
        String full = name.startsWith("bpf_") ? name : "bpf_" + name;
        if (HelperId.named(full).isEmpty()) {
            throw new IllegalArgumentException("no helper is named \"" + name + "\"");
        }
        return full;
    }

    private static String calls(int n) {
        return n == 1 ? "1 call" : n + " calls";
    }

    private static String describe(HelperCall call) {
        return call.name() + "(" + call.args().stream().map(a -> "0x" + Long.toHexString(a)).collect(Collectors.joining(", "))
                + ") = " + call.result();
    }

    /** {@code ; helpers called: [bpf_map_lookup_elem x2, bpf_redirect]}, or that none were. */
    private String helperSummary() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (HelperCall call : actual.helperCalls()) {
            counts.merge(call.name(), 1, Integer::sum);
        }
        if (counts.isEmpty()) {
            return "; the program called no helper";
        }
        return "; helpers called: " + counts.entrySet().stream()
                .map(e -> e.getKey() + (e.getValue() == 1 ? "" : " x" + e.getValue()))
                .collect(Collectors.joining(", ", "[", "]"));
    }

    // ---- instructions

    /** Checks that the run executed no more than {@code max} instructions, tail calls and callbacks included. */
    public SELF executedAtMost(long max) {
        Args.range("maximum instructions", max, 0, Long.MAX_VALUE);
        isNotNull();
        if (actual.instructions() > max) {
            throw failure("Expecting at most " + max + " instructions to be executed but " + actual.instructions() + " were");
        }
        return myself;
    }

    private String describe(long r0) {
        return family == null ? String.valueOf(r0) : family.describe(r0);
    }

    private AssertionError failure(String message) {
        return assertionError(FailureMessage.of(message));
    }
}
