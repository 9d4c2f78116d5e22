package org.ebpftest.runtime.linux.maps;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.ebpftest.runtime.uapi.Errno;
import org.ebpftest.runtime.uapi.MapFlags;
import org.ebpftest.runtime.vm.Region;

/**
 * {@code BPF_MAP_TYPE_LPM_TRIE}: keys are {@code {u32 prefixlen; u8 data[]}} with the data in
 * network order; lookups return the value of the longest stored prefix that matches the key's
 * first {@code prefixlen} bits, updates and deletes act on exact prefixes. The trie has the
 * kernel's shape (path-compressed binary trie with intermediate nodes), so
 * {@code get_next_key} walks it in the kernel's post-order: more specific prefixes first.
 *
 * <p>Errors as in Linux 6.13 and later: a prefix longer than the data is -EINVAL, a new prefix in
 * a full trie is -ENOSPC (replacing one is allowed), {@code BPF_NOEXIST} on a present prefix is
 * -EEXIST, {@code BPF_EXIST} on an absent one -ENOENT. Every update puts the value in a new slot
 * (the kernel allocates a new node), so a pointer from an earlier lookup keeps the old value.
 * Value slots come in chunks from the map's {@link MapArena} as they are first used; when the arena
 * has no room the update is -ENOMEM before any other check, as the kernel allocates the node first.
 */
final class LpmTrieMap extends BpfMap {
    /** What a {@link Node} object takes besides its key bytes: headers, fields and the key array's header. */
    private static final int NODE_BYTES = 64;

    private static final class Node {
        final int prefixlen;
        final byte[] data;
        final int slot;
        boolean intermediate;
        Node left;
        Node right;

        Node(int prefixlen, byte[] data, int slot, boolean intermediate) {
            this.prefixlen = prefixlen;
            this.data = data;
            this.slot = slot;
            this.intermediate = intermediate;
        }

        Node child(int bit) {
            return bit == 0 ? left : right;
        }

        void setChild(int bit, Node n) {
            if (bit == 0) {
                left = n;
            } else {
                right = n;
            }
        }
    }

    /** Where a node hangs: the root or a parent's child pointer. */
    private final class Link {
        final Node parent;
        final int bit;

        Link(Node parent, int bit) {
            this.parent = parent;
            this.bit = bit;
        }

        Node get() {
            return parent == null ? root : parent.child(bit);
        }

        void set(Node n) {
            if (parent == null) {
                root = n;
            } else {
                parent.setChild(bit, n);
            }
        }
    }

    private final int dataSize;
    private final int maxPrefixlen;
    private final ValueArea values;
    private final SlotPool free;
    private Node root;
    private int entries;

    LpmTrieMap(MapDefinition def, int cpus) {
        super(def, cpus);
        this.dataSize = def.keySize() - 4;
        this.maxPrefixlen = dataSize * 8;
        // One spare slot: a replacement takes its new node's slot before the old node's is freed.
        int slots = (int) Math.min(def.maxEntries() + 1, Integer.MAX_VALUE);
        // The kernel allocates every node on demand; value chunks come from the arena as slots are
        // first used, each charged with its values and an estimate of two nodes per slot (the
        // element's and at most one intermediate node), key bytes included.
        this.values = new ValueArea(def, slots, 1, true, true, 2L * (NODE_BYTES + dataSize));
        this.free = new SlotPool(slots);
    }

    @Override
    public synchronized List<Region> regions() {
        return values.regions();
    }

    @Override
    public synchronized void useArena(MapArena arena) {
        values.useArena(arena);
    }

    @Override
    public synchronized long memoryFootprint() {
        return super.memoryFootprint() + values.chargedBytes();
    }

    @Override
    public synchronized int size() {
        return entries;
    }

    private static long prefixlen(byte[] key, int off) {
        return (key[off] & 0xffL) | (key[off + 1] & 0xffL) << 8 | (key[off + 2] & 0xffL) << 16 | (key[off + 3] & 0xffL) << 24;
    }

    private static int bit(byte[] data, int dataOffset, int index) {
        return (data[dataOffset + index / 8] >> (7 - index % 8)) & 1;
    }

    /** The number of leading bits the node and the key share, at most min(node, key) prefix length. */
    private int match(Node node, byte[] key, int keyOffset, long keyPrefixlen) {
        int limit = (int) Math.min(node.prefixlen, keyPrefixlen);
        int bits = 0;
        for (int i = 0; i < dataSize && bits < limit; i++) {
            int diff = (node.data[i] ^ key[keyOffset + 4 + i]) & 0xff;
            if (diff != 0) {
                bits += Integer.numberOfLeadingZeros(diff) - 24;
                break;
            }
            bits += 8;
        }
        return Math.min(bits, limit);
    }

    // ---- lookup ----

    private Node longestMatch(byte[] key, int keyOffset) {
        long plen = prefixlen(key, keyOffset);
        if (plen > maxPrefixlen) {
            return null;
        }
        Node found = null;
        for (Node node = root; node != null; ) {
            int m = match(node, key, keyOffset, plen);
            if (m == maxPrefixlen) {
                found = node;
                break;
            }
            if (m < node.prefixlen) {
                break;
            }
            if (!node.intermediate) {
                found = node;
            }
            node = node.child(bit(key, keyOffset + 4, node.prefixlen));
        }
        return found;
    }

    @Override
    public synchronized long lookupAddress(byte[] key, int keyOffset, int cpu) {
        Node n = longestMatch(key, keyOffset);
        return n == null ? 0 : values.address(n.slot, 0);
    }

    // ---- update ----

    @Override
    public synchronized long updateElem(byte[] key, int keyOffset, byte[] value, int valueOffset, long flags, int cpu) {
        if (flags > MapFlags.BPF_EXIST || flags < 0) {
            return -Errno.EINVAL;
        }
        long plen = prefixlen(key, keyOffset);
        if (plen > maxPrefixlen) {
            return -Errno.EINVAL;
        }
        // The kernel allocates the new node before it looks at the trie, so a failed allocation
        // is -ENOMEM even where the update would have been refused for another reason.
        int slot = free.take();
        if (values.ensure(slot) < 0) {
            free.give(slot);
            return -Errno.ENOMEM;
        }
        Node fresh = new Node((int) plen, Arrays.copyOfRange(key, keyOffset + 4, keyOffset + 4 + dataSize), slot, false);
        values.zero(fresh.slot);
        values.write(fresh.slot, 0, value, valueOffset);
        long r = insert(fresh, key, keyOffset, plen, flags);
        if (r != 0) {
            free.give(fresh.slot);
        }
        return r;
    }

    private long addCheck(long flags) {
        if (flags == MapFlags.BPF_EXIST) {
            return -Errno.ENOENT;
        }
        if (entries >= definition().maxEntries()) {
            return -Errno.ENOSPC;
        }
        entries++;
        return 0;
    }

    private long insert(Node fresh, byte[] key, int keyOffset, long plen, long flags) {
        Link link = new Link(null, 0);
        Node node;
        int m = 0;
        while ((node = link.get()) != null) {
            m = match(node, key, keyOffset, plen);
            if (node.prefixlen != m || node.prefixlen == plen || node.prefixlen == maxPrefixlen) {
                break;
            }
            link = new Link(node, bit(key, keyOffset + 4, node.prefixlen));
        }
        if (node == null) {
            long r = addCheck(flags);
            if (r == 0) {
                link.set(fresh);
            }
            return r;
        }
        if (node.prefixlen == m) {
            if (!node.intermediate) {
                if (flags == MapFlags.BPF_NOEXIST) {
                    return -Errno.EEXIST;
                }
            } else {
                long r = addCheck(flags);
                if (r != 0) {
                    return r;
                }
            }
            fresh.left = node.left;
            fresh.right = node.right;
            link.set(fresh);
            if (!node.intermediate) {
                free.give(node.slot);
            }
            return 0;
        }
        long r = addCheck(flags);
        if (r != 0) {
            return r;
        }
        if (m == plen) {
            fresh.setChild(bit(node.data, 0, m), node);
            link.set(fresh);
            return 0;
        }
        Node im = new Node(m, node.data.clone(), -1, true);
        if (bit(key, keyOffset + 4, m) == 1) {
            im.left = node;
            im.right = fresh;
        } else {
            im.left = fresh;
            im.right = node;
        }
        link.set(im);
        return 0;
    }

    // ---- delete ----

    @Override
    public synchronized long deleteElem(byte[] key, int keyOffset, int cpu) {
        long plen = prefixlen(key, keyOffset);
        if (plen > maxPrefixlen) {
            return -Errno.EINVAL;
        }
        Link trim = new Link(null, 0);
        Link trim2 = trim;
        Node parent = null;
        Node node;
        int m = 0;
        while ((node = trim.get()) != null) {
            m = match(node, key, keyOffset, plen);
            if (node.prefixlen != m || node.prefixlen == plen) {
                break;
            }
            parent = node;
            trim2 = trim;
            trim = new Link(node, bit(key, keyOffset + 4, node.prefixlen));
        }
        if (node == null || node.prefixlen != plen || node.prefixlen != m || node.intermediate) {
            return -Errno.ENOENT;
        }
        entries--;
        free.give(node.slot);
        if (node.left != null && node.right != null) {
            node.intermediate = true;
            return 0;
        }
        if (parent != null && parent.intermediate && node.left == null && node.right == null) {
            trim2.set(parent.left == node ? parent.right : parent.left);
            return 0;
        }
        trim.set(node.left != null ? node.left : node.right);
        return 0;
    }

    // ---- get_next_key: post-order ----

    private Node leftmost(Node from) {
        Node found = null;
        for (Node n = from; n != null; ) {
            if (n.intermediate) {
                n = n.left;
            } else {
                found = n;
                n = n.left != null ? n.left : found.right;
            }
        }
        return found;
    }

    private Node nextNode(byte[] key) {
        if (root == null) {
            return null;
        }
        if (key == null || prefixlen(key, 0) > maxPrefixlen) {
            return leftmost(root);
        }
        long plen = prefixlen(key, 0);
        List<Node> stack = new ArrayList<>();
        Node node = root;
        int m = 0;
        while (node != null) {
            stack.add(node);
            m = match(node, key, 0, plen);
            if (node.prefixlen != m || node.prefixlen == plen) {
                break;
            }
            node = node.child(bit(key, 4, node.prefixlen));
        }
        if (node == null || node.prefixlen != m || node.intermediate) {
            return leftmost(root);
        }
        for (int i = stack.size() - 1; i > 0; i--) {
            Node parent = stack.get(i - 1);
            Node current = stack.get(i);
            if (parent.left == current && parent.right != null) {
                return leftmost(parent.right);
            }
            if (!parent.intermediate) {
                return parent;
            }
        }
        return null;
    }

    // ---- host path ----

    @Override
    synchronized List<byte[]> hostLookup(byte[] key) {
        Node n = longestMatch(key, 0);
        return n == null ? null : List.of(values.read(n.slot, 0));
    }

    @Override
    synchronized long hostUpdate(byte[] key, List<byte[]> vals, long flags) {
        return updateElem(key, 0, vals.get(0), 0, flags, 0);
    }

    @Override
    synchronized long hostDelete(byte[] key) {
        return deleteElem(key, 0, 0);
    }

    @Override
    synchronized long hostNextKey(byte[] key, byte[] out) {
        Node n = nextNode(key);
        if (n == null) {
            return -Errno.ENOENT;
        }
        out[0] = (byte) n.prefixlen;
        out[1] = (byte) (n.prefixlen >>> 8);
        out[2] = (byte) (n.prefixlen >>> 16);
        out[3] = (byte) (n.prefixlen >>> 24);
        System.arraycopy(n.data, 0, out, 4, dataSize);
        return 0;
    }

    /** The exact-prefix entries, in get_next_key order (host lookups would answer the longest match). */
    @Override
    public synchronized List<MapEntry> entries() {
        List<MapEntry> out = new ArrayList<>();
        for (byte[] k : keys()) {
            Node n = longestMatch(k, 0);
            out.add(MapEntry.of(k, values.read(n.slot, 0)));
        }
        return out;
    }
}
