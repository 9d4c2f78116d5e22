package org.ebpftest.runtime.vm;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Arrays;
import org.ebpftest.runtime.vm.jit.ProgramCompiler;

/**
 * A program's compiled form, made at most once and shared by every VM and thread that runs the
 * program: the hidden class {@link ProgramCompiler} writes, defined in this package so that it
 * reaches the VM's package-private members, or the reason the program stays interpreted. Also
 * counts the instructions interpreted, for {@link JitMode#AUTO}.
 */
final class ProgramJit {
    private final Program program;
    private volatile boolean attempted;
    private volatile CompiledCode code;
    private volatile String refusal;
    private volatile int methods;
    /** Instructions interpreted so far; updated without synchronisation, as a lost update only delays compiling. */
    private long interpreted;

    ProgramJit(Program program) {
        this.program = program;
    }

    /** The compiled code a VM in this mode should run now, or null to interpret. */
    CompiledCode codeFor(Vm vm) {
        if (attempted) {
            return vm.jitMode() == JitMode.OFF ? null : code;
        }
        return switch (vm.jitMode()) {
            case OFF -> null;
            case ON -> compile();
            case AUTO -> interpreted >= vm.jitThreshold() ? compile() : null;
        };
    }

    /**
     * How many more instructions the program may run interpreted before it is compiled: at least
     * 1 in {@link JitMode#AUTO} (the threshold is read racily, so a late compile is possible but a
     * stop of zero instructions is not), {@link Long#MAX_VALUE} when it will never be compiled.
     */
    long untilCompiled(Vm vm) {
        if (attempted || vm.jitMode() != JitMode.AUTO) {
            return Long.MAX_VALUE;
        }
        return Math.max(1, vm.jitThreshold() - interpreted);
    }

    /** The instructions interpreted so far, counted until the program is compiled. */
    long interpretedInstructions() {
        return interpreted;
    }

    /** True once the program is compiled (false also when the compiler refused it). */
    boolean compiled() {
        return code != null;
    }

    void interpreted(long instructions) {
        interpreted += instructions;
    }

    /** The JVM methods the program was compiled into (0 when not compiled). */
    int methods() {
        return methods;
    }

    /** Why the compiler refused the program, or null (not refused, or not tried yet). */
    String refusal() {
        return refusal;
    }

    synchronized CompiledCode compile() {
        return compile(ProgramCompiler.HUGE_METHOD_LIMIT);
    }

    /** Compiles (once) into methods of at most {@code methodLimit} bytes where the program allows. */
    synchronized CompiledCode compile(int methodLimit) {
        if (attempted) {
            return code;
        }
        boolean[] starts = new boolean[program.slotCount()];
        for (int pc = 0; pc < starts.length; pc++) {
            starts[pc] = program.instructionAt(pc) != null;
        }
        ProgramCompiler.Result result = ProgramCompiler.compile(className(program.name()), program.code, program.constants, starts, Vm.CODE_BASE,
                methodLimit);
        if (result.compiled()) {
            code = define(result.classBytes(), result.methodOfEntry());
            methods = result.methodOfEntry() == null ? 1 : Arrays.stream(result.methodOfEntry()).max().orElse(0) + 1;
        } else {
            refusal = result.refusal();
        }
        attempted = true;
        return code;
    }

    private CompiledCode define(byte[] bytes, int[] methodOfEntry) {
        try {
            MethodHandles.Lookup hidden = MethodHandles.lookup().defineHiddenClass(bytes, true);
            return (CompiledCode) hidden.findConstructor(hidden.lookupClass(), MethodType.methodType(void.class, Program.class, int[].class))
                    .invoke(program, methodOfEntry);
        } catch (Error | RuntimeException e) {
            // A class the JVM refuses is a bug in the compiler: say so rather than run something else.
            throw new IllegalStateException("the JIT wrote an invalid class for program " + program.name() + ": " + e, e);
        } catch (Throwable t) {
            throw new IllegalStateException("could not instantiate the compiled program " + program.name(), t);
        }
    }

    /** A class name in this package that shows the program's name in stack traces. */
    private static String className(String programName) {
        StringBuilder sb = new StringBuilder("org/ebpftest/runtime/vm/Compiled$");
        for (char c : programName.toCharArray()) {
            sb.append(Character.isJavaIdentifierPart(c) ? c : '_');
        }
        return sb.toString();
    }
}
