package testapps;

import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

/**
 * Loads generated classes (see the integration tests' {@code RecursionShapes}) from a class path root
 * and calls each one's {@code static String run()}, printing one line per class: its result, or the
 * error that loading, verifying or running it ended with. With an agent, a class whose tracker depth
 * is not back where it was afterwards gets a second line. Args: the root, then a file listing class names.
 */
public final class ShapeRunner {

    public static void main(String[] args) throws Exception {
        Path root = Paths.get(args[0]);
        List<String> names = Files.readAllLines(Paths.get(args[1]));
        // Under select=all this method and the probe are instrumented too: compare with the depth here.
        int atRest = TrackerProbe.depth();
        try (URLClassLoader loader = new URLClassLoader(new URL[]{root.toUri().toURL()}, ShapeRunner.class.getClassLoader())) {
            for (String name : names) {
                if (name.isBlank()) {
                    continue;
                }
                System.out.println(name + " " + runOne(loader, name));
                int depth = TrackerProbe.depth();
                if (depth != atRest) {
                    System.out.println(name + " left the tracker at depth " + depth + " instead of " + atRest);
                }
            }
        }
        System.out.println("done " + names.size());
    }

    private static String runOne(ClassLoader loader, String name) {
        try {
            Class<?> c = Class.forName(name, true, loader);
            return (String) c.getMethod("run").invoke(null);
        } catch (InvocationTargetException e) {
            return "run() threw " + e.getCause();
        } catch (ReflectiveOperationException | LinkageError e) {
            // VerifyError, ClassFormatError...: the class could not be used at all.
            return "FAILED " + e;
        }
    }
}
