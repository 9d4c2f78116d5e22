package org.ebpftest.runtime.btf;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntFunction;
import org.ebpftest.runtime.btf.BtfType.StructType;

/**
 * The kernel structs the emulator lays out in memory, as Linux 6.18's x86-64 vmlinux BTF has them:
 * {@code struct bpf_map}, which a program reads through a map pointer ({@code map->max_entries}).
 * The emulator fills a map's {@code struct bpf_map} at the offsets read from here. CO-RE
 * relocations resolve against the kernel's whole BTF ({@link KernelBtf}), whose layout of these
 * structs this model must equal (a test compares them member by member); a model of a few structs
 * keeps creating maps from reading 126,000 types, and serves as the kernel side of the
 * object's-own-BTF fallback ({@link CoreTarget#objectBtf()}). Likewise {@code struct nf_conn}, which the conntrack kfuncs
 * return, with the members the emulator models ({@code timeout}, {@code status}, {@code mark},
 * {@code secmark}) at their kernel offsets; a relocation of any other of its members finds no
 * match here and poisons its instruction, which then traps if it runs.
 *
 * <p>The structs of the map types that embed {@code struct bpf_map} as their first member
 * ({@code struct bpf_array}, {@code struct bpf_htab}, ...) are known by name and size with that member only:
 * {@code &array->map} resolves, and a relocation of any other of their fields finds no match, which
 * libbpf answers by poisoning the instruction ({@link org.ebpftest.runtime.isa.Instruction#corePoison()}).
 */
public final class KernelStructs {
    /** The struct a map pointer points to. */
    public static final String BPF_MAP = "bpf_map";
    /** {@code sizeof(struct bpf_map)} on Linux 6.18 x86-64. */
    public static final int BPF_MAP_SIZE = 296;

    /** The conntrack entry the conntrack kfuncs return. */
    public static final String NF_CONN = "nf_conn";
    /** {@code sizeof(struct nf_conn)} on Linux 6.18 x86-64 (CONFIG_NF_CONNTRACK_MARK and _SECMARK set). */
    public static final int NF_CONN_SIZE = 248;

    /**
     * Structs of map types whose first member is {@code struct bpf_map map}, with their sizes on
     * Linux 6.18 x86-64 (the ring buffer and user ring buffer maps share {@code bpf_ringbuf_map}).
     */
    private static final Map<String, Integer> MAP_CONTAINERS = containers("bpf_array", 312, "bpf_htab", 832, "bpf_queue_stack", 312,
            "bpf_ringbuf_map", 304, "bpf_dtab", 344, "bpf_cpu_map", 304, "xsk_map", 304, "bpf_stab", 376, "bpf_shtab", 384,
            "bpf_bloom_filter", 312, "bpf_cgroup_storage_map", 328, "bpf_local_storage_map", 480, "lpm_trie", 416, "bpf_stack_map", 320,
            "reuseport_array", 296, "bpf_struct_ops_map", 512, "bpf_arena", 400, "bpf_offloaded_map", 336);

    private static final Btf BTF = build();
    private static final Set<String> NAMES;

    static {
        List<String> names = new ArrayList<>(MAP_CONTAINERS.keySet());
        names.add(BPF_MAP);
        names.add(NF_CONN);
        NAMES = Set.copyOf(names);
    }

    private KernelStructs() {
    }

    /** The types, as a BTF model: offsets, sizes and member names as the kernel's BTF gives them. */
    public static Btf btf() {
        return BTF;
    }

    /** Whether the emulated kernel lays out a struct of this name (without {@code ___flavour} suffix). */
    public static boolean defines(String structName) {
        return NAMES.contains(structName);
    }

    /** {@code struct bpf_map}'s members in offset order. */
    public static List<BtfType.Member> bpfMapMembers() {
        return ((BtfType.StructType) BTF.find(BPF_MAP, BtfKind.STRUCT).orElseThrow()).members();
    }

    /** The member of {@code struct bpf_map} that holds the byte at an offset, if any (padding holds none). */
    public static Optional<BtfType.Member> bpfMapMemberAt(int offset) {
        for (BtfType.Member m : bpfMapMembers()) {
            int start = m.bitOffset() / 8;
            if (offset >= start && offset < start + BTF.sizeOf(m.type())) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }

    /** The byte offset of a member of {@code struct bpf_map}. */
    public static int bpfMapOffset(String member) {
        return bpfMapMembers().stream().filter(m -> m.name().equals(member)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("struct bpf_map has no member " + member)).bitOffset() / 8;
    }

    /** The byte offset of a modelled member of {@code struct nf_conn}. */
    public static int nfConnOffset(String member) {
        StructType conn = (StructType) BTF.find(NF_CONN, BtfKind.STRUCT).orElseThrow();
        return conn.members().stream().filter(m -> m.name().equals(member)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("struct nf_conn has no modelled member " + member)).bitOffset() / 8;
    }

    /** The modelled member of {@code struct nf_conn} that holds the byte at an offset, if any. */
    public static Optional<BtfType.Member> nfConnMemberAt(int offset) {
        StructType conn = (StructType) BTF.find(NF_CONN, BtfKind.STRUCT).orElseThrow();
        for (BtfType.Member m : conn.members()) {
            int start = m.bitOffset() / 8;
            if (offset >= start && offset < start + BTF.sizeOf(m.type())) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }

    private static Btf build() {
        List<BtfType> t = new ArrayList<>();
        t.add(new BtfType.Void());
        int u8 = add(t, id -> new BtfType.IntType(id, "u8", 1, false, false, false, 0, 8));
        int u32 = add(t, id -> new BtfType.IntType(id, "u32", 4, false, false, false, 0, 32));
        int s32 = add(t, id -> new BtfType.IntType(id, "int", 4, true, false, false, 0, 32));
        int u64 = add(t, id -> new BtfType.IntType(id, "u64", 8, false, false, false, 0, 64));
        int s64 = add(t, id -> new BtfType.IntType(id, "s64", 8, true, false, false, 0, 64));
        int chr = add(t, id -> new BtfType.IntType(id, "char", 1, true, true, false, 0, 8));
        int bool = add(t, id -> new BtfType.IntType(id, "_Bool", 1, false, false, true, 0, 8));
        int ptr = add(t, id -> new BtfType.Pointer(id, 0));
        int sha = add(t, id -> new BtfType.ArrayType(id, u8, u32, 32));
        int name = add(t, id -> new BtfType.ArrayType(id, chr, u32, 16));
        int mutex = add(t, id -> new BtfType.ArrayType(id, u8, u32, 32));
        int callback = add(t, id -> new BtfType.ArrayType(id, u8, u32, 32));
        // the anonymous union { struct work_struct work; struct callback_head rcu; }, opaque
        int work = add(t, id -> new BtfType.UnionType(id, "", 32, List.of(new BtfType.Member("work", callback, 0, 0),
                new BtfType.Member("rcu", callback, 0, 0))));
        int mapType = add(t, id -> new BtfType.EnumType(id, "bpf_map_type", 4, false, false, List.of()));
        List<BtfType.Member> m = new ArrayList<>();
        member(m, "sha", sha, 0);
        member(m, "excl", u32, 32);
        member(m, "ops", ptr, 40);
        member(m, "inner_map_meta", ptr, 48);
        member(m, "security", ptr, 56);
        member(m, "map_type", mapType, 64);
        member(m, "key_size", u32, 68);
        member(m, "value_size", u32, 72);
        member(m, "max_entries", u32, 76);
        member(m, "map_extra", u64, 80);
        member(m, "map_flags", u32, 88);
        member(m, "id", u32, 92);
        member(m, "record", ptr, 96);
        member(m, "numa_node", s32, 104);
        member(m, "btf_key_type_id", u32, 108);
        member(m, "btf_value_type_id", u32, 112);
        member(m, "btf_vmlinux_value_type_id", u32, 116);
        member(m, "btf", ptr, 120);
        member(m, "objcg", ptr, 128);
        member(m, "name", name, 136);
        member(m, "freeze_mutex", mutex, 152);
        member(m, "refcnt", s64, 184);
        member(m, "usercnt", s64, 192);
        member(m, "", work, 200);
        member(m, "writecnt", s64, 232);
        member(m, "owner_lock", u32, 240);
        member(m, "owner", ptr, 248);
        member(m, "bypass_spec_v1", bool, 256);
        member(m, "frozen", bool, 257);
        member(m, "init_private", u8, 258);
        member(m, "free_after_mult_rcu_gp", bool, 259);
        member(m, "free_after_rcu_gp", bool, 260);
        member(m, "sleepable_refcnt", s64, 264);
        member(m, "elem_count", ptr, 272);
        member(m, "cookie", u64, 280);
        member(m, "excl_prog_sha", ptr, 288);
        int map = add(t, id -> new BtfType.StructType(id, BPF_MAP, BPF_MAP_SIZE, m));
        for (Map.Entry<String, Integer> container : MAP_CONTAINERS.entrySet()) {
            add(t, id -> new BtfType.StructType(id, container.getKey(), container.getValue(), List.of(new BtfType.Member("map", map, 0, 0))));
        }
        int ulong = add(t, id -> new BtfType.IntType(id, "long unsigned int", 8, false, false, false, 0, 64));
        List<BtfType.Member> c = new ArrayList<>();
        member(c, "timeout", u32, 8);
        member(c, "status", ulong, 128);
        member(c, "mark", u32, 168);
        member(c, "secmark", u32, 172);
        add(t, id -> new BtfType.StructType(id, NF_CONN, NF_CONN_SIZE, c));
        return Btf.ofTypes(t);
    }

    private static Map<String, Integer> containers(Object... nameThenSize) {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (int i = 0; i < nameThenSize.length; i += 2) {
            out.put((String) nameThenSize[i], (Integer) nameThenSize[i + 1]);
        }
        return out;
    }

    private static void member(List<BtfType.Member> members, String name, int type, int byteOffset) {
        members.add(new BtfType.Member(name, type, byteOffset * 8, 0));
    }

    private static int add(List<BtfType> types, IntFunction<BtfType> make) {
        int id = types.size();
        types.add(make.apply(id));
        return id;
    }
}
