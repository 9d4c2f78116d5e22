package org.ebpftest.runtime.linux.helpers;

import java.util.EnumSet;
import org.ebpftest.runtime.linux.ContextType;
import org.ebpftest.runtime.linux.KernelRun;
import org.ebpftest.runtime.linux.net.XdpRxMetadata;
import org.ebpftest.runtime.uapi.Errno;
import org.ebpftest.runtime.vm.Memory;

/**
 * {@code bpf_xdp_metadata_rx_hash}, {@code _rx_timestamp} and {@code _rx_vlan_tag}, answered from
 * the environment's {@link XdpRxMetadata} as a driver answers them: 0 with the values written,
 * {@code -ENODATA} for metadata the frame lacks, and {@code -EOPNOTSUPP} when the environment has
 * none, as the kernel's default for a device without these operations.
 *
 * <p>Linux itself loads these kfuncs only into device-bound XDP programs and refuses to test-run
 * those ({@code BPF_PROG_TEST_RUN} answers -EINVAL, confirmed on Linux 6.18 with
 * xdp_kfuncs_kernel.c); the emulator runs them as the program would run on such a device.
 */
final class XdpMetadataKfuncs {
    private XdpMetadataKfuncs() {
    }

    static void register() {
        Kfuncs.register("bpf_xdp_metadata_rx_hash", EnumSet.of(ContextType.XDP), XdpMetadataKfuncs::hash);
        Kfuncs.register("bpf_xdp_metadata_rx_timestamp", EnumSet.of(ContextType.XDP), XdpMetadataKfuncs::timestamp);
        Kfuncs.register("bpf_xdp_metadata_rx_vlan_tag", EnumSet.of(ContextType.XDP), XdpMetadataKfuncs::vlan);
    }

    private static long hash(KernelRun run, long ctx, long hash, long type, long r4, long r5) {
        XdpRxMetadata m = run.environment().xdpRxMetadata().orElse(null);
        if (m == null) {
            return -Errno.EOPNOTSUPP;
        }
        if (m.hash() == null) {
            return -Errno.ENODATA;
        }
        Memory memory = run.vm().memory();
        memory.store32(hash, m.hash().value());
        memory.store32(type, m.hash().type());
        return 0;
    }

    private static long timestamp(KernelRun run, long ctx, long timestamp, long r3, long r4, long r5) {
        XdpRxMetadata m = run.environment().xdpRxMetadata().orElse(null);
        if (m == null) {
            return -Errno.EOPNOTSUPP;
        }
        if (m.timestampNs() == null) {
            return -Errno.ENODATA;
        }
        run.vm().memory().store64(timestamp, m.timestampNs());
        return 0;
    }

    private static long vlan(KernelRun run, long ctx, long proto, long tci, long r4, long r5) {
        XdpRxMetadata m = run.environment().xdpRxMetadata().orElse(null);
        if (m == null) {
            return -Errno.EOPNOTSUPP;
        }
        if (m.vlan() == null) {
            return -Errno.ENODATA;
        }
        Memory memory = run.vm().memory();
        // vlan_proto is __be16
        memory.store16(proto, Integer.reverseBytes(m.vlan().proto()) >>> 16);
        memory.store16(tci, m.vlan().tci());
        return 0;
    }
}
