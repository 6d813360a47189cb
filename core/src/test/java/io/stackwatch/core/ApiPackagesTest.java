package io.stackwatch.core;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which of the core's packages are its API (docs/ARCHITECTURE.md, "Packages"): {@code io.stackwatch.core}
 * ({@code StackDepthExceededError}), {@code io.stackwatch.core.tasks}, and
 * {@code core.threads.ThreadStartRefusedException}. Everything else is internal, public only so that
 * advice and the agent can reach it. The API shows no internal type, except the few listed here.
 */
class ApiPackagesTest {

    static final Set<String> API_PACKAGES = Set.of("io.stackwatch.core", "io.stackwatch.core.tasks");
    static final Set<String> API_CLASSES = Set.of("io.stackwatch.core.threads.ThreadStartRefusedException");

    /** Internal types the API shows, on purpose: {@code member -> type}. */
    static final Set<String> SHOWN_ON_PURPOSE = Set.of(
            // Thrown by the tracker, not constructed by applications (its constructors say so).
            "io.stackwatch.core.StackDepthExceededError.<init> -> io.stackwatch.core.event.Reason",
            "io.stackwatch.core.StackDepthExceededError.<init> -> io.stackwatch.core.stack.CapturedStack",
            // The recursion behind an interception, for a handler that wants more than the message.
            "io.stackwatch.core.StackDepthExceededError.cycle -> io.stackwatch.core.stack.RecursionCycle");

    @Test
    void theApiShowsNoInternalTypeBeyondTheOnesListed() throws Exception {
        Set<String> shown = new TreeSet<>();
        for (Class<?> c : apiClasses()) {
            if (!Modifier.isPublic(c.getModifiers())) {
                continue;
            }
            List<Executable> members = new ArrayList<>();
            Collections.addAll(members, c.getDeclaredConstructors());
            Collections.addAll(members, c.getDeclaredMethods());
            for (Executable m : members) {
                if (!Modifier.isPublic(m.getModifiers()) && !Modifier.isProtected(m.getModifiers()) || m.isSynthetic()) {
                    continue;
                }
                String name = c.getName() + "." + (m instanceof Constructor ? "<init>" : m.getName());
                List<Type> types = new ArrayList<>(List.of(m.getGenericParameterTypes()));
                if (m instanceof Method) {
                    types.add(((Method) m).getGenericReturnType());
                }
                for (Type t : types) {
                    internalTypesIn(t, name, shown);
                }
            }
            for (Field f : c.getDeclaredFields()) {
                if (Modifier.isPublic(f.getModifiers()) || Modifier.isProtected(f.getModifiers())) {
                    internalTypesIn(f.getGenericType(), c.getName() + "." + f.getName(), shown);
                }
            }
        }
        assertThat(shown).as("internal types in the API's public signatures").containsExactlyInAnyOrderElementsOf(SHOWN_ON_PURPOSE);
    }

    @Test
    void theExamplesUseTheApiOnly() throws IOException {
        Pattern imports = Pattern.compile("(?m)^import (io\\.stackwatch\\.core(?:\\.\\w+)*)\\.(\\w+);");
        List<String> outside = new ArrayList<>();
        int seen = 0;
        for (Path root : new Path[]{Paths.get("..", "examples", "src"), Paths.get("..", "examples", "spring-service", "src")}) {
            assertThat(root).isDirectory();
            try (Stream<Path> files = Files.walk(root)) {
                for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java"))::iterator) {
                    Matcher m = imports.matcher(Files.readString(f));
                    while (m.find()) {
                        seen++;
                        if (!API_PACKAGES.contains(m.group(1)) && !API_CLASSES.contains(m.group(1) + "." + m.group(2))) {
                            outside.add(f + ": " + m.group());
                        }
                    }
                }
            }
        }
        assertThat(seen).as("imports of the core in the examples").isPositive();
        assertThat(outside).isEmpty();
    }

    private static void internalTypesIn(Type t, String member, Set<String> out) {
        String text = t.getTypeName();
        Matcher m = Pattern.compile("io\\.stackwatch\\.core(?:\\.\\w+)*\\.[A-Z]\\w*").matcher(text);
        while (m.find()) {
            String type = m.group();
            String pkg = type.substring(0, type.lastIndexOf('.'));
            if (!API_PACKAGES.contains(pkg) && !API_CLASSES.contains(type)) {
                out.add(member + " -> " + type);
            }
        }
    }

    private static List<Class<?>> apiClasses() throws IOException, URISyntaxException, ClassNotFoundException {
        List<Class<?>> out = new ArrayList<>();
        for (String pkg : API_PACKAGES) {
            for (URL url : Collections.list(ApiPackagesTest.class.getClassLoader().getResources(pkg.replace('.', '/')))) {
                if (!url.getProtocol().equals("file") || url.getPath().contains("/test-classes/")) {
                    continue;
                }
                try (Stream<Path> files = Files.list(Paths.get(url.toURI()))) {
                    for (Path f : (Iterable<Path>) files::iterator) {
                        String n = f.getFileName().toString();
                        if (n.endsWith(".class") && !n.equals("package-info.class")) {
                            out.add(Class.forName(pkg + "." + n.substring(0, n.length() - 6), false,
                                    ApiPackagesTest.class.getClassLoader()));
                        }
                    }
                }
            }
        }
        for (String c : API_CLASSES) {
            out.add(Class.forName(c, false, ApiPackagesTest.class.getClassLoader()));
        }
        assertThat(out).extracting(Class::getSimpleName).contains("StackDepthExceededError", "TaskWatch", "TaskFigures");
        return out;
    }
}
