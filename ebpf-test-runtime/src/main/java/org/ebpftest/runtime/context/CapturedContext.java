package org.ebpftest.runtime.context;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.ebpftest.runtime.linux.helpers.HelperId;

/**
 * mimic's {@code captured} context: another context plus the helper calls a program made on it in
 * a real kernel (as edb's {@code capture-context} records them). A run replays the calls: the n-th
 * call to a helper gets the n-th recorded result for that helper, r0 and the bytes the kernel
 * wrote through pointer arguments. CONTEXTS.md lists the helpers that are always emulated instead.
 *
 * <p>mimic groups the calls by helper, so the order between calls to different helpers is not
 * recorded, and a replay cannot tell that the program called helpers in another order.
 *
 * @param name its name: the file's, or the wrapped context's when the file gives none
 * @param source the file it came from
 * @param subContext the context the program ran on
 * @param helperCalls helper number to the calls recorded for it, in call order
 */
public record CapturedContext(String name, String source, BpfContext subContext, Map<Integer, List<RecordedCall>> helperCalls)
        implements BpfContext {

    /** Copies the calls in. */
    public CapturedContext {
        helperCalls = helperCalls.entrySet().stream().collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, e -> List.copyOf(e.getValue())));
    }

    @Override
    public String type() {
        return "captured";
    }

    /** The calls recorded for a helper, in call order; empty when none were. */
    public List<RecordedCall> calls(int helper) {
        return helperCalls.getOrDefault(helper, List.of());
    }

    /** The recorded helpers and how many calls each, for messages: {@code [bpf_ktime_get_ns (5) x2]}. */
    String describeCalls() {
        return helperCalls.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> HelperId.nameOf(e.getKey()) + " (" + e.getKey() + ") x" + e.getValue().size()).toList().toString();
    }

    /**
     * One recorded helper call.
     *
     * @param helper the helper's number ({@code helperFn})
     * @param params the argument registers as the kernel saw them ({@code params}); kept, not
     *     compared, as pointers differ between the kernel and the VM
     * @param results what the call left ({@code results}): r0, and bytes written through pointer
     *     arguments
     */
    public record RecordedCall(int helper, List<RegisterValue> params, List<RegisterValue> results) {
        /** Copies the lists in. */
        public RecordedCall {
            params = List.copyOf(params);
            results = List.copyOf(results);
        }
    }

    /** A register's recorded value: a number, or the bytes at the address it held. */
    public sealed interface RegisterValue permits Scalar, Bytes {
        /** The register, 0 to 5. */
        int register();
    }

    /**
     * A number in a register.
     *
     * @param register the register
     * @param value its 64 bits
     */
    public record Scalar(int register, long value) implements RegisterValue {
    }

    /**
     * Bytes at the address a register held (base64 in the file): for a result, what the kernel
     * wrote through that pointer argument.
     *
     * @param register the register
     * @param data the bytes
     */
    public record Bytes(int register, byte[] data) implements RegisterValue {
        /** Copies the bytes in. */
        public Bytes {
            data = data.clone();
        }

        /** A copy of the bytes. */
        @Override
        public byte[] data() {
            return data.clone();
        }
    }
}
