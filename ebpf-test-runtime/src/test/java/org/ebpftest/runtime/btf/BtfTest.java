package org.ebpftest.runtime.btf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.EnumSet;
import java.util.Set;
import org.ebpftest.runtime.MalformedObjectException;
import org.ebpftest.runtime.elf.ObjectSpec;
import org.junit.jupiter.api.Test;

/** The BTF model: every kind, names, sizes, and rendering values through types. */
class BtfTest {

    private static Btf btfOf(String object) {
        try (InputStream in = BtfTest.class.getResourceAsStream("/elf/" + object)) {
            return ObjectSpec.parse(object, in.readAllBytes()).btf().orElseThrow();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static BtfType named(Btf btf, String name, BtfKind kind) {
        return btf.find(name, kind).orElseThrow(() -> new AssertionError("no " + kind + " " + name));
    }

    @Test
    void readsEveryKindTheCompilersEmit() {
        // given objects that between them use every BTF kind
        Set<BtfKind> seen = EnumSet.noneOf(BtfKind.class);
        for (String object : new String[] {"kinds.o", "globals.o", "core.o"}) {
            for (BtfType t : btfOf(object).types()) {
                seen.add(t.kind());
            }
        }

        // then each kind was read into its model type
        assertThat(seen).containsExactlyInAnyOrder(BtfKind.values());
    }

    @Test
    void modelsStructMembersWithBitfieldsTagsAndNestedTypes() {
        // given struct with_tags from kinds.c
        Btf btf = btfOf("kinds.o");
        BtfType.StructType s = (BtfType.StructType) named(btf, "with_tags", BtfKind.STRUCT);

        // then members carry names, offsets and bitfield widths, and types resolve through tags
        assertThat(s.members()).extracting(BtfType.Member::name)
                .containsExactly("user_ptr", "plain", "ratio", "hidden", "num", "size", "small", "flag");
        BtfType.Member small = s.members().get(6);
        assertThat(small.bitfieldSize()).isEqualTo(3);
        assertThat(s.members().get(7).bitfieldSize()).isEqualTo(1);
        assertThat(btf.resolve(s.members().get(2).type())).isInstanceOf(BtfType.FloatType.class);
        assertThat(btf.typeName(s.members().get(3).type())).isEqualTo("struct opaque *");
        assertThat(btf.typeName(s.members().get(4).type())).isEqualTo("union number");
        BtfType.EnumType big = (BtfType.EnumType) btf.resolve(s.members().get(5).type());
        assertThat(big.wide()).isTrue();
        assertThat(big.values()).extracting(BtfType.EnumValue::value).containsExactly(1L, 0x100000000L);
        BtfType.Pointer userPtr = (BtfType.Pointer) btf.resolve(s.members().get(0).type());
        assertThat(btf.type(userPtr.target())).isInstanceOf(BtfType.TypeTag.class);
        assertThat(btf.type(userPtr.target()).name()).isEqualTo("user");
        assertThat(btf.types()).filteredOn(t -> t instanceof BtfType.DeclTag)
                .extracting(BtfType::name).containsExactly("marked");
        assertThat(btf.sizeOf(s.id())).isEqualTo(s.size());
    }

    @Test
    void rendersAStructValueByMemberNames() {
        // given struct counters { __u64 pkts; __u64 bytes; } and its bytes
        Btf btf = btfOf("maps.o");
        int counters = named(btf, "counters", BtfKind.STRUCT).id();
        byte[] value = {1, 0, 0, 0, 0, 0, 0, 0, 74, 0, 0, 0, 0, 0, 0, 0};

        // then it renders as C readers expect
        assertThat(btf.format(counters, value)).isEqualTo("{pkts=1, bytes=74}");
    }

    @Test
    void rendersEnumsByNameBitfieldsByWidthAndCharArraysAsStrings() {
        Btf core = btfOf("core.o");
        int pidType = named(core, "pid_type", BtfKind.ENUM).id();
        int sock = named(core, "sock_common", BtfKind.STRUCT).id();

        assertThat(core.format(pidType, new byte[] {1, 0, 0, 0})).isEqualTo("PIDTYPE_TGID");
        assertThat(core.format(pidType, new byte[] {9, 0, 0, 0})).isEqualTo("9");
        assertThat(core.format(sock, new byte[] {2, 0, 7, 0x1f})).isEqualTo("{skc_family=2, skc_state=7, skc_reuse=15, skc_reuseport=1}");

        Btf globals = btfOf("globals.o");
        BtfType.Datasec rodata = (BtfType.Datasec) named(globals, ".rodata", BtfKind.DATASEC);
        byte[] bytes = new byte[rodata.size()];
        bytes[0] = 100;
        System.arraycopy("edge".getBytes(), 0, bytes, 4, 4);
        assertThat(globals.format(rodata.id(), bytes)).startsWith("{threshold=100, label=\"edge\"");
    }

    @Test
    void rendersSignedBitfieldsWithTheirSign() {
        // given struct with_tags, whose "small" is a signed char:3 at bit 320 (byte 40)
        Btf btf = btfOf("kinds.o");
        BtfType.StructType s = (BtfType.StructType) named(btf, "with_tags", BtfKind.STRUCT);
        byte[] value = new byte[s.size()];
        int bit = s.members().get(6).bitOffset();
        value[bit / 8] = (byte) (0b111 << (bit % 8));

        assertThat(btf.format(s.id(), value)).contains("small=-1, flag=0");
    }

    @Test
    void fillsInDataSectionSizesAndVariableOffsetsAsLibbpfDoes() {
        // given .bss of globals.c: struct stats totals (16 bytes), then __u32 drops
        BtfType.Datasec bss = (BtfType.Datasec) named(btfOf("globals.o"), ".bss", BtfKind.DATASEC);

        // then the section's size and each variable's offset come from the ELF symbols
        assertThat(bss.size()).isEqualTo(20);
        assertThat(bss.vars()).extracting(BtfType.VarSecinfo::offset).containsExactly(0, 16);
    }

    @Test
    void writesTheFilledInDataSectionsBackIntoTheWireBytes() {
        // given globals.o, whose .BTF has .bss at size 0 with both variables at offset 0, as clang writes it
        Btf btf = btfOf("globals.o");

        // when the blob is written for the kernel and read again
        Btf reread = Btf.parse(btf.wireBytes());

        // then every section carries its size and its variables' offsets, and nothing else changed
        BtfType.Datasec bss = (BtfType.Datasec) named(reread, ".bss", BtfKind.DATASEC);
        assertThat(bss.size()).isEqualTo(20);
        assertThat(bss.vars()).extracting(BtfType.VarSecinfo::offset).containsExactly(0, 16);
        assertThat(reread.types()).isEqualTo(btf.types());
    }

    @Test
    void refusesAnIdThatNamesNoType() {
        Btf btf = btfOf("programs.o");

        assertThatThrownBy(() -> btf.type(100000))
                .isInstanceOf(MalformedObjectException.class)
                .hasMessageStartingWith("BTF type id 100000 does not exist");
    }

    @Test
    void refusesValueBytesShorterThanTheType() {
        Btf btf = btfOf("maps.o");
        int counters = named(btf, "counters", BtfKind.STRUCT).id();

        assertThatThrownBy(() -> btf.format(counters, new byte[3]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("struct counters takes 16 bytes, got 3");
    }
}
