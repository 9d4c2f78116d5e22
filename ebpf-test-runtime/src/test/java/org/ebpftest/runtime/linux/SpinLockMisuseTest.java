package org.ebpftest.runtime.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import org.ebpftest.runtime.elf.ObjectSpec;
import org.ebpftest.runtime.linux.buffers.XdpInput;
import org.ebpftest.runtime.linux.verifier.VerifierException;
import org.ebpftest.runtime.vm.TrapException;
import org.junit.jupiter.api.Test;

/**
 * bpf_spin_lock where no running program can release the lock (spin_lock_misuse.c, programs the
 * verifier refuses): the run traps at once, naming the lock's address and the pc, instead of
 * waiting for the 5 s that a lock held by another thread's run is given. The programs are loaded
 * with verification off, as a user who turned it off would run them.
 */
class SpinLockMisuseTest {
    private static final byte[] FRAME = KernelFixtures.bytes("ipv4tcp.bin");

    private static LoadedObject unverified() throws IOException {
        try (InputStream in = SpinLockMisuseTest.class.getResourceAsStream("/elf/spin_lock_misuse.o")) {
            return LoadedObject.loader(ObjectSpec.parse("spin_lock_misuse.o", in.readAllBytes())).verify(false).load();
        }
    }

    @Test
    void theVerifierRefusesEachMisuseWithTheKernelsReason() throws IOException {
        // given spin_lock_misuse.o, whose programs Linux refuses
        LoadedObject object = unverified();

        // when each program is verified, then each is refused for its misuse
        assertThat(object.verify("lock_twice").message()).isEqualTo("function calls are not allowed while holding a lock");
        assertThat(object.verify("lock_and_exit").message())
                .isEqualTo("BPF_EXIT instruction in main prog cannot be used inside bpf_spin_lock-ed region");
        assertThat(object.verify("lock_written").message()).isEqualTo("bpf_spin_lock cannot be accessed directly by load/store");
        assertThatThrownBy(() -> LoadedObjectTest.load("spin_lock_misuse.o")).isInstanceOf(VerifierException.class);
    }

    @Test
    void takingALockTwiceInOneRunTrapsAtTheSecondCall() throws IOException {
        // given lock_twice, which calls bpf_spin_lock twice on the same value
        LoadedObject object = unverified();

        // when it runs, then the second call traps naming the lock, where it was taken and the C line
        assertThatThrownBy(() -> object.run("lock_twice", XdpInput.of(FRAME)))
                .isInstanceOfSatisfying(TrapException.class, t -> {
                    assertThat(t.kind()).isEqualTo(TrapException.Kind.HELPER);
                    assertThat(t.sourceLine()).hasValueSatisfying(l -> assertThat(l.toString()).contains("spin_lock_misuse.c:30"));
                })
                .hasMessageMatching("(?s).*bpf_spin_lock at 0x[0-9a-f]+ is already held by this run since pc \\d+ of lock_twice.*")
                .hasMessageContaining("in lock_twice");
    }

    @Test
    void aLockLeftByARunThatEndedTrapsTheNextRunAtOnce() throws IOException {
        // given lock_and_exit ran and returned without bpf_spin_unlock
        LoadedObject object = unverified();
        assertThat(object.run("lock_and_exit", XdpInput.of(FRAME)).retval()).isEqualTo(2);

        // when lock_once takes the same lock, then it traps saying who left it held
        assertThatThrownBy(() -> object.run("lock_once", XdpInput.of(FRAME)))
                .isInstanceOf(TrapException.class)
                .hasMessageMatching("(?s).*bpf_spin_lock at 0x[0-9a-f]+ is held since pc \\d+ of lock_and_exit by a run that ended without bpf_spin_unlock.*")
                .hasMessageContaining("in lock_once");
    }

    @Test
    void aLockWordWrittenByAStoreTrapsAtOnce() throws IOException {
        // given lock_written, which stores 1 into the lock word before bpf_spin_lock
        LoadedObject object = unverified();

        // when it runs, then nothing took the lock, so the call traps
        assertThatThrownBy(() -> object.run("lock_written", XdpInput.of(FRAME)))
                .isInstanceOf(TrapException.class)
                .hasMessageContaining("the lock word is 1 but no program took it");
    }

    @Test
    void aLockTakenAndReleasedCanBeTakenByTheNextRun() throws IOException {
        // given lock_once, which releases what it takes
        LoadedObject object = unverified();

        // when it runs twice, then both runs pass and the count under the lock is 2
        assertThat(object.run("lock_once", XdpInput.of(FRAME)).retval()).isEqualTo(2);
        assertThat(object.run("lock_once", XdpInput.of(FRAME)).retval()).isEqualTo(2);
        assertThat(object.map("counter").lookup(new byte[4]).orElseThrow()[4]).isEqualTo((byte) 2);
    }
}
