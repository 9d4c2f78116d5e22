package org.ebpftest.runtime;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package rules of ARCHITECTURE.md, checked on the runtime's compiled classes: a lower layer
 * never names a higher one. Each rule names the section it enforces; a change that needs a new edge
 * changes ARCHITECTURE.md and this test together.
 */
class ArchitectureTest {

    private static final String RUNTIME = "org.ebpftest.runtime";

    private static JavaClasses runtime;

    @BeforeAll
    static void importRuntime() {
        runtime = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(RUNTIME);
    }

    /**
     * The runtime's top-level packages form no cycle; the subpackages of {@code linux} count as one
     * slice with it, their back-edges being the known exceptions checked below.
     */
    @Test
    void topLevelPackagesAreFreeOfCycles() {
        slices().matching(RUNTIME + ".(*)..")
                .should().beFreeOfCycles()
                .because("ARCHITECTURE.md, Layers")
                .check(runtime);
    }

    @Test
    void instructionSetDependsOnNothingButTheExceptionTree() {
        onlyOn("isa", "isa", "");
    }

    @Test
    void virtualMachineDependsOnlyOnTheInstructionSetAndItsCompiler() {
        onlyOn("vm", "vm", "vm.jit", "isa", "");
    }

    @Test
    void compilerDependsOnlyOnTheInstructionSet() {
        onlyOn("vm.jit", "vm.jit", "isa");
    }

    @Test
    void btfDependsOnlyOnTheInstructionSet() {
        onlyOn("btf", "btf", "isa", "");
    }

    @Test
    void uapiDependsOnNothingOfOurs() {
        onlyOn("uapi", "uapi");
    }

    @Test
    void loaderNeverNamesTheEmulator() {
        onlyOn("elf", "elf", "btf", "isa", "vm", "uapi", "");
    }

    @Test
    void coverageKnowsTheLoaderAndTheVirtualMachineButNotTheEmulator() {
        onlyOn("coverage", "coverage", "elf", "btf", "isa", "vm", "");
    }

    @Test
    void mapsKnowNeitherTheLoaderNorTheEmulatorFront() {
        onlyOn("linux.maps", "linux.maps", "vm", "uapi", "");
    }

    @Test
    void conformancePluginRunsOnTheBareVirtualMachine() {
        onlyOn("conformance", "conformance", "isa", "vm", "");
    }

    @Test
    void debuggerDrivesTheEmulatorFromAbove() {
        onlyOn("debug", "debug", "linux", "linux.buffers", "linux.helpers", "linux.maps", "elf", "btf", "isa", "vm", "");
    }

    @Test
    void nothingInTheEmulatorOrBelowReadsFileFormats() {
        ArchRule rule = noClasses()
                .that().resideOutsideOfPackages(RUNTIME + ".context..", RUNTIME + ".json..")
                .should().dependOnClassesThat()
                .resideInAnyPackage(RUNTIME + ".context..", RUNTIME + ".json..")
                .because("ARCHITECTURE.md: context depends on linux, never the reverse");
        rule.check(runtime);
    }

    @Test
    void emulatorPackagesNeverNameSnapshotsOrConformance() {
        ArchRule rule = noClasses()
                .that().resideInAPackage(RUNTIME + ".linux..")
                .should().dependOnClassesThat()
                .resideInAnyPackage(RUNTIME + ".snapshot..", RUNTIME + ".conformance..")
                .because("ARCHITECTURE.md: snapshots read the emulator's maps, not the reverse");
        rule.check(runtime);
    }

    /**
     * The subpackages of {@code linux} reach back into the emulator front only through the classes
     * ARCHITECTURE.md lists under "Known exceptions"; a new back-edge fails here.
     */
    @Test
    void emulatorSubpackagesReachTheFrontOnlyThroughKnownExceptions() {
        Set<String> known = Set.of(
                RUNTIME + ".linux.ContextType",
                RUNTIME + ".linux.KernelRun",
                RUNTIME + ".linux.LinuxEnvironment",
                RUNTIME + ".linux.ObjectMaps",
                RUNTIME + ".linux.RunRefusedException",
                RUNTIME + ".linux.RunResult",
                RUNTIME + ".linux.TaskInfo",
                RUNTIME + ".linux.Traps",
                RUNTIME + ".linux.VirtualClock");
        DescribedPredicate<JavaClass> unlisted = new DescribedPredicate<>(
                "classes of the emulator front other than " + known) {
            @Override
            public boolean test(JavaClass target) {
                String name = target.getName();
                int nested = name.indexOf('$');
                String outer = nested < 0 ? name : name.substring(0, nested);
                return target.getPackageName().equals(RUNTIME + ".linux") && !known.contains(outer);
            }
        };
        ArchRule rule = noClasses()
                .that().resideInAnyPackage(RUNTIME + ".linux.helpers", RUNTIME + ".linux.buffers",
                        RUNTIME + ".linux.net", RUNTIME + ".linux.maps", RUNTIME + ".linux.verifier")
                .should().dependOnClassesThat(unlisted)
                .because("ARCHITECTURE.md, Known exceptions");
        rule.check(runtime);
    }

    /**
     * Classes of {@code org.ebpftest.runtime.<layer>} depend on no class of the runtime outside the
     * listed packages; {@code ""} stands for the root package (the exception tree).
     */
    private static void onlyOn(String layer, String... allowed) {
        Set<String> packages = Set.of(allowed);
        DescribedPredicate<JavaClass> outside = new DescribedPredicate<>(
                "runtime classes outside " + packages) {
            @Override
            public boolean test(JavaClass target) {
                String name = target.getPackageName();
                if (!name.equals(RUNTIME) && !name.startsWith(RUNTIME + ".")) {
                    return false;
                }
                String relative = name.equals(RUNTIME) ? "" : name.substring(RUNTIME.length() + 1);
                return !packages.contains(relative);
            }
        };
        noClasses()
                .that().resideInAPackage(RUNTIME + "." + layer)
                .should().dependOnClassesThat(outside)
                .because("ARCHITECTURE.md, Runtime packages: " + layer)
                .check(runtime);
    }
}
