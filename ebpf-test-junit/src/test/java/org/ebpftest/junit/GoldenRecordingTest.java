package org.ebpftest.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ebpftest.junit.GoldenSupport.file;
import static org.ebpftest.junit.GoldenSupport.frame;
import static org.ebpftest.junit.GoldenSupport.read;
import static org.ebpftest.junit.GoldenSupport.run;
import static org.ebpftest.junit.GoldenSupport.section;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.ebpftest.runtime.linux.LinuxEnvironment;
import org.ebpftest.runtime.linux.LoadedObject;
import org.ebpftest.runtime.linux.RunResult;
import org.ebpftest.runtime.linux.buffers.SkbInput;
import org.ebpftest.runtime.linux.buffers.XdpInput;
import org.ebpftest.runtime.linux.maps.BpfMap;
import org.ebpftest.runtime.linux.maps.RecordMap;
import org.ebpftest.runtime.snapshot.ObjectSnapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a golden file holds: the whole story of one run of {@code bpf/recorder.o} (see recorder.c),
 * whose map results, return values and frames match what the kernel's BPF_PROG_TEST_RUN gave for
 * the same frames.
 */
class GoldenRecordingTest {
    @TempDir
    Path dir;

    @Test
    void aRecordingTellsTheRunFromInputToRecords() {
        Fixtures.assertAllPass(run(CountsAndForgets.class, dir, true), 1);

        String json = read(file(dir, CountsAndForgets.class, "run-first.json"));

        assertThat(json).isEqualTo("""
                {
                  "program": "recorder",
                  "object": "recorder.o",
                  "type": "xdp",
                  "input": {
                    "length": 64,
                    "packet": [
                      "0000  02 00 00 00 00 02 02 00  00 00 00 01 88 b5 00 05",
                      "0010  00 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00",
                      "0020  00 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00",
                      "0030  00 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00"
                    ]
                  },
                  "return": {"value": 2, "action": "XDP_PASS"},
                  "output": {
                    "length": 64,
                    "packet": [
                      "0000  02 00 00 00 00 02 02 00  00 00 00 01 88 b5 00 05",
                      "0010  00 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00",
                      "0020  00 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00",
                      "0030  00 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00"
                    ]
                  },
                  "maps": {
                    "flows": {
                      "type": "hash",
                      "added": [
                        {
                          "key": {"hex": "05 00 00 00", "btf": "5"},
                          "value": {"hex": "01 00 00 00 40 00 00 00", "btf": "{pkts=1, bytes=64}"}
                        }
                      ]
                    },
                    "seen": {
                      "type": "percpu_hash",
                      "added": [
                        {
                          "key": {"hex": "05 00 00 00", "btf": "5"},
                          "value": [
                            {"cpu": 0, "hex": "01 00 00 00 00 00 00 00", "btf": "1"},
                            {"cpu": 1, "hex": "00 00 00 00 00 00 00 00", "btf": "0"},
                            {"cpu": 2, "hex": "00 00 00 00 00 00 00 00", "btf": "0"},
                            {"cpu": 3, "hex": "00 00 00 00 00 00 00 00", "btf": "0"}
                          ]
                        }
                      ]
                    }
                  },
                  "printed": [
                    "counted 5 len 64"
                  ],
                  "ring_buffers": {
                    "events": [
                      {"hex": "00 05 40 00"}
                    ]
                  },
                  "perf_events": {
                    "samples": [
                      {"cpu": 0, "hex": "00 05 40 00"}
                    ]
                  }
                }
                """);
        assertThat(FixtureReader.parse("run-first.json", json).properties("an object")).containsOnlyKeys("program", "object", "type", "input", "return",
                "output", "maps", "printed", "ring_buffers", "perf_events");
    }

    @Test
    void entriesChangedOnOneCpuAndEntriesRemovedAreRecordedPerCpu() {
        Fixtures.assertAllPass(run(CountsAndForgets.class, dir, true), 1);

        String again = read(file(dir, CountsAndForgets.class, "run-again-on-cpu-2.json"));
        String forget = read(file(dir, CountsAndForgets.class, "run-forget.json"));

        assertThat(section(again, "maps")).isEqualTo("""
                  "maps": {
                    "flows": {
                      "type": "hash",
                      "changed": [
                        {
                          "key": {"hex": "05 00 00 00", "btf": "5"},
                          "before": {"hex": "01 00 00 00 40 00 00 00", "btf": "{pkts=1, bytes=64}"},
                          "after": {"hex": "02 00 00 00 80 00 00 00", "btf": "{pkts=2, bytes=128}"}
                        }
                      ]
                    },
                    "seen": {
                      "type": "percpu_hash",
                      "changed": [
                        {
                          "key": {"hex": "05 00 00 00", "btf": "5"},
                          "before": [
                            {"cpu": 0, "hex": "01 00 00 00 00 00 00 00", "btf": "1"},
                            {"cpu": 1, "hex": "00 00 00 00 00 00 00 00", "btf": "0"},
                            {"cpu": 2, "hex": "00 00 00 00 00 00 00 00", "btf": "0"},
                            {"cpu": 3, "hex": "00 00 00 00 00 00 00 00", "btf": "0"}
                          ],
                          "after": [
                            {"cpu": 0, "hex": "01 00 00 00 00 00 00 00", "btf": "1"},
                            {"cpu": 1, "hex": "00 00 00 00 00 00 00 00", "btf": "0"},
                            {"cpu": 2, "hex": "01 00 00 00 00 00 00 00", "btf": "1"},
                            {"cpu": 3, "hex": "00 00 00 00 00 00 00 00", "btf": "0"}
                          ]
                        }
                      ]
                    }
                  },
                """);
        assertThat(section(again, "perf_events")).contains("{\"cpu\": 2, \"hex\": \"00 05 40 00\"}");
        assertThat(section(forget, "maps")).isEqualTo("""
                  "maps": {
                    "flows": {
                      "type": "hash",
                      "removed": [
                        {
                          "key": {"hex": "05 00 00 00", "btf": "5"},
                          "value": {"hex": "02 00 00 00 80 00 00 00", "btf": "{pkts=2, bytes=128}"}
                        }
                      ]
                    },
                    "seen": {
                      "type": "percpu_hash",
                      "removed": [
                        {
                          "key": {"hex": "05 00 00 00", "btf": "5"},
                          "value": [
                            {"cpu": 0, "hex": "01 00 00 00 00 00 00 00", "btf": "1"},
                            {"cpu": 1, "hex": "00 00 00 00 00 00 00 00", "btf": "0"},
                            {"cpu": 2, "hex": "01 00 00 00 00 00 00 00", "btf": "1"},
                            {"cpu": 3, "hex": "00 00 00 00 00 00 00 00", "btf": "0"}
                          ]
                        }
                      ]
                    }
                  },
                """);
    }

    @Test
    void printedLinesAndRecordsAreThoseOfTheRunAndStayForTheTestToRead() {
        Fixtures.assertAllPass(run(CountsAndForgets.class, dir, true), 1);

        String forget = read(file(dir, CountsAndForgets.class, "run-forget.json"));

        assertThat(section(forget, "printed") + section(forget, "ring_buffers") + section(forget, "perf_events")).isEqualTo("""
                  "printed": [
                    "forgot 5"
                  ],
                  "ring_buffers": {
                    "events": [
                      {"hex": "01 05 40 00"}
                    ]
                  },
                  "perf_events": {
                    "samples": [
                      {"cpu": 0, "hex": "01 05 40 00"}
                    ]
                  }
                }
                """);
        assertThat(CountsAndForgets.ringRecords).isEqualTo(3);
        assertThat(CountsAndForgets.perfRecords).isEqualTo(3);
    }

    @Fixture
    @BpfObject("bpf/recorder.o")
    static class CountsAndForgets {
        static volatile int ringRecords;
        static volatile int perfRecords;

        @Test
        void run(BpfProgram recorder, LinuxEnvironment environment, Golden golden) {
            golden.check("first", recorder, frame(0, 5));
            environment.setCpu(2);
            golden.check("again-on-cpu-2", recorder, frame(0, 5));
            environment.setCpu(0);
            golden.check("forget", recorder, frame(1, 5));
            ringRecords = recorder.object().map("events", RecordMap.class).drain().size();
            perfRecords = recorder.object().map("samples", RecordMap.class).drain().size();
        }
    }

    @Test
    void aTcRunRecordsItsActionAndTheSkbFieldsBeforeAndAfter() {
        Fixtures.assertAllPass(run(MarksAndRedirects.class, dir, true), 2);

        String json = read(file(dir, MarksAndRedirects.class, "marks.json"));

        assertThat(json).startsWith("""
                {
                  "program": "tc_mark",
                  "object": "programs.o",
                  "type": "sched_cls",
                  "input": {
                    "length": 64,
                    "packet": [
                      "0000  02 00 00 00 00 02 02 00  00 00 00 01 88 b5 00 05",
                      "0010  00 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00",
                      "0020  00 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00",
                      "0030  00 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00"
                    ],
                    "mark": 7,
                    "priority": 3,
                    "cb": [0, 0, 0, 0, 4294967295]
                  },
                  "return": {"value": 0, "action": "TC_ACT_OK"},
                """);
        assertThat(section(json, "output")).endsWith("""
                    ],
                    "skb": {
                      "mark": 65,
                      "priority": 3,
                      "queue_mapping": 0,
                      "tc_index": 0,
                      "tc_classid": 0,
                      "cb": [0, 0, 0, 0, 4294967295]
                    }
                  },
                """);
    }

    @Test
    void aRedirectIsRecordedWithItsHelperAndTarget() {
        Fixtures.assertAllPass(run(MarksAndRedirects.class, dir, true), 2);

        String json = read(file(dir, MarksAndRedirects.class, "redirects.json"));

        assertThat(section(json, "return") + section(json, "redirect")).isEqualTo("""
                  "return": {"value": 4, "action": "XDP_REDIRECT"},
                  "redirect": {"helper": "bpf_redirect", "ifindex": 5, "flags": 0},
                """);
    }

    @Fixture
    @BpfObject("bpf/recorder.o")
    @BpfObject("programs.o")
    static class MarksAndRedirects {
        @Test
        void marks(@ObjectProgram(value = "tc_mark", object = "programs.o") BpfProgram tc, Golden golden) {
            golden.check(tc, SkbInput.of(frame(0, 5)).withMark(7).withPriority(3).withCb(0, 0, 0, 0, -1));
        }

        @Test
        void redirects(@ObjectProgram(object = "recorder.o") BpfProgram recorder, Golden golden) {
            RunResult result = golden.check(recorder, frame(3, 5));
            assertThat(result.redirect()).isPresent();
        }
    }

    @Test
    void recordingTheSameTestTwiceGivesTheSameBytes(@TempDir Path other) {
        run(CountsAndForgets.class, dir, true);
        run(CountsAndForgets.class, other, true);

        for (String name : List.of("run-first", "run-again-on-cpu-2", "run-forget")) {
            assertThat(file(other, CountsAndForgets.class, name + ".json")).hasSameBinaryContentAs(file(dir, CountsAndForgets.class, name + ".json"));
            assertThat(file(other, CountsAndForgets.class, name + ".pcap")).hasSameBinaryContentAs(file(dir, CountsAndForgets.class, name + ".pcap"));
        }
    }

    @Test
    void entriesAreListedByKeyBytesWhateverOrderTheMapIteratesIn() throws Exception {
        LoadedObject object = LoadedObject.load(org.ebpftest.runtime.elf.ObjectSpec.parse("recorder.o",
                GoldenRecordingTest.class.getResourceAsStream("/bpf/recorder.o").readAllBytes()));
        BpfMap flows = object.map("flows");
        BpfProgram recorder = BpfProgram.of(object, "recorder");
        ObjectSnapshot before = ObjectSnapshot.of(object);
        for (int key : new int[] {9, 1, 300, 5}) {
            flows.put(le32(key), new byte[8]);
        }
        RunResult result = recorder.run(frame(1, 77));
        ObjectSnapshot after = ObjectSnapshot.of(object);

        String json = GoldenJson.write(GoldenRecord.of(recorder, XdpInput.of(frame(1, 77)), result, before, after, java.util.Map.of()));

        List<String> iterated = new ArrayList<>();
        flows.keys().forEach(k -> iterated.add(HexFormat.of().formatHex(k)));
        assertThat(iterated).as("the map's own order, which must differ from key order for this test to mean anything")
                .isNotEqualTo(iterated.stream().sorted().toList());
        List<String> recorded = json.lines().filter(l -> l.contains("\"key\"")).map(l -> l.substring(l.indexOf("\"hex\": \"") + 8, l.indexOf("\", \"btf\"")))
                .toList();
        assertThat(recorded).containsExactly("01 00 00 00", "05 00 00 00", "09 00 00 00", "2c 01 00 00");
    }

    @Test
    void aMultiBufferRunRecordsTheWholeFrameAndTheLinearLengthItAskedFor() throws Exception {
        // given a 5000-byte frame of which 100 bytes are linear and the rest in fragments
        LoadedObject object = LoadedObject.load(org.ebpftest.runtime.elf.ObjectSpec.parse("recorder.o",
                GoldenRecordingTest.class.getResourceAsStream("/bpf/recorder.o").readAllBytes()));
        BpfProgram recorder = BpfProgram.of(object, "recorder");
        XdpInput input = XdpInput.of(java.util.Arrays.copyOf(frame(1, 77), 5000)).withLinearLength(100);
        ObjectSnapshot before = ObjectSnapshot.of(object);

        // when the run is recorded
        RunResult result = recorder.run(input);
        String json = GoldenJson.write(GoldenRecord.of(recorder, input, result, before, ObjectSnapshot.of(object), java.util.Map.of()));

        // then input and output hold all 5000 bytes, and the split is part of the input
        assertThat(result.packet()).hasSize(5000);
        assertThat(json).contains("\"linear_length\": 100");
        assertThat(json.lines().filter(l -> l.contains("\"length\": 5000")).count()).isEqualTo(2);
        assertThat(json).contains("\"1380  00 00 00 00 00 00 00 00\"");
    }

    private static byte[] le32(int v) {
        return new byte[] {(byte) v, (byte) (v >>> 8), (byte) (v >>> 16), (byte) (v >>> 24)};
    }
}
