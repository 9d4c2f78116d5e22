package org.ebpftest.runtime.linux.maps;

import java.util.function.IntPredicate;

/**
 * The kernel's LRU for LRU hash maps ({@code kernel/bpf/bpf_lru_list.c}), modelled node for node
 * so that which element is evicted matches Linux when every operation runs on the CPU given:
 *
 * <ul>
 *   <li>common LRU (the default): a global list with active, inactive and free sublists, plus per
 *       CPU a local free list and a pending list of elements added recently. A CPU whose local
 *       free list is empty flushes its pending list into the global list, rotates the active and
 *       inactive lists (reference bits give a second chance), then takes up to {@code target_free
 *       = clamp(max_entries / cpus / 2, 1, 128)} free nodes, shrinking the inactive list (that is,
 *       evicting) for the rest; if that finds nothing it steals from the CPUs' local lists in turn;</li>
 *   <li>per-CPU LRU ({@code BPF_F_NO_COMMON_LRU}): one list per CPU holding
 *       {@code max_entries / cpus} nodes; an update that finds no free node evicts from its own
 *       CPU's inactive list, up to four elements at once.</li>
 * </ul>
 *
 * Nodes are the hash map's slots; lists are intrusive doubly linked lists over int arrays, with the
 * list heads numbered after the nodes. Not thread-safe: the hash map holds its lock.
 */
final class Lru {
    static final int ACTIVE = 0;
    static final int INACTIVE = 1;
    static final int FREE = 2;
    static final int LOCAL_FREE = 3;
    static final int LOCAL_PENDING = 4;

    private static final int LOCAL_FREE_TARGET = 128;
    private static final int NR_SCANS = LOCAL_FREE_TARGET;
    /** How many nodes a per-CPU LRU frees at once when it has none. */
    private static final int PERCPU_FREE_TARGET = 4;

    private final int cpus;
    private final boolean percpu;
    private final IntPredicate deleteFromTable;
    private final int targetFree;
    private final int[] next;
    private final int[] prev;
    private final int[] type;
    private final boolean[] ref;
    private final int[] cpuOf;

    /** One LRU list: heads of its three sublists, counts of active and inactive, rotation cursor. */
    private final class LruList {
        final int[] heads = new int[3];
        final int[] counts = new int[2];
        int nextInactiveRotation;
    }

    /** A CPU's local lists of the common LRU. */
    private static final class Local {
        int freeHead;
        int pendingHead;
        int nextSteal;
    }

    private final LruList[] lists;
    private final Local[] locals;
    private int nextHead;

    /** The bytes the lists of {@code nodes} nodes take: links both ways, type, CPU and reference bit per node. */
    static long bytes(long nodes, int cpus) {
        return nodes * (4L * Integer.BYTES + 1) + 8L * Integer.BYTES * cpus;
    }

    /**
     * @param nodes the number of nodes (the map's max_entries, already rounded for per-CPU LRU)
     * @param deleteFromTable removes a node's element from the hash table; false if it was not there
     */
    Lru(int nodes, int cpus, boolean percpu, IntPredicate deleteFromTable) {
        this.cpus = cpus;
        this.percpu = percpu;
        this.deleteFromTable = deleteFromTable;
        int listCount = percpu ? cpus : 1;
        int heads = listCount * 3 + (percpu ? 0 : cpus * 2);
        next = new int[nodes + heads];
        prev = new int[nodes + heads];
        type = new int[nodes];
        ref = new boolean[nodes];
        cpuOf = new int[nodes];
        nextHead = nodes;
        lists = new LruList[listCount];
        for (int i = 0; i < listCount; i++) {
            LruList l = new LruList();
            for (int t = 0; t < 3; t++) {
                l.heads[t] = newHead();
            }
            l.nextInactiveRotation = l.heads[INACTIVE];
            lists[i] = l;
        }
        locals = new Local[percpu ? 0 : cpus];
        for (int c = 0; c < locals.length; c++) {
            Local loc = new Local();
            loc.freeHead = newHead();
            loc.pendingHead = newHead();
            loc.nextSteal = c;
            locals[c] = loc;
        }
        if (percpu) {
            int per = nodes / cpus;
            int n = 0;
            for (int c = 0; c < cpus; c++) {
                for (int i = 0; i < per; i++, n++) {
                    cpuOf[n] = c;
                    type[n] = FREE;
                    addHead(n, lists[c].heads[FREE]);
                }
            }
            targetFree = 1;
        } else {
            for (int n = 0; n < nodes; n++) {
                type[n] = FREE;
                addHead(n, lists[0].heads[FREE]);
            }
            targetFree = Math.max(1, Math.min(LOCAL_FREE_TARGET, nodes / cpus / 2));
        }
    }

    private int newHead() {
        int h = nextHead++;
        next[h] = h;
        prev[h] = h;
        return h;
    }

    // ---- intrusive list primitives ----

    private boolean empty(int head) {
        return next[head] == head;
    }

    private void unlink(int n) {
        next[prev[n]] = next[n];
        prev[next[n]] = prev[n];
    }

    private void addHead(int n, int head) {
        int first = next[head];
        next[n] = first;
        prev[n] = head;
        prev[first] = n;
        next[head] = n;
    }

    private void moveHead(int n, int head) {
        unlink(n);
        addHead(n, head);
    }

    // ---- the reference bit ----

    /** Marks a node referenced: a program looked its element up or replaced it. */
    void setRef(int n) {
        ref[n] = true;
    }

    // ---- moves within one LRU list ----

    private void countDec(LruList l, int t) {
        if (t < FREE) {
            l.counts[t]--;
        }
    }

    private void countInc(LruList l, int t) {
        if (t < FREE) {
            l.counts[t]++;
        }
    }

    private void moveToFree(LruList l, int n, int freeHead, int freeType) {
        if (n == l.nextInactiveRotation) {
            l.nextInactiveRotation = prev[n];
        }
        countDec(l, type[n]);
        type[n] = freeType;
        moveHead(n, freeHead);
    }

    private void moveIn(LruList l, int n, int t) {
        countInc(l, t);
        type[n] = t;
        ref[n] = false;
        moveHead(n, l.heads[t]);
    }

    private void move(LruList l, int n, int t) {
        if (type[n] != t) {
            countDec(l, type[n]);
            countInc(l, t);
            type[n] = t;
        }
        ref[n] = false;
        if (n == l.nextInactiveRotation) {
            l.nextInactiveRotation = prev[n];
        }
        moveHead(n, l.heads[t]);
    }

    private void rotateActive(LruList l) {
        int head = l.heads[ACTIVE];
        if (empty(head)) {
            return;
        }
        int first = next[head];
        int i = 0;
        for (int n = prev[head], p; n != head; n = p) {
            p = prev[n];
            move(l, n, ref[n] ? ACTIVE : INACTIVE);
            if (++i == NR_SCANS || n == first) {
                break;
            }
        }
    }

    private void rotateInactive(LruList l) {
        int head = l.heads[INACTIVE];
        if (empty(head)) {
            return;
        }
        int last = next[l.nextInactiveRotation];
        if (last == head) {
            last = next[last];
        }
        int cur = l.nextInactiveRotation;
        int after = cur;
        int i = 0;
        while (i < NR_SCANS) {
            if (cur == head) {
                cur = prev[cur];
                continue;
            }
            after = prev[cur];
            if (ref[cur]) {
                move(l, cur, ACTIVE);
            }
            if (cur == last) {
                break;
            }
            cur = after;
            i++;
        }
        l.nextInactiveRotation = after;
    }

    private void rotate(LruList l) {
        if (l.counts[INACTIVE] < l.counts[ACTIVE]) {
            rotateActive(l);
        }
        rotateInactive(l);
    }

    private int shrinkInactive(LruList l, int wanted, int freeHead, int freeType) {
        int head = l.heads[INACTIVE];
        int shrunk = 0;
        int i = 0;
        for (int n = prev[head], p; n != head; n = p) {
            p = prev[n];
            if (ref[n]) {
                move(l, n, ACTIVE);
            } else if (deleteFromTable.test(n)) {
                moveToFree(l, n, freeHead, freeType);
                if (++shrunk == wanted) {
                    break;
                }
            }
            if (++i == NR_SCANS) {
                break;
            }
        }
        return shrunk;
    }

    private int shrink(LruList l, int wanted, int freeHead, int freeType) {
        int shrunk = shrinkInactive(l, wanted, freeHead, freeType);
        if (shrunk > 0) {
            return shrunk;
        }
        // Nothing without a reference bit: evict regardless, preferring the inactive list.
        int forced = empty(l.heads[INACTIVE]) ? l.heads[ACTIVE] : l.heads[INACTIVE];
        for (int n = prev[forced], p; n != forced; n = p) {
            p = prev[n];
            if (deleteFromTable.test(n)) {
                moveToFree(l, n, freeHead, freeType);
                return 1;
            }
        }
        return 0;
    }

    // ---- common LRU: local lists ----

    private void flushPending(LruList l, Local loc) {
        for (int n = prev[loc.pendingHead], p; n != loc.pendingHead; n = p) {
            p = prev[n];
            moveIn(l, n, ref[n] ? ACTIVE : INACTIVE);
        }
    }

    private void refillLocal(Local loc) {
        LruList l = lists[0];
        flushPending(l, loc);
        rotate(l);
        int taken = 0;
        int freeHead = l.heads[FREE];
        for (int n = next[freeHead], nx; n != freeHead; n = nx) {
            nx = next[n];
            moveToFree(l, n, loc.freeHead, LOCAL_FREE);
            if (++taken == targetFree) {
                break;
            }
        }
        if (taken < targetFree) {
            shrink(l, targetFree - taken, loc.freeHead, LOCAL_FREE);
        }
    }

    private int popLocalFree(Local loc) {
        if (empty(loc.freeHead)) {
            return -1;
        }
        int n = next[loc.freeHead];
        unlink(n);
        return n;
    }

    private int popLocalPending(Local loc) {
        for (int pass = 0; pass < 2; pass++) {
            for (int n = prev[loc.pendingHead]; n != loc.pendingHead; n = prev[n]) {
                if ((!ref[n] || pass == 1) && deleteFromTable.test(n)) {
                    unlink(n);
                    return n;
                }
            }
        }
        return -1;
    }

    private void addPending(Local loc, int cpu, int n) {
        cpuOf[n] = cpu;
        type[n] = LOCAL_PENDING;
        ref[n] = false;
        addHead(n, loc.pendingHead);
    }

    /** Takes a free node for a new element on a CPU, evicting if needed; -1 if none can be had. */
    int popFree(int cpu) {
        return percpu ? popFreePerCpu(cpu) : popFreeCommon(cpu);
    }

    private int popFreeCommon(int cpu) {
        Local loc = locals[cpu];
        int n = popLocalFree(loc);
        if (n < 0) {
            refillLocal(loc);
            n = popLocalFree(loc);
        }
        if (n >= 0) {
            addPending(loc, cpu, n);
            return n;
        }
        int first = loc.nextSteal;
        int steal = first;
        do {
            Local victim = locals[steal];
            n = popLocalFree(victim);
            if (n < 0) {
                n = popLocalPending(victim);
            }
            steal = (steal + 1) % cpus;
        } while (n < 0 && steal != first);
        loc.nextSteal = steal;
        if (n >= 0) {
            addPending(loc, cpu, n);
        }
        return n;
    }

    private int popFreePerCpu(int cpu) {
        LruList l = lists[cpu];
        rotate(l);
        int freeHead = l.heads[FREE];
        if (empty(freeHead)) {
            shrink(l, PERCPU_FREE_TARGET, freeHead, FREE);
        }
        if (empty(freeHead)) {
            return -1;
        }
        int n = next[freeHead];
        cpuOf[n] = cpu;
        move(l, n, INACTIVE);
        return n;
    }

    /** Returns a node whose element was deleted or replaced. */
    void pushFree(int n) {
        if (percpu) {
            move(lists[cpuOf[n]], n, FREE);
            return;
        }
        if (type[n] == LOCAL_PENDING) {
            type[n] = LOCAL_FREE;
            ref[n] = false;
            moveHead(n, locals[cpuOf[n]].freeHead);
            return;
        }
        move(lists[0], n, FREE);
    }
}
