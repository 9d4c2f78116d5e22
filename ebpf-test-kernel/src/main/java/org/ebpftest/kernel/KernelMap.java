package org.ebpftest.kernel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.ebpftest.runtime.linux.maps.MapRecord;
import org.ebpftest.runtime.uapi.MapType;

/**
 * A map the running kernel holds, reached through its descriptor: lookup, update, delete and
 * iteration as {@code bpftool map} does them, per-CPU values as one value per possible CPU. The
 * descriptor belongs to the {@link KernelObject} that created the map and is closed with it.
 */
public final class KernelMap {
    /** {@code BPF_ANY}: create the entry or replace it. */
    public static final long ANY = 0;
    /** {@code BPF_NOEXIST}: create the entry only if it is absent. */
    public static final long NOEXIST = 1;
    /** {@code BPF_EXIST}: replace the entry only if it is present. */
    public static final long EXIST = 2;

    private final String name;
    private final String kernelName;
    private final MapType type;
    private final int keySize;
    private final int valueSize;
    private final int maxEntries;
    private final int fd;
    private volatile boolean closed;
    private RingBufReader ring;
    private PerfBuffers perf;

    KernelMap(String name, String kernelName, MapType type, int keySize, int valueSize, int maxEntries, int fd) {
        this.name = name;
        this.kernelName = kernelName;
        this.type = type;
        this.keySize = keySize;
        this.valueSize = valueSize;
        this.maxEntries = maxEntries;
        this.fd = fd;
    }

    /** The map's name in the object ({@code flows}, {@code .bss}). */
    public String name() {
        return name;
    }

    /** The name the kernel knows it by ({@code bpftool map show}), as libbpf gives it. */
    public String kernelName() {
        return kernelName;
    }

    /** The map's type. */
    public MapType type() {
        return type;
    }

    /** The key size in bytes. */
    public int keySize() {
        return keySize;
    }

    /** The value size in bytes (of one CPU's value for per-CPU maps). */
    public int valueSize() {
        return valueSize;
    }

    /** The maximum number of entries. */
    public int maxEntries() {
        return maxEntries;
    }

    /** True for maps whose values exist once per possible CPU. */
    public boolean isPerCpu() {
        return type.isPerCpu();
    }

    /**
     * The value of a key, empty when absent.
     *
     * @throws IllegalStateException for a per-CPU map; use {@link #lookupPerCpu}
     */
    public Optional<byte[]> lookup(byte[] key) {
        requireNotPerCpu("lookup");
        byte[] value = new byte[valueSize];
        return Bpf.mapLookup(fd(), name, checkKey(key), value) ? Optional.of(value) : Optional.empty();
    }

    /** One value per possible CPU for a key of a per-CPU map, empty when absent. */
    public Optional<List<byte[]>> lookupPerCpu(byte[] key) {
        requirePerCpu("lookupPerCpu");
        int stride = stride();
        int cpus = KernelCpus.possible();
        byte[] all = new byte[stride * cpus];
        if (!Bpf.mapLookup(fd(), name, checkKey(key), all)) {
            return Optional.empty();
        }
        List<byte[]> values = new ArrayList<>(cpus);
        for (int cpu = 0; cpu < cpus; cpu++) {
            values.add(Arrays.copyOfRange(all, cpu * stride, cpu * stride + valueSize));
        }
        return Optional.of(values);
    }

    /**
     * Sets a key's value, with {@link #ANY}, {@link #NOEXIST} or {@link #EXIST} (and {@code BPF_F_LOCK}).
     *
     * @throws KernelException with the kernel's error, such as E2BIG for a full map or EEXIST under NOEXIST
     */
    public void update(byte[] key, byte[] value, long flags) {
        requireNotPerCpu("update");
        Bpf.mapUpdate(fd(), name, checkKey(key), checkValue(value), flags);
    }

    /** Sets a key's value, creating or replacing the entry. */
    public void put(byte[] key, byte[] value) {
        update(key, value, ANY);
    }

    /**
     * Sets one value per possible CPU; fewer values leave the remaining CPUs at zero.
     *
     * @throws IllegalArgumentException when more values are given than the kernel has possible CPUs
     */
    public void updatePerCpu(byte[] key, List<byte[]> values, long flags) {
        requirePerCpu("updatePerCpu");
        int stride = stride();
        int cpus = KernelCpus.possible();
        if (values.size() > cpus) {
            throw new IllegalArgumentException(values.size() + " values for map [" + name + "], but the kernel has " + cpus + " possible CPUs");
        }
        byte[] all = new byte[stride * cpus];
        for (int cpu = 0; cpu < values.size(); cpu++) {
            System.arraycopy(checkValue(values.get(cpu)), 0, all, cpu * stride, valueSize);
        }
        Bpf.mapUpdate(fd(), name, checkKey(key), all, flags);
    }

    /** Deletes a key; false when it was absent. Arrays refuse with EINVAL, as in the kernel. */
    public boolean delete(byte[] key) {
        return Bpf.mapDelete(fd(), name, checkKey(key));
    }

    /** The key after {@code key} in the kernel's iteration order, or the first key when {@code key} is null. */
    public Optional<byte[]> nextKey(byte[] key) {
        byte[] next = new byte[keySize];
        return Bpf.mapNextKey(fd(), name, key == null ? null : checkKey(key), next) ? Optional.of(next) : Optional.empty();
    }

    /** Every key, in the kernel's iteration order. */
    public List<byte[]> keys() {
        List<byte[]> keys = new ArrayList<>();
        Optional<byte[]> k = nextKey(null);
        while (k.isPresent() && keys.size() <= Math.max(maxEntries, 1)) {
            keys.add(k.get());
            k = nextKey(k.get());
        }
        return keys;
    }

    /** Freezes the map: from now on user space cannot change it (programs still can, unless the map is read-only for them). */
    public void freeze() {
        Bpf.mapFreeze(fd(), name);
    }

    /**
     * Consumes the records programs wrote to this ring buffer or perf event array, oldest first, as
     * a user-space reader does (libbpf's {@code ring_buffer__consume}, {@code perf_buffer__consume}):
     * the emulator's {@code RecordMap.drainRecords()} on the kernel's map. Ring-buffer records stop
     * at the first one still reserved and skip discarded ones; perf records come CPU by CPU, each
     * with its CPU and the padded size the kernel reports (see {@link #pendingRecords()}).
     *
     * @throws IllegalStateException for a map of another type
     */
    public synchronized List<MapRecord> drainRecords() {
        if (type == MapType.RINGBUF) {
            RingBufReader.Samples read = ringBuffer().samplesFrom(ringBuffer().consumerPosition());
            ringBuffer().consumeTo(read.end());
            return read.samples().stream().map(s -> MapRecord.of(s.data())).toList();
        }
        return perfBuffers("drainRecords").read(true);
    }

    /**
     * The records {@link #drainRecords()} would return, without consuming them. A perf record of
     * {@code n} bytes reads as {@code roundup(n + 4, 8) - 4} bytes: the kernel pads a raw sample to 8
     * bytes with its size field and reports the padded size, as libbpf's callbacks receive it.
     */
    public synchronized List<MapRecord> pendingRecords() {
        if (type == MapType.RINGBUF) {
            return ringBuffer().samplesFrom(ringBuffer().consumerPosition()).samples().stream().map(s -> MapRecord.of(s.data())).toList();
        }
        return perfBuffers("pendingRecords").read(false);
    }

    /** The ring buffer's pages, mapped on first use. */
    synchronized RingBufReader ringBuffer() {
        if (type != MapType.RINGBUF) {
            throw new IllegalStateException("map [" + name + "] of type " + type.displayName() + " is not a ring buffer");
        }
        if (ring == null) {
            ring = RingBufReader.open(fd(), name, maxEntries);
        }
        return ring;
    }

    /** Opens the perf buffers of the first {@code cpus} CPUs and stores them in this perf event array. */
    synchronized void openPerfBuffers(int cpus) {
        perf = PerfBuffers.open(this, cpus);
    }

    private PerfBuffers perfBuffers(String operation) {
        if (type != MapType.PERF_EVENT_ARRAY || perf == null) {
            throw new IllegalStateException(operation + " on map [" + name + "] of type " + type.displayName()
                    + ", which is neither a ring buffer nor a perf event array");
        }
        return perf;
    }

    int fd() {
        if (closed) {
            throw new IllegalStateException("map [" + name + "] was closed with its object");
        }
        return fd;
    }

    synchronized void close() {
        closed = true;
        if (ring != null) {
            ring.close();
        }
        if (perf != null) {
            perf.close();
        }
        Syscalls.close(fd);
    }

    /** Per-CPU values are laid out 8-byte aligned, one after the other, in the order of the possible CPUs. */
    private int stride() {
        return (valueSize + 7) & ~7;
    }

    private byte[] checkKey(byte[] key) {
        Objects.requireNonNull(key, "key");
        if (key.length != keySize) {
            throw new IllegalArgumentException("key of " + key.length + " bytes for map [" + name + "], whose keys have " + keySize);
        }
        return key;
    }

    private byte[] checkValue(byte[] value) {
        Objects.requireNonNull(value, "value");
        if (value.length != valueSize) {
            throw new IllegalArgumentException("value of " + value.length + " bytes for map [" + name + "], whose values have " + valueSize);
        }
        return value;
    }

    private void requirePerCpu(String operation) {
        if (!isPerCpu()) {
            throw new IllegalStateException(operation + " on map [" + name + "] of type " + type.displayName() + ", which is not per-CPU");
        }
    }

    private void requireNotPerCpu(String operation) {
        if (isPerCpu()) {
            throw new IllegalStateException(operation + " on per-CPU map [" + name + "]; use " + operation + "PerCpu");
        }
    }

    @Override
    public String toString() {
        return "KernelMap[" + name + ", " + type.displayName() + ", fd " + fd + (closed ? ", closed" : "") + "]";
    }
}
