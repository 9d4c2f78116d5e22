package org.ebpftest.runtime.context;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.ebpftest.runtime.linux.LoadedObject;

/** replay.c's {@code struct event}, as kprobe_sleep leaves it in the {@code events} map. */
record Event(long firstNs, long secondNs, long pidTgid, long arg, String comm, byte[] peek) {

    static Event of(LoadedObject object) {
        ByteBuffer b = ByteBuffer.wrap(object.map("events").lookup(new byte[4]).orElseThrow()).order(ByteOrder.LITTLE_ENDIAN);
        long first = b.getLong();
        long second = b.getLong();
        long pidTgid = b.getLong();
        long arg = b.getLong();
        byte[] comm = new byte[16];
        b.get(comm);
        byte[] peek = new byte[8];
        b.get(peek);
        int end = 0;
        while (end < comm.length && comm[end] != 0) {
            end++;
        }
        return new Event(first, second, pidTgid, arg, new String(comm, 0, end, StandardCharsets.US_ASCII), peek);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Event e && firstNs == e.firstNs && secondNs == e.secondNs && pidTgid == e.pidTgid && arg == e.arg
                && comm.equals(e.comm) && Arrays.equals(peek, e.peek);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(firstNs) ^ comm.hashCode();
    }

    @Override
    public String toString() {
        return "Event[firstNs=" + firstNs + ", secondNs=" + secondNs + ", pidTgid=0x" + Long.toHexString(pidTgid) + ", arg=" + arg + ", comm=" + comm
                + ", peek=" + Arrays.toString(peek) + "]";
    }
}
