package io.stackwatch.agent.instrument;

import io.stackwatch.agent.classfile.MethodRef;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The JDK's own recursion that application data drives, watched by default: the structural
 * recursion of collections and maps ({@code hashCode}, {@code equals}, {@code toString} of a list
 * that holds a list...), {@code Arrays.deep*}, the regex engine's nodes, Java serialization. Read from
 * {@code jdk-recursion.txt} beside this class's package (one method key per line, {@code #} comments),
 * which the static scan of the JDK's modules produces (see the scan's {@code jrt:} input); a method
 * the running JDK does not have is simply never met.
 */
final class JdkRecursion {

    static final String RESOURCE = "/io/stackwatch/agent/jdk-recursion.txt";
    /** Bytes charged per counted JDK frame: the class file is not read, so a typical interpreted frame. */
    static final int FRAME_BYTES = 176;

    private final List<MethodRef> methods;

    private JdkRecursion(List<MethodRef> methods) {
        this.methods = methods;
    }

    static JdkRecursion load() {
        try (InputStream in = JdkRecursion.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                return new JdkRecursion(Collections.<MethodRef>emptyList());
            }
            return parse(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)));
        } catch (IOException unreadable) {
            return new JdkRecursion(Collections.<MethodRef>emptyList());
        }
    }

    static JdkRecursion parse(BufferedReader lines) throws IOException {
        List<MethodRef> out = new ArrayList<>();
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            String l = line.trim();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            MethodRef m = MethodRef.parseKey(l);
            if (m != null) {
                out.add(m);
            }
        }
        return new JdkRecursion(Collections.unmodifiableList(out));
    }

    List<MethodRef> methods() {
        return methods;
    }

    int frameBytes() {
        return FRAME_BYTES;
    }
}
