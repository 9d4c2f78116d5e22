package org.ebpftest.runtime.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reading mimic's context files: every type, arrays, and the messages for mistakes. */
class ContextParsingTest {

    @Test
    void readsAnArrayOfXdpMdContextsInOrderWithTheirNames() {
        List<BpfContext> contexts = Resources.contexts("xdp_md.json");

        assertThat(contexts).extracting(BpfContext::name).containsExactly("tcp frame", "long frame");
        assertThat(contexts).extracting(BpfContext::type).containsOnly("xdp_md");
        XdpMdContext first = (XdpMdContext) contexts.get(0);
        assertThat(first.packet()).hasSize(90);
        assertThat(first.packet()[12]).isEqualTo((byte) 0x08);
        assertThat(first.source()).isEqualTo("contexts/xdp_md.json");
        assertThat(((XdpMdContext) contexts.get(1)).packet()).hasSize(120);
    }

    @Test
    void readsASingleSkBuffContextWithNullSocketAndFlowKeys() {
        List<BpfContext> contexts = Resources.contexts("sk_buff.json");

        assertThat(contexts).hasSize(1);
        SkBuffContext skb = (SkBuffContext) contexts.get(0);
        assertThat(skb.name()).isEqualTo("tcp frame on tc");
        assertThat(skb.packet()).hasSize(90);
        assertThat(skb.ifindex()).isZero();
        assertThat(skb.sock()).isEmpty();
        assertThat(skb.flowKeys()).isEmpty();
    }

    @Test
    void readsAGenericContextsRegistersBlocksPointersIntsAndStructs() {
        GenericContext g = (GenericContext) Resources.context("generic_xdp.json", "long frame as generic");

        assertThat(g.registers()).isEqualTo(Map.of(1, "xdp_md"));
        GenericContext.Block pkt = (GenericContext.Block) g.memory("pkt").orElseThrow();
        assertThat(pkt.value()).hasSize(120);
        assertThat(pkt.byteOrder()).isEqualTo(ByteOrder.BIG_ENDIAN);
        assertThat(g.memory("data_end")).contains(new GenericContext.Pointer("data_end", "pkt", 120, 32));
        assertThat(g.memory("ingress_ifindex")).contains(new GenericContext.Int("ingress_ifindex", 1, 32));
        GenericContext.Struct md = (GenericContext.Struct) g.memory("xdp_md").orElseThrow();
        assertThat(md.fields()).extracting(GenericContext.Field::name)
                .containsExactly("data", "data_end", "data_meta", "ingress_ifindex", "rx_queue_index", "egress_ifindex");
    }

    @Test
    void readsACapturedContextsSubContextAndRecordedCallsPerHelper() {
        CapturedContext c = (CapturedContext) Resources.context("captured_kprobe.json", "nanosleep(42)");

        assertThat(c.subContext()).isInstanceOf(GenericContext.class);
        assertThat(c.helperCalls().keySet()).containsExactlyInAnyOrder(1, 5, 14, 16, 113);
        assertThat(c.calls(5)).extracting(call -> call.results().get(0))
                .containsExactly(new CapturedContext.Scalar(0, 5_000_000_000L), new CapturedContext.Scalar(0, 5_000_000_750L));
        // an unsigned 64-bit value above Long.MAX_VALUE keeps its bits
        assertThat(c.calls(1).get(0).results().get(0)).isEqualTo(new CapturedContext.Scalar(0, 0xffff88801006c000L));
        CapturedContext.Bytes comm = (CapturedContext.Bytes) c.calls(16).get(0).results().get(1);
        assertThat(comm.register()).isEqualTo(1);
        assertThat(new String(comm.data(), 0, 5)).isEqualTo("sleep");
        assertThat(c.calls(16).get(0).params()).containsExactly(new CapturedContext.Scalar(1, 0xffff88801006c020L), new CapturedContext.Scalar(2, 16));
        assertThat(c.calls(7)).isEmpty();
    }

    @Test
    void contextsWithoutANameAreNamedAfterTheFileAndTheirPosition() {
        String json = "[{\"type\": \"xdp_md\", \"ctx\": {}}, {\"name\": \"\", \"type\": \"generic\", \"ctx\": {}}]";

        assertThat(Contexts.parse("noname.json", json)).extracting(BpfContext::name).containsExactly("noname.json[0]", "noname.json[1]");
        assertThat(Contexts.parse("one.json", "{\"type\": \"generic\", \"ctx\": {}}").get(0).name()).isEqualTo("one.json");
    }

    @Test
    void aCapturedContextWithoutANameTakesItsSubContextsName() {
        String json = "{\"type\": \"captured\", \"ctx\": {\"subContext\": {\"name\": \"inner\", \"type\": \"generic\", \"ctx\": {}}}}";

        CapturedContext c = (CapturedContext) Contexts.parse("c.json", json).get(0);

        assertThat(c.name()).isEqualTo("inner");
        assertThat(c.helperCalls()).isEmpty();
    }

    @Test
    void anXdpMdPacketOfNullIsEmpty() {
        XdpMdContext x = (XdpMdContext) Contexts.parse("x.json", "{\"type\": \"xdp_md\", \"ctx\": {\"packet\": null, \"ingress_ifidx\": 3}}").get(0);

        assertThat(x.packet()).isEmpty();
        assertThat(x.ingressIfindex()).isEqualTo(3);
    }

    @Test
    void rejectsAnUnknownContextType() {
        assertThatThrownBy(() -> Contexts.parse("bad.json", "{\"name\": \"a\", \"type\": \"xdp\", \"ctx\": {}}"))
                .isInstanceOf(ContextFormatException.class)
                .hasMessage("bad.json: $.type (line 1, column 23): unknown context type [xdp]; expected one of [captured, generic, sk_buff, xdp_md]");
    }

    @Test
    void rejectsAMissingCtx() {
        assertThatThrownBy(() -> Contexts.parse("bad.json", "[{\"type\": \"generic\"}]"))
                .hasMessage("bad.json: $[0] (line 1, column 2): missing property [ctx]");
    }

    @Test
    void rejectsAnUnknownPropertyNamingTheKnownOnes() {
        String json = "[\n {\"type\": \"xdp_md\", \"ctx\": {}},\n {\"type\": \"xdp_md\", \"ctx\": {\"ingress_ifindex\": 1}}\n]";

        assertThatThrownBy(() -> Contexts.parse("bad.json", json))
                .hasMessage("bad.json: $[1].ctx.ingress_ifindex (line 3, column 48): unknown property [ingress_ifindex]; expected one of "
                        + "[egress_ifidx, headroom, ingress_ifidx, packet, rx_queue_idx, tailroom]");
    }

    @Test
    void rejectsBadBase64() {
        assertThatThrownBy(() -> Contexts.parse("bad.json", "{\"type\": \"sk_buff\", \"ctx\": {\"packet\": \"not base64!\"}}"))
                .hasMessageStartingWith("bad.json: $.ctx.packet (line 1, column 39): expected base64 bytes (")
                .hasMessageEndingWith("), found \"not base64!\"");
    }

    @Test
    void rejectsAPointerToMemoryTheContextDoesNotDeclare() {
        String json = """
                {"type": "generic", "ctx": {"memory": [
                  {"name": "pkt", "type": "block", "value": {"value": "AAAA", "byteorder": "le"}},
                  {"name": "data", "type": "ptr", "value": {"memory": "packet", "offset": 0, "size": 32}}
                ]}}""";

        assertThatThrownBy(() -> Contexts.parse("bad.json", json))
                .hasMessage("bad.json: $.ctx.memory[1].value.memory (line 3, column 55): pointer [data] points to memory [packet], "
                        + "which the context does not declare; it declares [pkt, data]");
    }

    @Test
    void rejectsAPointerBeyondItsBlock() {
        String json = """
                {"type": "generic", "ctx": {"memory": [
                  {"name": "pkt", "type": "block", "value": {"value": "AAAAAA==", "byteorder": "le"}},
                  {"name": "end", "type": "ptr", "value": {"memory": "pkt", "offset": 4, "size": 32}},
                  {"name": "past", "type": "ptr", "value": {"memory": "pkt", "offset": 5, "size": 32}}
                ]}}""";

        assertThatThrownBy(() -> Contexts.parse("bad.json", json))
                .hasMessage("bad.json: $.ctx.memory[2].value.offset (line 4, column 72): offset 5 lies beyond the end of [pkt], which is 4 bytes");
    }

    @Test
    void rejectsARegisterNamingUndeclaredMemory() {
        String json = "{\"type\": \"generic\", \"ctx\": {\"registers\": {\"r1\": \"xdp\"}, \"memory\": []}}";

        assertThatThrownBy(() -> Contexts.parse("bad.json", json))
                .hasMessage("bad.json: $.ctx.registers.r1 (line 1, column 49): register r1 names memory [xdp], which the context does not declare; "
                        + "it declares []");
    }

    @Test
    void rejectsAStructFieldThatIsABlock() {
        String json = """
                {"type": "generic", "ctx": {"memory": [
                  {"name": "pkt", "type": "block", "value": {"value": "AAAA", "byteorder": "le"}},
                  {"name": "md", "type": "struct", "value": [{"name": "data", "memory": "pkt"}]}
                ]}}""";

        assertThatThrownBy(() -> Contexts.parse("bad.json", json))
                .hasMessage("bad.json: $.ctx.memory[1].value[0].memory (line 3, column 73): field [data] of struct [md] names [pkt], a block; "
                        + "struct fields may only be pointers and ints");
    }

    @Test
    void rejectsAnUnknownMemoryTypeAndAnIntTooWideForItsSize() {
        assertThatThrownBy(() -> Contexts.parse("bad.json", "{\"type\": \"generic\", \"ctx\": {\"memory\": [{\"name\": \"a\", \"type\": \"array\", \"value\": []}]}}"))
                .hasMessage("bad.json: $.ctx.memory[0].type (line 1, column 62): unknown memory type [array]; expected one of [block, int, ptr, struct]");
        assertThatThrownBy(() -> Contexts.parse("bad.json",
                "{\"type\": \"generic\", \"ctx\": {\"memory\": [{\"name\": \"a\", \"type\": \"int\", \"value\": {\"value\": 300, \"size\": 8}}]}}"))
                .hasMessage("bad.json: $.ctx.memory[0].value.value (line 1, column 88): expected an integer that fits in 8 bits, found 300");
    }

    @Test
    void rejectsABlockWithoutAByteOrderAsMimicDoes() {
        assertThatThrownBy(() -> Contexts.parse("bad.json",
                "{\"type\": \"generic\", \"ctx\": {\"memory\": [{\"name\": \"a\", \"type\": \"block\", \"value\": {\"value\": \"\"}}]}}"))
                .hasMessage("bad.json: $.ctx.memory[0].value (line 1, column 80): missing property [byteorder]");
    }

    @Test
    void rejectsACallListedUnderAnotherHelpersNumber() {
        String json = """
                {"type": "captured", "ctx": {
                  "subContext": {"type": "generic", "ctx": {}},
                  "helperCalls": {"5": [{"helperFn": 14, "params": [], "results": [{"reg": 0, "value": 1}]}]}
                }}""";

        assertThatThrownBy(() -> Contexts.parse("bad.json", json))
                .hasMessage("bad.json: $.ctx.helperCalls.5[0].helperFn (line 3, column 38): call listed under helper 5 is a call to helper 14; "
                        + "list it under \"14\"");
    }

    @Test
    void rejectsBytesForR0AndNumbersForPointerResults() {
        String bytesInR0 = "{\"type\": \"captured\", \"ctx\": {\"subContext\": {\"type\": \"generic\", \"ctx\": {}}, "
                + "\"helperCalls\": {\"5\": [{\"helperFn\": 5, \"results\": [{\"reg\": 0, \"value\": \"AQ==\"}]}]}}}";
        String numberInR1 = bytesInR0.replace("{\"reg\": 0, \"value\": \"AQ==\"}", "{\"reg\": 1, \"value\": 7}");

        assertThatThrownBy(() -> Contexts.parse("bad.json", bytesInR0))
                .hasMessage("bad.json: $.ctx.helperCalls.5[0].results[0].value (line 1, column 146): expected a number: r0 holds the helper's "
                        + "return value, found \"AQ==\"");
        assertThatThrownBy(() -> Contexts.parse("bad.json", numberInR1))
                .hasMessage("bad.json: $.ctx.helperCalls.5[0].results[0].value (line 1, column 146): expected base64 bytes: a result in r1 is "
                        + "what the helper wrote through that pointer argument, found 7");
    }

    @Test
    void rejectsACapturedContextInsideAnother() {
        String json = "{\"type\": \"captured\", \"ctx\": {\"subContext\": {\"type\": \"captured\", \"ctx\": "
                + "{\"subContext\": {\"type\": \"generic\", \"ctx\": {}}}}}}";

        assertThatThrownBy(() -> Contexts.parse("bad.json", json))
                .hasMessage("bad.json: $.ctx.subContext (line 1, column 44): a captured context cannot wrap another captured context");
    }

    @Test
    void rejectsMalformedJsonAndEmptyArrays() {
        assertThatThrownBy(() -> Contexts.parse("bad.json", "{\"type\": \"generic\",}"))
                .isInstanceOf(ContextFormatException.class)
                .hasMessageStartingWith("bad.json (line 1, column 20): malformed JSON: ");
        assertThatThrownBy(() -> Contexts.parse("bad.json", "[]"))
                .hasMessage("bad.json: $ (line 1, column 1): expected at least one context, found an empty array");
    }
}
