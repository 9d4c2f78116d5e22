package org.ebpftest.runtime.coverage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.ebpftest.runtime.linux.LoadedObject;
import org.ebpftest.runtime.linux.buffers.XdpInput;
import org.junit.jupiter.api.Test;

class CoverageCollectorTest {
    static final Path OBJECT = Path.of("src/test/resources/coverage/branches.o");

    @Test
    void printsReport() {
        CoverageCollector collector = new CoverageCollector();
        try (Coverage.Activation on = Coverage.collectInto(collector)) {
            LoadedObject o = LoadedObject.load(OBJECT);
            o.run("classify", XdpInput.of(new byte[15]));
            byte[] f = new byte[16];
            f[14] = 1;
            f[15] = 22;
            o.run("classify", XdpInput.of(f));
            o.run("classify", XdpInput.of(new byte[16]));
        }
        CoverageReport r = collector.report(new SourceLocator(List.of()));
        System.out.println(r.lcov());
        assertThat(r.objects()).hasSize(1);
    }
}
