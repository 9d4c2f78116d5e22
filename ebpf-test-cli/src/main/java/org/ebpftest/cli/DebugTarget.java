package org.ebpftest.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import org.ebpftest.runtime.linux.LoadedObject;
import org.ebpftest.runtime.linux.RunResult;

/**
 * What a debug session runs: a loaded object, the program, the run on its input, and where the C
 * sources are.
 *
 * @param object the loaded object
 * @param program the program's name
 * @param run the run to debug, through the object's emulator
 * @param sourceDirs where to look for sources that line info names relatively
 */
record DebugTarget(LoadedObject object, String program, Supplier<RunResult> run, List<Path> sourceDirs) {
}
