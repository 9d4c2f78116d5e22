package org.ebpftest.runtime.coverage;

import org.ebpftest.runtime.coverage.CoverageReport.BranchCoverage;
import org.ebpftest.runtime.coverage.CoverageReport.FileCoverage;
import org.ebpftest.runtime.coverage.CoverageReport.FunctionCoverage;
import org.ebpftest.runtime.coverage.CoverageReport.LineCoverage;
import org.ebpftest.runtime.coverage.CoverageReport.ObjectCoverage;
import org.ebpftest.runtime.coverage.CoverageReport.Totals;

/**
 * Writes a report as an LCOV tracefile ({@code geninfo(1)}'s format): one record per C file of each
 * object. A header included by two objects gets a record in each; genhtml adds them up.
 */
final class LcovFormat {
    /** The test name of every record: LCOV allows letters, digits and underscores. */
    static final String TEST_NAME = "ebpftest";

    private LcovFormat() {
    }

    static String write(CoverageReport report) {
        StringBuilder out = new StringBuilder();
        for (ObjectCoverage object : report.objects()) {
            for (FileCoverage file : object.files()) {
                record(out, file);
            }
        }
        return out.toString();
    }

    private static void record(StringBuilder out, FileCoverage file) {
        out.append("TN:").append(TEST_NAME).append('\n');
        out.append("SF:").append(file.lcovPath()).append('\n');
        for (FunctionCoverage f : file.functions()) {
            out.append("FN:").append(f.line()).append(',').append(f.name()).append('\n');
        }
        for (FunctionCoverage f : file.functions()) {
            out.append("FNDA:").append(f.hits()).append(',').append(f.name()).append('\n');
        }
        Totals t = file.totals();
        out.append("FNF:").append(t.functions()).append('\n');
        out.append("FNH:").append(t.functionsHit()).append('\n');
        for (LineCoverage line : file.lines()) {
            int block = 0;
            for (BranchCoverage b : line.branches()) {
                // Branch 0 is the jump taken, 1 the fall through; "-" where the jump never ran.
                out.append("BRDA:").append(line.line()).append(',').append(block).append(",0,").append(outcome(b, b.taken())).append('\n');
                out.append("BRDA:").append(line.line()).append(',').append(block).append(",1,").append(outcome(b, b.fallThrough())).append('\n');
                block++;
            }
        }
        out.append("BRF:").append(t.branches()).append('\n');
        out.append("BRH:").append(t.branchesHit()).append('\n');
        for (LineCoverage line : file.lines()) {
            out.append("DA:").append(line.line()).append(',').append(line.hits()).append('\n');
        }
        out.append("LF:").append(t.lines()).append('\n');
        out.append("LH:").append(t.linesHit()).append('\n');
        out.append("end_of_record\n");
    }

    private static String outcome(BranchCoverage b, long count) {
        return b.executed() == 0 ? "-" : Long.toString(count);
    }
}
