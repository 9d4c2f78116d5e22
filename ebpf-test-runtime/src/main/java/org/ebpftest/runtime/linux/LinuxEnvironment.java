package org.ebpftest.runtime.linux;

import java.util.Collection;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.ebpftest.runtime.linux.helpers.HelperId;
import org.ebpftest.runtime.linux.helpers.HelperRegistry;
import org.ebpftest.runtime.linux.helpers.LinuxHelper;
import org.ebpftest.runtime.linux.net.ConntrackTable;
import org.ebpftest.runtime.linux.net.FibTable;
import org.ebpftest.runtime.linux.net.NetDevice;
import org.ebpftest.runtime.linux.net.SocketTable;
import org.ebpftest.runtime.linux.net.TunnelInfo;
import org.ebpftest.runtime.linux.net.XdpRxMetadata;

/**
 * The machine a program believes it runs on, under the test's control: the clocks, the random
 * numbers, the CPUs, the current task, the network devices, routes and sockets, tunnel metadata, kernel
 * memory for {@code bpf_probe_read*}, and helpers the test replaces with its own (mocks).
 * Everything starts at fixed values, so runs are reproducible.
 */
public final class LinuxEnvironment {
    /** The default seed of {@code bpf_get_prandom_u32}. */
    public static final long DEFAULT_SEED = 0x5eed_ebf0L;
    /** x86-64's {@code TASK_SIZE_MAX} with 4-level page tables: user-space addresses lie below it. */
    public static final long TASK_SIZE_MAX = 0x7fff_ffff_f000L;
    /** The first kernel address on x86-64 with 4-level page tables: the canonical upper half. */
    public static final long KERNEL_START = 0xffff_8000_0000_0000L;

    private final VirtualClock clock = new VirtualClock();
    private final Map<Integer, NetDevice> devices = new TreeMap<>();
    private final FibTable fib = new FibTable();
    private final SocketTable sockets = new SocketTable();
    private final ConntrackTable conntrack = new ConntrackTable();
    private final HelperRegistry overrides = new HelperRegistry();
    private final NavigableMap<Long, byte[]> kernelMemory = new TreeMap<>();
    private final NavigableMap<Long, byte[]> userMemory = new TreeMap<>();
    private SplittableRandom random = new SplittableRandom(DEFAULT_SEED);
    private int cpus = 4;
    private int cpu;
    private int numaNode;
    private TaskInfo task = TaskInfo.DEFAULT;
    private TunnelInfo tunnel;
    private XdpRxMetadata xdpRxMetadata;
    private int cgroupClassid;
    private int hashSeed = 0x2a2a_2a2a;

    /** An environment at the defaults: 4 CPUs, running on CPU 0, only the loopback device. */
    public LinuxEnvironment() {
        devices.put(1, NetDevice.LOOPBACK);
    }

    /** The clocks. */
    public VirtualClock clock() {
        return clock;
    }

    /** Restarts {@code bpf_get_prandom_u32} from a seed. */
    public synchronized LinuxEnvironment seedRandom(long seed) {
        random = new SplittableRandom(seed);
        return this;
    }

    /**
     * The next value of {@code bpf_get_prandom_u32}. Safe from several threads: the CPUs of a batch
     * ({@link LoadedObject#runBatch}) draw from the one sequence, in whatever order they call.
     */
    public synchronized int nextRandomU32() {
        return random.nextInt();
    }

    /** The number of possible CPUs, which per-CPU maps size themselves by. */
    public int cpus() {
        return cpus;
    }

    /** Sets the number of CPUs. */
    public LinuxEnvironment setCpus(int cpus) {
        if (cpus <= 0) {
            throw new IllegalArgumentException("there must be at least one CPU, was " + cpus);
        }
        this.cpus = cpus;
        this.cpu = Math.min(cpu, cpus - 1);
        return this;
    }

    /** The CPU programs run on, as {@code bpf_get_smp_processor_id} reports. */
    public int cpu() {
        return cpu;
    }

    /** Moves the next runs to another CPU. */
    public LinuxEnvironment setCpu(int cpu) {
        if (cpu < 0 || cpu >= cpus) {
            throw new IllegalArgumentException("cpu must be 0 to " + (cpus - 1) + ", was " + cpu);
        }
        this.cpu = cpu;
        return this;
    }

    /** The NUMA node {@code bpf_get_numa_node_id} reports. */
    public int numaNode() {
        return numaNode;
    }

    /** Sets the NUMA node. */
    public LinuxEnvironment setNumaNode(int node) {
        this.numaNode = node;
        return this;
    }

    /** The current task. */
    public TaskInfo task() {
        return task;
    }

    /** Sets the current task. */
    public LinuxEnvironment setTask(TaskInfo task) {
        this.task = Objects.requireNonNull(task, "task");
        return this;
    }

    /** Adds or replaces a network device. */
    public LinuxEnvironment addDevice(NetDevice device) {
        devices.put(device.ifindex(), device);
        return this;
    }

    /** The device with an interface index. */
    public Optional<NetDevice> device(int ifindex) {
        return Optional.ofNullable(devices.get(ifindex));
    }

    /** Every device, by interface index. */
    public Collection<NetDevice> devices() {
        return devices.values();
    }

    /** The routes and neighbours for {@code bpf_fib_lookup}. */
    public FibTable fib() {
        return fib;
    }

    /** The connections the conntrack kfuncs ({@code bpf_xdp_ct_lookup}, {@code bpf_ct_insert_entry}, ...) find and fill. */
    public ConntrackTable conntrack() {
        return conntrack;
    }

    /** The sockets {@code bpf_sk_lookup_tcp}, {@code bpf_sk_lookup_udp} and {@code bpf_skc_lookup_tcp} find. */
    public SocketTable sockets() {
        return sockets;
    }

    /** The tunnel metadata of the next runs' packets, or null for none. */
    public LinuxEnvironment setTunnel(TunnelInfo tunnel) {
        this.tunnel = tunnel;
        return this;
    }

    /** The tunnel metadata, if any. */
    public Optional<TunnelInfo> tunnel() {
        return Optional.ofNullable(tunnel);
    }

    /**
     * The receive metadata the {@code bpf_xdp_metadata_rx_*} kfuncs report for the next runs'
     * frames, or null (the default) for a device without them, where they answer -EOPNOTSUPP.
     */
    public LinuxEnvironment setXdpRxMetadata(XdpRxMetadata metadata) {
        this.xdpRxMetadata = metadata;
        return this;
    }

    /** The XDP receive metadata, if the test gave any. */
    public Optional<XdpRxMetadata> xdpRxMetadata() {
        return Optional.ofNullable(xdpRxMetadata);
    }

    /** The net_cls class id {@code bpf_get_cgroup_classid} reports (0 without a net_cls cgroup). */
    public LinuxEnvironment setCgroupClassid(int classid) {
        this.cgroupClassid = classid;
        return this;
    }

    /** The net_cls class id. */
    public int cgroupClassid() {
        return cgroupClassid;
    }

    /**
     * Sets the key of the flow hash {@code bpf_get_hash_recalc} computes. The kernel draws its key at
     * boot, so its hash values differ between machines; the emulator's are stable for a key.
     */
    public LinuxEnvironment setHashSeed(int seed) {
        this.hashSeed = seed;
        return this;
    }

    /** The flow hash key. */
    public int hashSeed() {
        return hashSeed;
    }

    /**
     * Makes bytes readable by {@code bpf_probe_read_kernel} and friends at a kernel address. As on
     * x86-64 with 4-level page tables, kernel addresses are the canonical upper half,
     * {@code 0xffff800000000000} and up (such as {@code 0xffff888000001000}); a kernel read of a
     * lower address is refused with -ERANGE before anything is read, and a read of a kernel address
     * nobody provided fails with -EFAULT.
     *
     * @throws IllegalArgumentException if the bytes do not lie wholly at kernel addresses
     */
    public LinuxEnvironment provideKernelMemory(long address, byte[] bytes) {
        boolean wraps = bytes.length > 0 && Long.compareUnsigned(address + bytes.length - 1, address) < 0;
        if (Long.compareUnsigned(address, KERNEL_START) < 0 || wraps) {
            throw new IllegalArgumentException(String.format("kernel memory at 0x%x: kernel addresses start at 0x%x on x86-64;"
                    + " provide user-space memory with provideUserMemory", address, KERNEL_START));
        }
        kernelMemory.put(address, bytes.clone());
        return this;
    }

    /**
     * Makes bytes readable by {@code bpf_probe_read_user} and friends at a user-space address, below
     * x86-64's {@code TASK_SIZE_MAX} ({@code 0x7ffffffff000}); a user read elsewhere fails with -EFAULT.
     *
     * @throws IllegalArgumentException if the bytes do not lie wholly below {@code TASK_SIZE_MAX}
     */
    public LinuxEnvironment provideUserMemory(long address, byte[] bytes) {
        if (address < 0 || address + bytes.length > TASK_SIZE_MAX) {
            throw new IllegalArgumentException(String.format("user memory at 0x%x: user-space addresses end at 0x%x on x86-64;"
                    + " provide kernel memory with provideKernelMemory", address, TASK_SIZE_MAX));
        }
        userMemory.put(address, bytes.clone());
        return this;
    }

    /** The bytes at a kernel address the test provided, or null when any of them is missing. */
    public byte[] readKernelMemory(long address, int length) {
        return read(kernelMemory, address, length);
    }

    /** The bytes at a user-space address the test provided, or null when any of them is missing. */
    public byte[] readUserMemory(long address, int length) {
        return read(userMemory, address, length);
    }

    private static byte[] read(NavigableMap<Long, byte[]> memory, long address, int length) {
        Map.Entry<Long, byte[]> e = memory.floorEntry(address);
        if (e == null) {
            return null;
        }
        long off = address - e.getKey();
        if (off < 0 || off + length > e.getValue().length) {
            return null;
        }
        byte[] out = new byte[length];
        System.arraycopy(e.getValue(), (int) off, out, 0, length);
        return out;
    }

    /**
     * The helpers the test replaces: a helper registered here answers calls instead of the
     * emulated one (for the program types it is registered for; {@link #override} registers it for
     * every type). Changes take effect from the next run.
     */
    public HelperRegistry overrides() {
        return overrides;
    }

    /**
     * Replaces a helper with the test's implementation, for every program type:
     * {@code override(HelperId.KTIME_GET_NS, LinuxHelper.returning(1234))}.
     */
    public LinuxEnvironment override(HelperId id, LinuxHelper helper) {
        overrides.register(id, helper);
        return this;
    }
}
