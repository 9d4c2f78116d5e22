package org.ebpftest.kernel;

import com.sun.jna.Pointer;
import java.util.ArrayList;
import java.util.List;

/**
 * A kernel ring buffer's pages mapped into this process, read as libbpf's {@code ring_buffer}
 * reads them: the consumer page (writable: the consumer position is how user space frees room),
 * then the producer page followed by the data pages, which the kernel maps twice in a row so that
 * a record that wraps reads contiguously. Records are an 8-byte header ({@code u32 len} with bit 31
 * busy and bit 30 discarded, {@code u32 pg_off}) and the sample, rounded up to 8 bytes.
 *
 * <p>Reads happen between test runs, never while a program writes, so plain reads see what the
 * kernel's release stores published.
 */
final class RingBufReader implements AutoCloseable {
    private static final int BUSY_BIT = 1 << 31;
    private static final int DISCARD_BIT = 1 << 30;
    private static final int HEADER_SIZE = 8;
    private static final int PAGE_SIZE = 4096;

    /** One committed sample, where its header sits in the kernel's position space, and where the next record starts. */
    record Sample(long position, long end, byte[] data) {
    }

    /** The committed samples read from a position, and the position after the last committed record (discarded ones too). */
    record Samples(List<Sample> samples, long end) {
    }

    private final String map;
    private final long size;
    private final Pointer consumer;
    private final Pointer producer;

    private RingBufReader(String map, long size, Pointer consumer, Pointer producer) {
        this.map = map;
        this.size = size;
        this.consumer = consumer;
        this.producer = producer;
    }

    /** Maps the ring buffer of descriptor {@code fd}, whose data area is {@code size} bytes (its max_entries). */
    static RingBufReader open(int fd, String map, int size) {
        Pointer consumer = Syscalls.mmap(fd, PAGE_SIZE, Syscalls.PROT_READ | Syscalls.PROT_WRITE, 0, "the consumer page of ring buffer [" + map + "]");
        try {
            Pointer producer = Syscalls.mmap(fd, PAGE_SIZE + 2L * size, Syscalls.PROT_READ, PAGE_SIZE,
                    "the producer and data pages of ring buffer [" + map + "]");
            return new RingBufReader(map, size, consumer, producer);
        } catch (RuntimeException e) {
            Syscalls.munmap(consumer, PAGE_SIZE);
            throw e;
        }
    }

    /** The consumer position: everything before it has been read. */
    long consumerPosition() {
        return consumer.getLong(0);
    }

    /** Moves the consumer position, freeing the room of the records before it for the kernel's producers. */
    void consumeTo(long position) {
        consumer.setLong(0, position);
    }

    /** The producer position: where the next reservation starts. */
    long producerPosition() {
        return producer.getLong(0);
    }

    /**
     * The committed samples from {@code from} on, oldest first, up to the first record still
     * reserved; discarded records are stepped over. Nothing is consumed.
     */
    Samples samplesFrom(long from) {
        List<Sample> out = new ArrayList<>();
        long mask = size - 1;
        long producerPos = producerPosition();
        long pos = from;
        while (pos < producerPos) {
            long header = PAGE_SIZE + (pos & mask);
            int len = producer.getInt(header);
            if ((len & BUSY_BIT) != 0) {
                break;
            }
            int length = len & ~DISCARD_BIT;
            long end = pos + ((length + HEADER_SIZE + 7) & ~7L);
            if ((len & DISCARD_BIT) == 0) {
                // the data pages follow each other twice, so a sample that wraps reads on past the ring's end
                out.add(new Sample(pos, end, producer.getByteArray(header + HEADER_SIZE, length)));
            }
            pos = end;
        }
        return new Samples(out, pos);
    }

    @Override
    public void close() {
        Syscalls.munmap(producer, PAGE_SIZE + 2L * size);
        Syscalls.munmap(consumer, PAGE_SIZE);
    }

    @Override
    public String toString() {
        return "RingBufReader[" + map + ", consumer " + consumerPosition() + ", producer " + producerPosition() + "]";
    }
}
