package org.ebpftest.runtime.linux.helpers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.ebpftest.runtime.elf.ObjectSpec;
import org.ebpftest.runtime.linux.LoadedObject;
import org.ebpftest.runtime.linux.buffers.SkbInput;
import org.ebpftest.runtime.vm.TrapException;
import org.junit.jupiter.api.Test;

/**
 * Allocated objects, their lists and rb trees, refcounts, stashed kptrs and work queues
 * (alloc_objects.c, alloc_wq_callback.c). The values asserted are the ones Linux 6.18 gave
 * (AllocatedObjectsKernelTest compares with the kernel where it can run), so they are checked on
 * machines without a kernel too.
 */
class AllocatedObjectsTest {
    private static final byte[] FRAME = new byte[64];

    private static LoadedObject load(String name) throws IOException {
        try (InputStream in = AllocatedObjectsTest.class.getResourceAsStream("/elf/" + name)) {
            return LoadedObject.load(ObjectSpec.parse(name, in.readAllBytes()));
        }
    }

    private static long[] slots(LoadedObject o, int n) {
        ByteBuffer b = ByteBuffer.wrap(o.map("out").lookup(new byte[4]).orElseThrow()).order(ByteOrder.LITTLE_ENDIAN);
        long[] s = new long[n];
        for (int i = 0; i < n; i++) {
            s[i] = b.getLong(8 * i);
        }
        return s;
    }

    private static long[] shape(LoadedObject o) {
        ByteBuffer b = ByteBuffer.wrap(o.map("shape").lookup(new byte[4]).orElseThrow()).order(ByteOrder.LITTLE_ENDIAN);
        long[] s = new long[64];
        for (int i = 0; i < 64; i++) {
            s[i] = b.getLong(8 * i);
        }
        return s;
    }

    private static long run(LoadedObject o, String program) {
        return o.run(program, SkbInput.of(FRAME)).retval() & 0xffffffffL;
    }

    @Test
    void listPushesPopsAndPeeksAtBothEndsAsTheKernelDid() throws IOException {
        LoadedObject objects = load("alloc_objects.o");

        long retval = run(objects, "list_order");

        // pushes answer 0; front and back peek 3 and 2; pops take 3, then 2 from the back, then 1; then the list is empty
        assertThat(slots(objects, 10)).containsExactly(0, 0, 0, 3, 2, 3, 2, 1, 1, 0);
        assertThat(retval).isEqualTo(20846);
        assertThat(objects.allocatedObjects().live()).as("every popped object was dropped").isZero();
    }

    @Test
    void rbTreeGivesKeysBackLeastFirstAsTheKernelDid() throws IOException {
        LoadedObject objects = load("alloc_objects.o");

        long retval = run(objects, "tree_order");

        // adds of 5, 1, 3, 3 answer 0; first-and-remove gives 1, 3, 3, 5, then NULL
        assertThat(slots(objects, 9)).containsExactly(0, 0, 0, 0, 1, 3, 3, 5, -1);
        assertThat(retval).isEqualTo(10044);
        assertThat(objects.allocatedObjects().live()).isZero();
    }

    @Test
    void rbTreeIsBalancedAsTheKernelsOnInsertAndRemove() throws IOException {
        LoadedObject objects = load("alloc_objects.o");

        long removed = run(objects, "tree_shape");

        // heap positions 1..31 after fifteen adds, then 33..63 after five removals, as bpf_rbtree_root/_left/_right showed them in Linux 6.18
        assertThat(shape(objects)).containsExactly(
                0, 6, 3, 10, 1, 4, 8, 13, -1, 2, -1, 5, 7, 9, 11, 14, -1, -1, -1, -1, -1, -1, -1, -1, 6, -1, -1, -1, -1, 12, -1, -1,
                0, 8, 4, 10, 3, 5, 9, 13, -1, -1, -1, -1, -1, -1, 11, 14, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, 12, -1, -1);
        assertThat(removed).isEqualTo(15);
        assertThat(objects.allocatedObjects().live()).isZero();
    }

    @Test
    void refcountedNodeAlreadyInAListIsRefusedAndTheStashKeepsItAcrossRuns() throws IOException {
        LoadedObject objects = load("alloc_objects.o");

        long stashed = run(objects, "refcount_and_stash");

        // tree add 0, list push 0, the second push -EINVAL, tree remove found it, key 42, the stash was empty
        assertThat(slots(objects, 6)).containsExactly(0, 0, -22, 1, 42, 0);
        assertThat(stashed).isEqualTo(30);
        assertThat(objects.allocatedObjects().live()).as("the stashed object lives on in the map value").isEqualTo(1);
        assertThat(run(objects, "unstash")).isEqualTo(42);
        assertThat(run(objects, "unstash")).as("the stash is empty now").isEqualTo(0xffffffffL);
        assertThat(objects.allocatedObjects().live()).isZero();
    }

    @Test
    void hostReadsAStashedKptrAsZeroAndAnUpdateFreesItAsTheKernelDid() throws IOException {
        LoadedObject objects = load("alloc_objects.o");
        run(objects, "refcount_and_stash");

        byte[] seen = objects.map("stashed").lookup(new byte[4]).orElseThrow();
        objects.map("stashed").update(new byte[4], new byte[] {1, 2, 3, 4, 5, 6, 7, 8}, 0);

        assertThat(seen).as("bpftool map lookup shows held: (nil)").containsOnly(0);
        assertThat(objects.allocatedObjects().live()).as("the update freed the object the field held").isZero();
        assertThat(run(objects, "unstash")).as("the update emptied the kptr field").isEqualTo(0xffffffffL);
    }

    @Test
    void deletingAHashElementFreesTheObjectItsKptrHeldAsTheKernelDid() throws IOException {
        LoadedObject objects = load("alloc_objects.o");

        long first = run(objects, "stash_in_hash");
        long second = run(objects, "stash_in_hash");
        int liveBeforeDelete = objects.allocatedObjects().live();
        objects.map("stashed_hash").delete(new byte[4]);
        long afterDelete = run(objects, "stash_in_hash");

        // Linux 6.18 answered 0, 1 (the second found the first's object and dropped it), then 0 after bpftool map delete
        assertThat(new long[] {first, second, afterDelete}).containsExactly(0, 1, 0);
        assertThat(liveBeforeDelete).isEqualTo(1);
        assertThat(objects.allocatedObjects().live()).as("the delete freed the held object; the new run stashed one").isEqualTo(1);
    }

    @Test
    void workQueueAnswersTheKernelsErrors() throws IOException {
        LoadedObject objects = load("alloc_objects.o");

        long retval = run(objects, "work_queue");

        // start before init -EINVAL, init with flags -EINVAL, init 0, init again -EBUSY, start with flags -EINVAL, start without a callback -EINVAL
        assertThat(slots(objects, 6)).containsExactly(-22, -22, 0, -16, -22, -22);
        assertThat(retval).isEqualTo(2436242);
    }

    @Test
    void settingAWorkQueueCallbackInATcProgramTrapsAsLinuxRefusesIt() throws IOException {
        LoadedObject objects = load("alloc_wq_callback.o");

        TrapException trap = catchThrowableOfType(TrapException.class, () -> run(objects, "set_callback"));

        assertThat(trap.kind()).isEqualTo(TrapException.Kind.HELPER);
        assertThat(trap.getMessage()).contains("bpf_wq_set_callback_impl", "sleepable callback in a program that is not sleepable");
    }
}
