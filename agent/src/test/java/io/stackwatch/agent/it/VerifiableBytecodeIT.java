package io.stackwatch.agent.it;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Instrumented classes must verify and behave exactly as before, whatever legal bytecode they hold:
 * compilers other than javac, optimisers (ProGuard, R8), bytecode generators and the JDK's own
 * dynamic proxies emit shapes javac never does. Every child runs with {@code -Xverify:all}; the
 * generated classes' results are compared line by line with a run without the agent.
 */
class VerifiableBytecodeIT {

    /** A fixed seed always runs; a new random one each time, named in the output (and in any failure). */
    private static final long FIXED_SEED = 18;
    private static final int CLASSES_PER_SEED = 150;

    @Test
    void aRecursionThatStoresAnIntegerIntoItsStringParameterVerifiesAndIsStillTracked() throws Exception {
        Path root = ChildJvm.OUTPUT.resolve("shapes-retyped").toAbsolutePath();
        Files.createDirectories(root.resolve(RecursionShapes.PACKAGE));
        Files.write(root.resolve(RecursionShapes.PACKAGE).resolve("Retyped.class"),
                RecursionShapes.retypedStringParameter(RecursionShapes.PACKAGE + "/Retyped", 100));
        Path list = Files.writeString(root.resolve("classes.txt"), RecursionShapes.PACKAGE + ".Retyped\n");

        // Default arguments (select=recursive): the method is in a cycle and gets advice. maxDepth
        // makes the agent say that it tracks the method.
        ChildJvm.Result r = ChildJvm.withAgent("maxDepth=50").jvmArg("-Xverify:all")
                .run("testapps.ShapeRunner", root.toString(), list.toString());

        assertThat(r.exitCode).as(r.toString()).isZero();
        // rec("x", 100): 100 calls plus the base case, which returns "x".length() through the Integer in slot 0.
        assertThat(r.stdoutLines()).as(r.toString()).containsExactly("shapes.Retyped 101", "done 1");
        assertThat(r.stderr).as(r.toString()).doesNotContain("VerifyError")
                .contains("entering shapes.Retyped#rec").contains("maxDepth 50");
    }

    @Test
    void aJdkProxyOfAPackagePrivateInterfaceVerifiesAndBehavesUnderSelectAll() throws Exception {
        ChildJvm.Result plain = ChildJvm.withoutAgent().jvmArg("-Xverify:all").run("testapps.ProxyHost");
        ChildJvm.Result r = ChildJvm.withAgent("select=all").jvmArg("-Xverify:all").run("testapps.ProxyHost");

        assertThat(plain.exitCode).as(plain.toString()).isZero();
        assertThat(plain.stdout).as(plain.toString()).contains("done");
        assertThat(r.exitCode).as(r.toString()).isZero();
        assertThat(r.stdout).as(r.toString()).isEqualTo(plain.stdout);
        assertThat(r.stderr).as(r.toString()).doesNotContain("VerifyError");
        // A class the agent cannot rewrite runs unchanged and is named once (on JDK 25 the proxy's stack
        // map frames leave out dead arguments, which Byte Buddy's advice does not accept); nothing else is.
        assertThat(r.stderrLines()).as(r.toString()).filteredOn(l -> l.contains("could not instrument"))
                .allSatisfy(l -> assertThat(l).contains("could not instrument testapps.$Proxy").contains("runs unchanged"))
                .hasSizeLessThanOrEqualTo(1);
    }

    @Test
    void generatedRecursionShapesVerifyAndBehaveAsUntransformed() throws Exception {
        long randomSeed = new java.util.Random().nextLong();
        String override = System.getProperty("stackwatch.shapes.seed");
        if (override != null && !override.isBlank()) {
            randomSeed = Long.parseLong(override.trim());
        }
        System.out.println("VerifiableBytecodeIT: shapes from seeds " + FIXED_SEED + " and " + randomSeed
                + " (-Dstackwatch.shapes.seed=" + randomSeed + " repeats the second)");
        Path root = ChildJvm.OUTPUT.resolve("shapes-" + randomSeed).toAbsolutePath();
        List<String> names = new ArrayList<>();
        names.addAll(new RecursionShapes(FIXED_SEED).write(root, "F", CLASSES_PER_SEED));
        names.addAll(new RecursionShapes(randomSeed).write(root, "R", CLASSES_PER_SEED));
        Path list = Files.write(root.resolve("classes.txt"), names);
        String seeds = "seeds " + FIXED_SEED + " and " + randomSeed + ", classes in " + root;

        ChildJvm.Result plain = ChildJvm.withoutAgent().jvmArg("-Xverify:all")
                .run("testapps.ShapeRunner", root.toString(), list.toString());
        assertThat(plain.exitCode).as(seeds + "\n" + plain).isZero();
        assertThat(plain.stdout).as(seeds + ": the generator makes only classes that verify and run")
                .doesNotContain(" FAILED ").contains("done " + names.size());

        // The default selection with a per-method limit on some of them (the limited advice; it warns), and
        // every method with a depth limit low enough that the cold path warns (behaviour unchanged).
        StringBuilder limits = new StringBuilder();
        for (int i = 0; i < names.size(); i += 10) {
            limits.append(limits.length() == 0 ? "" : ";").append(names.get(i)).append("#m0=10");
        }
        for (String args : new String[]{"limits=" + limits, "select=all,maxDepth=25"}) {
            ChildJvm.Result r = ChildJvm.withAgent(args).jvmArg("-Xverify:all")
                    .run("testapps.ShapeRunner", root.toString(), list.toString());
            assertThat(r.exitCode).as(seeds + ", " + args + "\n" + r).isZero();
            assertSameLines(plain, r, seeds + ", agent arguments " + args);
            assertThat(r.stderr).as(seeds + ", " + args).doesNotContain("could not instrument").doesNotContain("internal failure");
        }
    }

    private static void assertSameLines(ChildJvm.Result expected, ChildJvm.Result actual, String what) throws IOException {
        List<String> want = expected.stdoutLines();
        List<String> got = actual.stdoutLines();
        for (int i = 0; i < Math.min(want.size(), got.size()); i++) {
            if (!want.get(i).equals(got.get(i))) {
                throw new AssertionError(what + ": line " + (i + 1) + " differs\n without the agent: " + want.get(i)
                        + "\n with the agent:    " + got.get(i) + "\nstderr with the agent:\n" + head(actual.stderr));
            }
        }
        assertThat(got).as(what + "\n" + head(actual.stderr)).hasSameSizeAs(want);
    }

    private static String head(String text) {
        return text.length() <= 20_000 ? text : text.substring(0, 20_000) + "\n...";
    }
}
