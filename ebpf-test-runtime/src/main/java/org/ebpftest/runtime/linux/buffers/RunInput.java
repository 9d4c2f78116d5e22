package org.ebpftest.runtime.linux.buffers;

/**
 * What one test run starts from, one type per context the emulator builds: a frame for XDP
 * ({@link XdpInput}), a frame with {@code __sk_buff} fields for tc, socket filters and
 * {@code cgroup_skb} ({@link SkbInput}), raw context bytes ({@link RawInput}) or memory the caller
 * lays out ({@link MemoryInput}) for every other type, a packet and hook state for netfilter
 * ({@link NetfilterInput}). Every run, whether through
 * {@code LoadedObject.run}, {@code LinuxEmulator.run} or the JUnit and CLI front ends, enters with
 * one of these, so a new context is a new case here and in {@code LinuxEmulator.run}.
 */
public sealed interface RunInput permits XdpInput, SkbInput, RawInput, MemoryInput, NetfilterInput {
}
