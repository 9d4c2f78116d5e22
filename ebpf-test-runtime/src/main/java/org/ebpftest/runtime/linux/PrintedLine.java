package org.ebpftest.runtime.linux;

/**
 * One line a program printed with {@code bpf_trace_printk} (or {@code bpf_trace_vprintk}).
 *
 * @param message the formatted text, without the trailing newline
 * @param tracePipeLine the line as {@code /sys/kernel/debug/tracing/trace_pipe} shows it: task,
 *     pid, CPU, flags, timestamp, event name and message
 */
public record PrintedLine(String message, String tracePipeLine) {
    static PrintedLine of(String message, TaskInfo task, int cpu, long monotonicNs) {
        String text = message.endsWith("\n") ? message.substring(0, message.length() - 1) : message;
        long micros = monotonicNs / 1000;
        String pipe = String.format("%16s-%-7d [%03d] ..... %5d.%06d: bpf_trace_printk: %s",
                task.comm(), task.pid(), cpu, micros / 1_000_000, micros % 1_000_000, text);
        return new PrintedLine(text, pipe);
    }
}
