package org.ebpftest.assertions;

import java.util.Arrays;
import java.util.stream.Collectors;
import org.assertj.core.api.AbstractAssert;
import org.ebpftest.runtime.uapi.ReturnCode;
import org.ebpftest.runtime.uapi.ReturnCodes;
import org.ebpftest.runtime.uapi.TcAction;
import org.ebpftest.runtime.uapi.XdpAction;

/**
 * Assertions on the value a program returned in r0, printed with the symbolic names of its
 * {@link ReturnCodes}: {@code Expecting return code: XDP_PASS (2) but was: XDP_DROP (1)}.
 *
 * <p>Without a family the value is compared and printed as a plain number, except that an
 * expected {@link ReturnCode} lends its family to both sides.
 *
 * @param <SELF> the concrete assertion, returned by every check
 */
public abstract class AbstractReturnCodeAssert<SELF extends AbstractReturnCodeAssert<SELF>> extends AbstractAssert<SELF, Long> {

    private ReturnCodes family;

    /** Creates an assertion on a return value of a program of {@code family}, which may be null. */
    protected AbstractReturnCodeAssert(Long actual, ReturnCodes family, Class<?> selfType) {
        super(actual, selfType);
        this.family = family;
    }

    /** Sets the family of an assertion made by a soft-assertion proxy, whose constructor takes only the value. */
    static void useFamily(AbstractReturnCodeAssert<?> assertion, ReturnCodes family) {
        assertion.family = family;
    }

    /** The family this assertion reads the return code for, or null. */
    public ReturnCodes family() {
        return family;
    }

    /**
     * Checks the return code against a symbolic one, such as {@code XdpAction.DROP}.
     *
     * @throws IllegalArgumentException if {@code expected} belongs to another program family
     */
    public SELF isEqualTo(ReturnCode expected) {
        ReturnCodes f = familyFor(expected);
        isNotNull();
        if (f.value(actual) != expected.value()) {
            throw assertionError(FailureMessage.of("Expecting return code: " + expected.describe() + " but was: " + f.describe(actual)));
        }
        return myself;
    }

    /** Checks the return code against a number, read as the kernel reads r0 for the family. */
    public SELF isEqualTo(long expected) {
        isNotNull();
        if (value(actual) != value(expected)) {
            throw assertionError(FailureMessage.of("Expecting return code: " + describe(expected) + " but was: " + describe(actual)));
        }
        return myself;
    }

    /** Compares with {@link #isEqualTo(ReturnCode)} or {@link #isEqualTo(long)} for a return code or a whole number. */
    @Override
    public SELF isEqualTo(Object expected) {
        if (expected instanceof ReturnCode) {
            return isEqualTo((ReturnCode) expected);
        }
        if (expected instanceof Long || expected instanceof Integer || expected instanceof Short || expected instanceof Byte) {
            return isEqualTo(((Number) expected).longValue());
        }
        return super.isEqualTo(expected);
    }

    /**
     * Checks that the return code is not a symbolic one.
     *
     * @throws IllegalArgumentException if {@code unexpected} belongs to another program family
     */
    public SELF isNotEqualTo(ReturnCode unexpected) {
        ReturnCodes f = familyFor(unexpected);
        isNotNull();
        if (f.value(actual) == unexpected.value()) {
            throw assertionError(FailureMessage.of("Expecting return code not to be: " + unexpected.describe() + " but it was"));
        }
        return myself;
    }

    /**
     * Checks that the return code is one of several symbolic ones.
     *
     * @throws IllegalArgumentException if one belongs to another program family, or none is given
     */
    public SELF isOneOf(ReturnCode... expected) {
        Args.notNull("expected return codes", expected);
        if (expected.length == 0) {
            throw new IllegalArgumentException("expected return codes must not be empty");
        }
        ReturnCodes f = null;
        for (ReturnCode code : expected) {
            ReturnCodes next = familyFor(code);
            if (f != null && next != f) {
                throw new IllegalArgumentException("expected return codes mix program families: " + Arrays.toString(expected));
            }
            f = next;
        }
        isNotNull();
        for (ReturnCode code : expected) {
            if (f.value(actual) == code.value()) {
                return myself;
            }
        }
        throw assertionError(FailureMessage.of("Expecting return code to be one of: "
                + Arrays.stream(expected).map(ReturnCode::describe).collect(Collectors.joining(", ", "[", "]"))
                + " but was: " + f.describe(actual)));
    }

    /** Checks for {@code XDP_ABORTED (0)}. */
    public SELF isXdpAborted() {
        return isEqualTo(XdpAction.ABORTED);
    }

    /** Checks for {@code XDP_DROP (1)}. */
    public SELF isXdpDrop() {
        return isEqualTo(XdpAction.DROP);
    }

    /** Checks for {@code XDP_PASS (2)}. */
    public SELF isXdpPass() {
        return isEqualTo(XdpAction.PASS);
    }

    /** Checks for {@code XDP_TX (3)}. */
    public SELF isXdpTx() {
        return isEqualTo(XdpAction.TX);
    }

    /** Checks for {@code XDP_REDIRECT (4)}. */
    public SELF isXdpRedirect() {
        return isEqualTo(XdpAction.REDIRECT);
    }

    /** Checks for {@code TC_ACT_UNSPEC (-1)}. */
    public SELF isTcUnspec() {
        return isEqualTo(TcAction.UNSPEC);
    }

    /** Checks for {@code TC_ACT_OK (0)}. */
    public SELF isTcOk() {
        return isEqualTo(TcAction.OK);
    }

    /** Checks for {@code TC_ACT_SHOT (2)}. */
    public SELF isTcShot() {
        return isEqualTo(TcAction.SHOT);
    }

    /** Checks for {@code TC_ACT_PIPE (3)}. */
    public SELF isTcPipe() {
        return isEqualTo(TcAction.PIPE);
    }

    /** Checks for {@code TC_ACT_STOLEN (4)}. */
    public SELF isTcStolen() {
        return isEqualTo(TcAction.STOLEN);
    }

    /** Checks for {@code TC_ACT_REDIRECT (7)}. */
    public SELF isTcRedirect() {
        return isEqualTo(TcAction.REDIRECT);
    }

    private ReturnCodes familyFor(ReturnCode expected) {
        Args.notNull("expected return code", expected);
        if (family != null && expected.family() != family) {
            throw new IllegalArgumentException(expected.describe() + " belongs to " + expected.family()
                    + " programs but this assertion checks the return code of " + family + " programs");
        }
        return expected.family();
    }

    private long value(long r0) {
        return family == null ? r0 : family.value(r0);
    }

    private String describe(long r0) {
        return family == null ? String.valueOf(r0) : family.describe(r0);
    }
}
