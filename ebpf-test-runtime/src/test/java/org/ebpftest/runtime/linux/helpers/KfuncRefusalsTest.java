package org.ebpftest.runtime.linux.helpers;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import org.ebpftest.runtime.elf.ObjectSpec;
import org.ebpftest.runtime.linux.LoadedObject;
import org.ebpftest.runtime.linux.buffers.XdpInput;
import org.ebpftest.runtime.linux.net.ConntrackTable.Entry;
import org.ebpftest.runtime.linux.net.ConntrackTable.Tuple;
import org.ebpftest.runtime.vm.TrapException;
import org.junit.jupiter.api.Test;

/**
 * Kfunc calls Linux 6.18's verifier refuses (kfunc_refusals.c; the kernel refuses nat_on_found
 * with "expected pointer to STRUCT nf_conn___init but R1 has a pointer to STRUCT nf_conn") trap
 * here where a run reaches them, with the verifier's reason.
 */
class KfuncRefusalsTest {
    private static LoadedObject load() throws IOException {
        try (InputStream in = KfuncRefusalsTest.class.getResourceAsStream("/elf/kfunc_refusals.o")) {
            return LoadedObject.load(ObjectSpec.parse("kfunc_refusals.o", in.readAllBytes()));
        }
    }

    @Test
    void natSetUpOnAnEntryALookupFoundTrapsAsTheVerifiersRefusal() throws IOException {
        // given: the table holds the packet's flow
        LoadedObject object = load();
        Tuple flow = Tuple.tcp(new byte[] {10, 0, 0, 9}, 40000, new byte[] {10, 0, 0, 1}, 80);
        object.environment().conntrack().add(Entry.of(flow));
        ByteBuffer packet = ByteBuffer.allocate(64).put(flow.source()).put(flow.destination())
                .putShort((short) 40000).putShort((short) 80).put((byte) 6);

        // when / then
        assertThatThrownBy(() -> object.run("nat_on_found", XdpInput.of(packet.array()))).isInstanceOf(TrapException.class)
                .hasMessageContaining("bpf_ct_set_nat_info takes a struct nf_conn___init")
                .hasMessageContaining("the verifier would refuse the program");
    }

    @Test
    void aPerCpuObjectOfAStructWithAPointerTrapsAsTheVerifiersRefusal() throws IOException {
        LoadedObject object = load();

        assertThatThrownBy(() -> object.run("percpu_with_pointer", XdpInput.of(new byte[64]))).isInstanceOf(TrapException.class)
                .hasMessageContaining("bpf_percpu_obj_new type ID argument must be of a struct of scalars (struct with_pointer)");
    }

    @Test
    void aPerCpuObjectLargerThan512BytesTrapsAsTheVerifiersRefusal() throws IOException {
        LoadedObject object = load();

        assertThatThrownBy(() -> object.run("percpu_too_big", XdpInput.of(new byte[64]))).isInstanceOf(TrapException.class)
                .hasMessageContaining("bpf_percpu_obj_new type size (520) is greater than 512");
    }
}
