package io.stackwatch.agent.premain;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The classes {@link PremainPath} declares exist and have no {@code invokedynamic}. */
class PremainPathTest {

    @Test
    void noDeclaredClassOnPremainsPathHasAnInvokedynamic() throws Exception {
        TreeMap<String, List<String>> withCallSites = new TreeMap<>();
        List<String> classes = declaredClasses();
        for (String className : classes) {
            List<String> sites = Bytecode.invokedynamics(bytes(className));
            if (!sites.isEmpty()) {
                withCallSites.put(className, sites);
            }
        }
        assertThat(classes).as("classes found in the declared packages").hasSizeGreaterThan(50);
        assertThat(withCallSites).as("invokedynamic in classes on premain's path: write a named class instead").isEmpty();
    }

    @Test
    void everyDeclaredPackageAndClassExists() throws Exception {
        for (String pkg : PremainPath.PACKAGES) {
            assertThat(classesOf(pkg)).as(pkg).isNotEmpty();
        }
        for (String className : PremainPath.CLASSES) {
            assertThat(resource(className)).as(className).isNotNull();
        }
    }

    @Test
    void theCheckFindsALambda() throws Exception {
        Runnable lambda = () -> { };
        lambda.run();
        assertThat(Bytecode.invokedynamics(bytes(PremainPathTest.class.getName())))
                .contains("theCheckFindsALambda: LambdaMetafactory#run");
    }

    private static List<String> declaredClasses() throws IOException, URISyntaxException {
        List<String> out = new ArrayList<>(PremainPath.CLASSES);
        for (String pkg : PremainPath.PACKAGES) {
            out.addAll(classesOf(pkg));
        }
        return out;
    }

    private static URL resource(String className) {
        return PremainPathTest.class.getClassLoader().getResource(className.replace('.', '/') + ".class");
    }

    private static byte[] bytes(String className) throws IOException {
        try (InputStream in = resource(className).openStream()) {
            return in.readAllBytes();
        }
    }

    /** The classes directly in {@code pkg}, from every class-path entry of the main code that has it (a directory or a jar). */
    static List<String> classesOf(String pkg) throws IOException, URISyntaxException {
        String dir = pkg.replace('.', '/');
        List<String> out = new ArrayList<>();
        for (URL url : Collections.list(PremainPathTest.class.getClassLoader().getResources(dir))) {
            if (url.getPath().contains("/test-classes/")) {
                continue; // the tests' own classes share the packages
            }
            if (url.getProtocol().equals("file")) {
                try (Stream<Path> files = Files.list(Paths.get(url.toURI()))) {
                    files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".class"))
                            .forEach(n -> out.add(pkg + "." + n.substring(0, n.length() - ".class".length())));
                }
            } else if (url.getProtocol().equals("jar")) {
                JarFile jar = ((JarURLConnection) url.openConnection()).getJarFile();
                for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
                    String n = e.nextElement().getName();
                    if (n.startsWith(dir + "/") && n.endsWith(".class") && n.indexOf('/', dir.length() + 1) < 0) {
                        out.add(n.substring(0, n.length() - ".class".length()).replace('/', '.'));
                    }
                }
            }
        }
        return out;
    }
}
