package org.ebpftest.runtime.linux.helpers;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.ebpftest.runtime.btf.Btf;
import org.ebpftest.runtime.btf.BtfType;
import org.ebpftest.runtime.linux.ContextType;
import org.ebpftest.runtime.linux.KernelRun;
import org.ebpftest.runtime.linux.maps.MapArena;
import org.ebpftest.runtime.linux.maps.MapDefinition;
import org.ebpftest.runtime.uapi.Errno;
import org.ebpftest.runtime.vm.Region;
import org.ebpftest.runtime.vm.TrapException;

/**
 * The objects a loaded object's programs allocate with {@code bpf_obj_new}, and the collections
 * they are linked into, after kernel/bpf/helpers.c of Linux 6.18: the kfuncs
 * {@code bpf_obj_new_impl}, {@code bpf_obj_drop_impl}, {@code bpf_refcount_acquire_impl},
 * {@code bpf_list_push_front_impl}, {@code bpf_list_push_back_impl}, {@code bpf_list_pop_front},
 * {@code bpf_list_pop_back}, {@code bpf_list_front}, {@code bpf_list_back},
 * {@code bpf_rbtree_add_impl}, {@code bpf_rbtree_remove}, {@code bpf_rbtree_first},
 * {@code bpf_rbtree_root}, {@code bpf_rbtree_left}, {@code bpf_rbtree_right}, and
 * per-CPU objects: {@code bpf_percpu_obj_new_impl}, {@code bpf_percpu_obj_drop_impl} and the
 * helpers {@code bpf_this_cpu_ptr} and {@code bpf_per_cpu_ptr} on them ({@link #registerHelpers})
 * (work queues, the other kernel state of map values, are {@link AsyncCallbacks}).
 *
 * <p>An object is a zeroed block of its program BTF type's size in memory every VM of the loaded
 * object sees, charged to the object's memory budget (an allocation the budget has no room for
 * answers NULL, as the kernel's allocator failing does). A {@code struct bpf_refcount} in the type
 * makes it refcounted: it starts at 1, {@code bpf_refcount_acquire} adds one, and a drop frees it
 * when the count reaches 0. Freeing an object drops what its fields own, as
 * {@code bpf_obj_free_fields} does: the nodes of its list heads and rb roots, and the objects its
 * {@code __kptr} fields hold.
 *
 * <p>The links of a list or tree are kept here, keyed by the address of the {@code bpf_list_head}
 * or {@code bpf_rb_root} (in a global, a map value or an object) and of each node, not in the
 * nodes' bytes: the verifier lets no program read those fields. A node remembers its owner, so
 * pushing or adding a refcounted node already in a collection fails with -EINVAL and drops the
 * reference passed, and {@code bpf_rbtree_remove} of a node another tree owns answers NULL, as in
 * the kernel. The rb tree is walked as the kernel's is: {@code less(new, parent)} from the root
 * down, going right on false, so equal keys keep insertion order and {@code bpf_rbtree_first} is
 * the least node; it is rebalanced as lib/rbtree.c does, so its shape, and so the parents
 * {@code less} is called with, are the kernel's.
 *
 * <p>A per-CPU object is laid out as the kernel's percpu allocator lays it out: the pointer the
 * program holds points at an 8-byte cell holding the address of the CPU copies (the kernel's
 * {@code obj[1] = pptr}; the verifier lets no program read it), and the copies, one per CPU of the
 * environment, each the type's size rounded up to 8, follow one another. Each new object's copies
 * are zeroed, as fresh percpu memory is; the kernel's may hold the bytes of an object dropped
 * earlier once its cache reuses that memory after an RCU grace period.
 *
 * <p>Thread-safe: every operation holds this object's monitor (programs on several CPUs hold the
 * collection's {@code bpf_spin_lock} anyway).
 */
public final class AllocatedObjects {
    /** The kfuncs this class answers, each offered to every program type as the kernel's common kfunc set is. */
    static final Set<String> NAMES = Set.of("bpf_obj_new_impl", "bpf_obj_drop_impl", "bpf_refcount_acquire_impl",
            "bpf_list_push_front_impl", "bpf_list_push_back_impl", "bpf_list_pop_front", "bpf_list_pop_back", "bpf_list_front",
            "bpf_list_back", "bpf_rbtree_add_impl", "bpf_rbtree_remove", "bpf_rbtree_first", "bpf_rbtree_root", "bpf_rbtree_left",
            "bpf_rbtree_right", "bpf_percpu_obj_new_impl", "bpf_percpu_obj_drop_impl");
    /** Bytes of each chunk objects are cut from; a larger object gets a chunk of its own. */
    static final int CHUNK_BYTES = 64 * 1024;

    private final Btf btf;
    private final MapArena arena;
    private final Map<Integer, Layout> layouts = new HashMap<>();
    private final List<Region> chunks = new ArrayList<>();
    private int chunkUsed = CHUNK_BYTES;
    /** Freed blocks by size, reused first as the kernel's per-size caches do. */
    private final Map<Integer, ArrayDeque<Long>> free = new HashMap<>();
    private final TreeMap<Long, Obj> objects = new TreeMap<>();
    /** The collection (head or root address) each linked node (its address) is in. */
    private final Map<Long, Long> owners = new HashMap<>();
    private final Map<Long, ArrayDeque<Long>> lists = new HashMap<>();
    private final Map<Long, Tree> trees = new HashMap<>();

    /**
     * The objects of one loaded object.
     *
     * @param btf the object's BTF, whose types {@code bpf_obj_new} allocates, or null when it has none
     * @param arena where chunks of object memory are charged and placed
     */
    public AllocatedObjects(Btf btf, MapArena arena) {
        this.btf = btf;
        this.arena = arena;
    }

    /** A kfunc answered against this loaded object's objects in place of {@code kfunc}, or {@code kfunc} itself when it is not one of them. */
    public Kfuncs.Kfunc bind(Kfuncs.Kfunc kfunc) {
        LinuxHelper f = function(kfunc.name());
        return f == null ? kfunc : new Kfuncs.Kfunc(kfunc.name(), kfunc.types(), f);
    }

    /** How many allocated objects are live (allocated and not yet freed). */
    public synchronized int live() {
        return objects.size();
    }

    static void registerKfuncs() {
        Set<ContextType> all = EnumSet.allOf(ContextType.class);
        for (String name : NAMES) {
            Kfuncs.register(name, all, (run, r1, r2, r3, r4, r5) -> {
                throw run.trap(TrapException.Kind.UNSUPPORTED, "kfunc " + name + " is answered by the loaded object's allocator,"
                        + " which this emulator was not built with (load the object with LoadedObject)");
            });
        }
    }

    private LinuxHelper function(String name) {
        return switch (name) {
            case "bpf_obj_new_impl" -> (run, typeId, meta, r3, r4, r5) -> objNew(run, (int) typeId);
            case "bpf_obj_drop_impl" -> (run, p, meta, r3, r4, r5) -> {
                drop(run, p);
                return 0;
            };
            case "bpf_refcount_acquire_impl" -> (run, p, meta, r3, r4, r5) -> refcountAcquire(p);
            case "bpf_list_push_front_impl" -> (run, head, node, meta, off, r5) -> push(run, head, node, true);
            case "bpf_list_push_back_impl" -> (run, head, node, meta, off, r5) -> push(run, head, node, false);
            case "bpf_list_pop_front" -> (run, head, r2, r3, r4, r5) -> pop(head, true, true);
            case "bpf_list_pop_back" -> (run, head, r2, r3, r4, r5) -> pop(head, false, true);
            case "bpf_list_front" -> (run, head, r2, r3, r4, r5) -> pop(head, true, false);
            case "bpf_list_back" -> (run, head, r2, r3, r4, r5) -> pop(head, false, false);
            case "bpf_rbtree_add_impl" -> (run, root, node, less, meta, off) -> rbtreeAdd(run, root, node, less);
            case "bpf_rbtree_remove" -> (run, root, node, r3, r4, r5) -> rbtreeRemove(root, node);
            case "bpf_rbtree_first" -> (run, root, r2, r3, r4, r5) -> rbtreeFirst(root);
            case "bpf_rbtree_root" -> (run, root, r2, r3, r4, r5) -> rbtreeRoot(root);
            case "bpf_rbtree_left" -> (run, root, node, r3, r4, r5) -> rbtreeChild(root, node, true);
            case "bpf_rbtree_right" -> (run, root, node, r3, r4, r5) -> rbtreeChild(root, node, false);
            case "bpf_percpu_obj_new_impl" -> (run, typeId, meta, r3, r4, r5) -> percpuNew(run, (int) typeId);
            case "bpf_percpu_obj_drop_impl" -> (run, p, meta, r3, r4, r5) -> {
                percpuDrop(run, p);
                return 0;
            };
            default -> null;
        };
    }

    // ---- objects ----

    /** What kind of special field a member is, as btf_parse_fields classifies it. */
    private enum Special {
        LIST_HEAD, RB_ROOT, REFCOUNT, KPTR
    }

    private record Field(Special kind, int offset) {
    }

    /** A struct's size and special fields. */
    private record Layout(String name, int size, List<Field> fields, boolean refcounted) {
    }

    private static class Obj {
        final long address;
        final Layout layout;
        int refcount = 1;

        Obj(long address, Layout layout) {
            this.address = address;
            this.layout = layout;
        }
    }

    /** A per-CPU object: its 8-byte cell at {@code address}, and its copies, {@code stride} bytes apart from {@code copies}. */
    private static final class PercpuObj extends Obj {
        final long copies;
        final int stride;
        final int cpus;

        PercpuObj(long address, Layout cell, long copies, int stride, int cpus) {
            super(address, cell);
            this.copies = copies;
            this.stride = stride;
            this.cpus = cpus;
        }
    }

    private Layout layout(KernelRun run, int typeId) {
        Layout known = layouts.get(typeId);
        if (known != null) {
            return known;
        }
        if (btf == null) {
            throw run.trap(TrapException.Kind.INVALID, "bpf_obj_new of type " + typeId + ": the object has no BTF, which the kernel needs to allocate a program type");
        }
        BtfType t = typeId > 0 && typeId < btf.types().size() ? btf.resolve(typeId) : null;
        if (!(t instanceof BtfType.StructType s)) {
            throw run.trap(TrapException.Kind.INVALID, "bpf_obj_new of BTF type " + typeId + ", which is no struct of the program's BTF;"
                    + " the verifier would have refused the program");
        }
        List<Field> fields = new ArrayList<>();
        for (BtfType.Member m : s.members()) {
            Special kind = special(m.type());
            if (kind != null) {
                fields.add(new Field(kind, m.bitOffset() / 8));
            }
        }
        Layout l = new Layout(s.name(), s.size(), List.copyOf(fields), fields.stream().anyMatch(f -> f.kind == Special.REFCOUNT));
        layouts.put(typeId, l);
        return l;
    }

    private Special special(int typeId) {
        if (btf.resolve(typeId) instanceof BtfType.Pointer p) {
            // a __kptr field: a pointer whose type carries the "kptr" (or "percpu_kptr") type tag
            BtfType target = btf.type(p.target());
            while (target instanceof BtfType.TypeTag || target instanceof BtfType.Qualifier) {
                if (target instanceof BtfType.TypeTag tag && (tag.name().equals("kptr") || tag.name().equals("percpu_kptr"))) {
                    return Special.KPTR;
                }
                target = btf.type(target instanceof BtfType.TypeTag tag ? tag.type() : ((BtfType.Qualifier) target).type());
            }
            return null;
        }
        return switch (btf.resolve(typeId).name()) {
            case "bpf_list_head" -> Special.LIST_HEAD;
            case "bpf_rb_root" -> Special.RB_ROOT;
            case "bpf_refcount" -> Special.REFCOUNT;
            default -> null;
        };
    }

    /** bpf_obj_new_impl: a zeroed object of the type, refcount 1, or NULL when memory runs out. */
    private synchronized long objNew(KernelRun run, int typeId) {
        Layout l = layout(run, typeId);
        long address = allocate(Math.max(8, (l.size + 7) & ~7));
        if (address == 0) {
            return 0;
        }
        objects.put(address, new Obj(address, l));
        return address;
    }

    private long allocate(int size) {
        ArrayDeque<Long> reuse = free.get(size);
        Region chunk;
        int offset;
        if (reuse != null && !reuse.isEmpty()) {
            long address = reuse.poll();
            chunk = chunkAt(address);
            offset = (int) (address - chunk.baseAddress());
        } else {
            if (size > CHUNK_BYTES - chunkUsed) {
                int bytes = Math.max(CHUNK_BYTES, size);
                Region r = new Region("bpf_obj_new objects " + chunks.size(), new byte[bytes], true);
                if (!arena.allocate(r, bytes)) {
                    return 0;
                }
                chunks.add(r);
                chunkUsed = 0;
            }
            chunk = chunks.get(chunks.size() - 1);
            offset = chunkUsed;
            chunkUsed += size;
        }
        Arrays.fill(chunk.bytes(), offset, offset + size, (byte) 0);
        return chunk.baseAddress() + offset;
    }

    private Region chunkAt(long address) {
        for (Region r : chunks) {
            if (address >= r.baseAddress() && address < r.baseAddress() + r.bytes().length) {
                return r;
            }
        }
        throw new IllegalStateException("no object chunk holds " + hex(address));
    }

    /** The live object a pointer points into, or null. */
    private Obj objectAt(long address) {
        Map.Entry<Long, Obj> e = objects.floorEntry(address);
        return e != null && address < e.getKey() + e.getValue().layout.size ? e.getValue() : null;
    }

    private Obj requireObject(KernelRun run, long address, String kfunc) {
        Obj o = objectAt(address);
        if (o == null) {
            throw run.trap(TrapException.Kind.INVALID, kfunc + " of " + hex(address) + ", which is no live object of bpf_obj_new;"
                    + " the verifier would have refused the program");
        }
        return o;
    }

    /** bpf_obj_drop_impl: releases a reference; the last frees the object and what its fields own. */
    private synchronized void drop(KernelRun run, long p) {
        Obj o = objects.get(p);
        if (o == null) {
            throw run.trap(TrapException.Kind.INVALID, "bpf_obj_drop of " + hex(p) + ", which is no live object of bpf_obj_new;"
                    + " the verifier would have refused the program");
        }
        release(o);
    }

    /**
     * Frees what a kernel field of a map value held, as bpf_obj_free_fields does when the value is
     * overwritten or its element deleted: the object of a {@code __kptr} (one reference), the nodes
     * of a {@code bpf_list_head} or {@code bpf_rb_root}.
     *
     * @param field the field
     * @param address the field's address
     * @param value its first 8 bytes
     */
    public synchronized void releaseField(MapDefinition.KernelField field, long address, long value) {
        switch (field.kind()) {
            case "kptr" -> {
                Obj held = objects.get(value);
                if (held != null) {
                    release(held);
                }
            }
            case "bpf_list_head" -> freeField(Special.LIST_HEAD, address);
            case "bpf_rb_root" -> freeField(Special.RB_ROOT, address);
            default -> {
            }
        }
    }

    private void release(Obj o) {
        if (o.layout.refcounted && --o.refcount > 0) {
            return;
        }
        objects.remove(o.address);
        if (o instanceof PercpuObj pc) {
            free.computeIfAbsent(pc.stride * pc.cpus, k -> new ArrayDeque<>()).add(pc.copies);
        }
        for (Field f : o.layout.fields) {
            freeField(f.kind, o.address + f.offset);
        }
        free.computeIfAbsent(Math.max(8, (o.layout.size + 7) & ~7), k -> new ArrayDeque<>()).add(o.address);
    }

    /** bpf_obj_free_fields for one field: what a list head, rb root or kptr owns is dropped. */
    private void freeField(Special kind, long address) {
        switch (kind) {
            case LIST_HEAD -> {
                ArrayDeque<Long> nodes = lists.remove(address);
                while (nodes != null && !nodes.isEmpty()) {
                    dropNode(nodes.poll());
                }
            }
            case RB_ROOT -> {
                Tree t = trees.remove(address);
                if (t != null) {
                    for (long node : t.inOrder()) {
                        dropNode(node);
                    }
                }
            }
            case KPTR -> {
                // a kptr field of an object: its bytes are in one of the chunks
                Region chunk = chunkAt(address);
                int at = (int) (address - chunk.baseAddress());
                long p = 0;
                for (int i = 7; i >= 0; i--) {
                    p = p << 8 | chunk.bytes()[at + i] & 0xffL;
                }
                Arrays.fill(chunk.bytes(), at, at + 8, (byte) 0);
                Obj held = objects.get(p);
                if (held != null) {
                    release(held);
                }
            }
            case REFCOUNT -> {
            }
        }
    }

    private void dropNode(long node) {
        owners.remove(node);
        Obj o = objectAt(node);
        if (o != null) {
            release(o);
        }
    }

    /** bpf_refcount_acquire_impl: one more reference, or NULL when the object is gone (refcount_inc_not_zero failing). */
    private synchronized long refcountAcquire(long p) {
        Obj o = objects.get(p);
        if (o == null || o.refcount == 0) {
            return 0;
        }
        o.refcount++;
        return p;
    }

    private static String hex(long address) {
        return "0x" + Long.toHexString(address);
    }

    // ---- per-CPU objects ----

    /** The verifier's limit on a per-CPU object's size ({@code BPF_GLOBAL_PERCPU_MA_MAX_SIZE}). */
    static final int PERCPU_MAX_SIZE = 512;

    /**
     * bpf_percpu_obj_new_impl: a zeroed copy per CPU of a struct of scalars, or NULL when memory
     * runs out. A type the verifier refuses (too large, not only scalars, special fields) traps
     * with its reason.
     */
    private synchronized long percpuNew(KernelRun run, int typeId) {
        Layout l = layout(run, typeId);
        if (l.size > PERCPU_MAX_SIZE) {
            throw run.trap(TrapException.Kind.INVALID, "bpf_percpu_obj_new type size (" + l.size + ") is greater than " + PERCPU_MAX_SIZE
                    + ": the verifier would have refused the program");
        }
        if (!scalarStruct(btf.resolve(typeId), 0)) {
            throw run.trap(TrapException.Kind.INVALID, "bpf_percpu_obj_new type ID argument must be of a struct of scalars (struct "
                    + l.name + "): the verifier would have refused the program");
        }
        if (!l.fields.isEmpty()) {
            throw run.trap(TrapException.Kind.INVALID, "bpf_percpu_obj_new type ID argument must not contain special fields (struct "
                    + l.name + "): the verifier would have refused the program");
        }
        int stride = Math.max(8, (l.size + 7) & ~7);
        int cpus = run.environment().cpus();
        long cell = allocate(8);
        if (cell == 0) {
            return 0;
        }
        long copies = allocate(stride * cpus);
        if (copies == 0) {
            free.computeIfAbsent(8, k -> new ArrayDeque<>()).add(cell);
            return 0;
        }
        run.vm().memory().store64(cell, copies);
        objects.put(cell, new PercpuObj(cell, new Layout(l.name, 8, List.of(), false), copies, stride, cpus));
        return cell;
    }

    /** __btf_type_is_scalar_struct: members are integers, enums, arrays of them or such structs, three levels deep at most. */
    private boolean scalarStruct(BtfType t, int depth) {
        if (!(t instanceof BtfType.StructType s)) {
            return false;
        }
        for (BtfType.Member m : s.members()) {
            BtfType type = btf.resolve(m.type());
            if (type instanceof BtfType.StructType) {
                if (depth >= 3 || !scalarStruct(type, depth + 1)) {
                    return false;
                }
                continue;
            }
            if (type instanceof BtfType.ArrayType a) {
                if (a.count() == 0) {
                    return false;
                }
                type = btf.resolve(a.element());
            }
            if (!(type instanceof BtfType.IntType || type instanceof BtfType.EnumType)) {
                return false;
            }
        }
        return true;
    }

    private synchronized void percpuDrop(KernelRun run, long p) {
        if (!(objects.get(p) instanceof PercpuObj o)) {
            throw run.trap(TrapException.Kind.INVALID, "bpf_percpu_obj_drop of " + hex(p) + ", which is no live object of bpf_percpu_obj_new;"
                    + " the verifier would have refused the program");
        }
        release(o);
    }

    /**
     * Registers {@code bpf_this_cpu_ptr} and {@code bpf_per_cpu_ptr}, answered for this loaded
     * object's per-CPU objects; on anything else (a per-CPU kernel variable) they trap naming it.
     */
    public void registerHelpers(HelperRegistry helpers) {
        helpers.register(HelperId.THIS_CPU_PTR, (run, p, r2, r3, r4, r5) -> cpuCopy(run, p, run.vm().cpu(), "bpf_this_cpu_ptr"));
        helpers.register(HelperId.PER_CPU_PTR, (run, p, cpu, r3, r4, r5) -> {
            // cpu >= nr_cpu_ids answers NULL before the pointer is looked at
            long n = cpu & 0xffffffffL;
            return n >= run.environment().cpus() ? 0 : cpuCopy(run, p, (int) n, "bpf_per_cpu_ptr");
        });
    }

    private synchronized long cpuCopy(KernelRun run, long p, int cpu, String helper) {
        if (!(objects.get(p) instanceof PercpuObj o)) {
            throw run.trap(TrapException.Kind.UNSUPPORTED, helper + " of " + hex(p) + ": the emulator answers it for objects of"
                    + " bpf_percpu_obj_new only, not for per-CPU kernel variables");
        }
        if (cpu >= o.cpus) {
            throw run.trap(TrapException.Kind.UNSUPPORTED, helper + " for CPU " + cpu + " of a per-CPU object allocated with " + o.cpus
                    + " CPUs: the environment's CPU count grew after it was allocated");
        }
        return o.copies + (long) cpu * o.stride;
    }

    // ---- lists ----

    /** __bpf_list_add: a node already owned fails with -EINVAL and the reference passed is dropped. */
    private synchronized long push(KernelRun run, long head, long node, boolean front) {
        Obj o = requireObject(run, node, front ? "bpf_list_push_front" : "bpf_list_push_back");
        if (owners.containsKey(node)) {
            release(o);
            return -Errno.EINVAL;
        }
        owners.put(node, head);
        ArrayDeque<Long> list = lists.computeIfAbsent(head, k -> new ArrayDeque<>());
        if (front) {
            list.addFirst(node);
        } else {
            list.addLast(node);
        }
        return 0;
    }

    /** __bpf_list_del (take) or bpf_list_front/back (peek): the node's address, or NULL on an empty list. */
    private synchronized long pop(long head, boolean front, boolean take) {
        ArrayDeque<Long> list = lists.get(head);
        if (list == null || list.isEmpty()) {
            return 0;
        }
        if (!take) {
            return front ? list.peekFirst() : list.peekLast();
        }
        long node = front ? list.pollFirst() : list.pollLast();
        owners.remove(node);
        return node;
    }

    // ---- rb trees ----

    private synchronized long rbtreeAdd(KernelRun run, long root, long node, long less) {
        Obj o = requireObject(run, node, "bpf_rbtree_add");
        if (owners.containsKey(node)) {
            release(o);
            return -Errno.EINVAL;
        }
        // the kernel marks the node owned (BPF_PTR_POISON) before it walks, so less() sees it taken
        owners.put(node, root);
        trees.computeIfAbsent(root, k -> new Tree()).add(node, (a, b) -> run.vm().callFunction(less, a, b) != 0);
        return 0;
    }

    private synchronized long rbtreeRemove(long root, long node) {
        Long owner = owners.get(node);
        if (owner == null || owner != root) {
            return 0;
        }
        trees.get(root).remove(node);
        owners.remove(node);
        return node;
    }

    private synchronized long rbtreeFirst(long root) {
        Tree t = trees.get(root);
        return t == null ? 0 : t.first();
    }

    private synchronized long rbtreeRoot(long root) {
        Tree t = trees.get(root);
        return t == null ? 0 : t.root();
    }

    /** bpf_rbtree_left and bpf_rbtree_right: NULL for a node this tree does not own. */
    private synchronized long rbtreeChild(long root, long node, boolean left) {
        Long owner = owners.get(node);
        if (owner == null || owner != root) {
            return 0;
        }
        Tree t = trees.get(root);
        return left ? t.left(node) : t.right(node);
    }

    /**
     * A red-black tree of node addresses, balanced as lib/rbtree.c balances the kernel's (the same
     * rotations and colour changes on insert and erase, so the same shape): the nodes a walk meets,
     * and what {@code bpf_rbtree_root}, {@code _left} and {@code _right} answer, are the kernel's.
     */
    private static final class Tree {
        interface Less {
            boolean test(long a, long b);
        }

        private static final class N {
            final long address;
            N left;
            N right;
            N parent;
            boolean red;

            N(long address) {
                this.address = address;
            }
        }

        private final Map<Long, N> nodes = new HashMap<>();
        private N root;

        private static boolean isRed(N n) {
            return n != null && n.red;
        }

        private static long addressOf(N n) {
            return n == null ? 0 : n.address;
        }

        long root() {
            return addressOf(root);
        }

        long left(long node) {
            return addressOf(nodes.get(node).left);
        }

        long right(long node) {
            return addressOf(nodes.get(node).right);
        }

        /** Puts {@code now} where {@code old} hangs from {@code parent} (or at the root). */
        private void changeChild(N old, N now, N parent) {
            if (parent == null) {
                root = now;
            } else if (parent.left == old) {
                parent.left = now;
            } else {
                parent.right = now;
            }
        }

        /** __rb_rotate_set_parents: {@code now} takes {@code old}'s place and colour; {@code old} hangs below it with a colour. */
        private void rotateSetParents(N old, N now, boolean oldRed) {
            N parent = old.parent;
            now.parent = parent;
            now.red = old.red;
            old.parent = now;
            old.red = oldRed;
            changeChild(old, now, parent);
        }

        /** The kernel's walk from the root (less(new, parent), right on false), then __rb_insert. */
        void add(long address, Less less) {
            N parent = null;
            boolean left = false;
            N at = root;
            while (at != null) {
                parent = at;
                left = less.test(address, at.address);
                at = left ? at.left : at.right;
            }
            N node = new N(address);
            nodes.put(address, node);
            node.parent = parent;
            node.red = true;
            if (parent == null) {
                root = node;
            } else if (left) {
                parent.left = node;
            } else {
                parent.right = node;
            }
            insertColor(node);
        }

        private void insertColor(N node) {
            N parent = node.parent;
            while (true) {
                if (parent == null) {
                    node.red = false;
                    return;
                }
                if (!parent.red) {
                    return;
                }
                N gparent = parent.parent;
                boolean parentIsLeft = gparent.right != parent;
                N uncle = parentIsLeft ? gparent.right : gparent.left;
                if (isRed(uncle)) {
                    // colour flips, then on from the grandparent
                    uncle.red = false;
                    parent.red = false;
                    node = gparent;
                    parent = node.parent;
                    node.red = true;
                    continue;
                }
                N inner = parentIsLeft ? parent.right : parent.left;
                if (node == inner) {
                    // rotate at the parent so that the node is on the outside
                    N tmp = parentIsLeft ? node.left : node.right;
                    if (parentIsLeft) {
                        parent.right = tmp;
                        node.left = parent;
                    } else {
                        parent.left = tmp;
                        node.right = parent;
                    }
                    if (tmp != null) {
                        tmp.parent = parent;
                        tmp.red = false;
                    }
                    parent.parent = node;
                    parent.red = true;
                    parent = node;
                }
                // rotate at the grandparent
                N tmp = parentIsLeft ? parent.right : parent.left;
                if (parentIsLeft) {
                    gparent.left = tmp;
                    parent.right = gparent;
                } else {
                    gparent.right = tmp;
                    parent.left = gparent;
                }
                if (tmp != null) {
                    tmp.parent = gparent;
                    tmp.red = false;
                }
                rotateSetParents(gparent, parent, true);
                return;
            }
        }

        long first() {
            N at = root;
            while (at != null && at.left != null) {
                at = at.left;
            }
            return addressOf(at);
        }

        /** __rb_erase_augmented, then ____rb_erase_color where a black node left. */
        void remove(long address) {
            N node = nodes.remove(address);
            N child = node.right;
            N tmp = node.left;
            N rebalance;
            if (tmp == null) {
                N parent = node.parent;
                changeChild(node, child, parent);
                if (child != null) {
                    child.parent = parent;
                    child.red = node.red;
                    rebalance = null;
                } else {
                    rebalance = node.red ? null : parent;
                }
            } else if (child == null) {
                N parent = node.parent;
                tmp.parent = parent;
                tmp.red = node.red;
                changeChild(node, tmp, parent);
                rebalance = null;
            } else {
                N successor = child;
                N parent;
                N child2;
                tmp = child.left;
                if (tmp == null) {
                    parent = successor;
                    child2 = successor.right;
                } else {
                    do {
                        parent = successor;
                        successor = tmp;
                        tmp = tmp.left;
                    } while (tmp != null);
                    child2 = successor.right;
                    parent.left = child2;
                    successor.right = child;
                    child.parent = successor;
                }
                tmp = node.left;
                successor.left = tmp;
                tmp.parent = successor;
                N nodeParent = node.parent;
                changeChild(node, successor, nodeParent);
                if (child2 != null) {
                    child2.parent = parent;
                    child2.red = false;
                    rebalance = null;
                } else {
                    rebalance = successor.red ? null : parent;
                }
                successor.parent = nodeParent;
                successor.red = node.red;
            }
            if (rebalance != null) {
                eraseColor(rebalance);
            }
        }

        private void eraseColor(N parent) {
            N node = null;
            while (true) {
                boolean nodeIsLeft = parent.right != node;
                N sibling = nodeIsLeft ? parent.right : parent.left;
                if (isRed(sibling)) {
                    // rotate at the parent so that the sibling is black
                    N tmp1 = nodeIsLeft ? sibling.left : sibling.right;
                    if (nodeIsLeft) {
                        parent.right = tmp1;
                        sibling.left = parent;
                    } else {
                        parent.left = tmp1;
                        sibling.right = parent;
                    }
                    tmp1.parent = parent;
                    tmp1.red = false;
                    rotateSetParents(parent, sibling, true);
                    sibling = tmp1;
                }
                N outer = nodeIsLeft ? sibling.right : sibling.left;
                if (!isRed(outer)) {
                    N inner = nodeIsLeft ? sibling.left : sibling.right;
                    if (!isRed(inner)) {
                        // sibling colour flip
                        sibling.parent = parent;
                        sibling.red = true;
                        if (parent.red) {
                            parent.red = false;
                        } else {
                            node = parent;
                            parent = node.parent;
                            if (parent != null) {
                                continue;
                            }
                        }
                        return;
                    }
                    // rotate at the sibling
                    N tmp1 = nodeIsLeft ? inner.right : inner.left;
                    if (nodeIsLeft) {
                        sibling.left = tmp1;
                        inner.right = sibling;
                        parent.right = inner;
                    } else {
                        sibling.right = tmp1;
                        inner.left = sibling;
                        parent.left = inner;
                    }
                    if (tmp1 != null) {
                        tmp1.parent = sibling;
                        tmp1.red = false;
                    }
                    outer = sibling;
                    sibling = inner;
                }
                // rotate at the parent, with colour flips
                N tmp2 = nodeIsLeft ? sibling.left : sibling.right;
                if (nodeIsLeft) {
                    parent.right = tmp2;
                    sibling.left = parent;
                } else {
                    parent.left = tmp2;
                    sibling.right = parent;
                }
                outer.parent = sibling;
                outer.red = false;
                if (tmp2 != null) {
                    tmp2.parent = parent;
                }
                rotateSetParents(parent, sibling, false);
                return;
            }
        }

        List<Long> inOrder() {
            List<Long> out = new ArrayList<>();
            walk(root, out);
            return out;
        }

        private void walk(N at, List<Long> out) {
            if (at != null) {
                walk(at.left, out);
                out.add(at.address);
                walk(at.right, out);
            }
        }
    }
}
