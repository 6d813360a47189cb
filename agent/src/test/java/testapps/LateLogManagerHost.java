package testapps;

import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Paths;
import java.util.logging.LogManager;

/**
 * An application whose own java.util.logging manager (named by -Djava.util.logging.manager) becomes
 * loadable only once its main method has set up a class loader, after a slow start, as application
 * servers do. Arg: the directory holding that class. Prints the log manager it got and whether the
 * agent's MBean came.
 */
public final class LateLogManagerHost {

    public static void main(String[] args) throws Exception {
        Thread.sleep(3000); // the application's own slow start; the agent is long up by now
        URLClassLoader late = new URLClassLoader(new URL[]{Paths.get(args[0]).toUri().toURL()},
                LateLogManagerHost.class.getClassLoader());
        Thread.currentThread().setContextClassLoader(late);
        System.out.println("logManager=" + LogManager.getLogManager().getClass().getName());
        ObjectName name = new ObjectName("io.stackwatch:type=Stackwatch");
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (System.nanoTime() < deadline && !ManagementFactory.getPlatformMBeanServer().isRegistered(name)) {
            Thread.sleep(100);
        }
        System.out.println("mbean=" + ManagementFactory.getPlatformMBeanServer().isRegistered(name));
    }
}
