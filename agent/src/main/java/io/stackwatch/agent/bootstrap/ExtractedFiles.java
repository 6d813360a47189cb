package io.stackwatch.agent.bootstrap;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * Files the agent copies out of its jar before the application starts (the core jar for the
 * bootstrap class path, the native library), kept between runs so that a start only checks that
 * they exist. Copying them on every start took 60–100 ms on the way to {@code main}, and copies
 * left by killed JVMs piled up in the temporary directory.
 *
 * <p>They live in {@code <java.io.tmpdir>/stackwatch-<user>}, a directory only its owner may enter:
 * a file there goes onto the bootstrap class path, so a directory that another user could write to
 * (or a symbolic link in its place) is never used. A file is named after the agent jar it came from
 * (version, size and modification time), is written under a temporary name and moved into place in
 * one step, and is never changed afterwards (running JVMs keep it open). Where the directory cannot
 * be used safely, every start gets a fresh private copy, as before.
 */
public final class ExtractedFiles {

    private static final Set<PosixFilePermission> OWNER_ONLY = EnumSet.of(PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE);

    /** Writes a file's content. */
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    private final Path directory;
    private final String key;

    private ExtractedFiles(Path directory, String key) {
        this.directory = directory;
        this.key = key;
    }

    /**
     * The cache for files taken from {@code agentJar}, in {@code <tmp>/stackwatch-<user>}; null when
     * that directory is missing and cannot be made, or could be written by someone else.
     */
    public static ExtractedFiles forAgentJar(Path agentJar, String version) {
        try {
            String user = System.getProperty("user.name", "").replaceAll("[^A-Za-z0-9._-]", "_");
            Path dir = Paths.get(System.getProperty("java.io.tmpdir"), "stackwatch-" + (user.isEmpty() ? "user" : user));
            return privateDirectory(dir) ? in(dir, agentJar, version) : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The cache in {@code dir} (already checked by {@link #privateDirectory}) for files of {@code agentJar}. */
    static ExtractedFiles in(Path dir, Path agentJar, String version) throws IOException {
        BasicFileAttributes jar = Files.readAttributes(agentJar, BasicFileAttributes.class);
        String v = version.replaceAll("[^A-Za-z0-9._-]", "_");
        return new ExtractedFiles(dir, v + "-" + jar.size() + "-" + jar.lastModifiedTime().toMillis());
    }

    /** Creates {@code dir} for its owner only, or checks that an existing one is exactly that. */
    static boolean privateDirectory(Path dir) throws IOException {
        try {
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } catch (FileAlreadyExistsException exists) {
            // checked below
        } catch (UnsupportedOperationException notPosix) {
            return false;
        }
        PosixFileAttributes a;
        try {
            a = Files.readAttributes(dir, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (UnsupportedOperationException notPosix) {
            return false;
        }
        // The umask may have taken bits away at creation, never added them; an existing directory
        // must be ours and closed to everybody else.
        return a.isDirectory() && !a.isSymbolicLink()
                && a.owner().getName().equals(System.getProperty("user.name"))
                && OWNER_ONLY.containsAll(a.permissions());
    }

    /**
     * The cached file {@code name} (with this agent jar's key in its name), written from
     * {@code content} when it is not there yet.
     */
    public Path file(String prefix, String suffix, Content content) throws IOException {
        Path target = directory.resolve(prefix + "-" + key + suffix);
        try {
            BasicFileAttributes a = Files.readAttributes(target, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (a.isRegularFile() && a.size() > 0) {
                return target;
            }
        } catch (IOException missing) {
            // written below
        }
        Path partial = directory.resolve(prefix + "-" + key + suffix + "." + ProcessHandle.current().pid() + "-"
                + System.nanoTime() + ".partial");
        try {
            try (OutputStream out = Files.newOutputStream(partial, java.nio.file.StandardOpenOption.CREATE_NEW)) {
                content.writeTo(out);
            }
            try {
                Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException noAtomicMove) {
                Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(partial);
        }
        return target;
    }

    /**
     * A fresh private file for one JVM, deleted when it exits: where no cache directory can be used.
     * Named by process and time, created exclusively: {@code Files.createTempFile} would initialize
     * SecureRandom and the security providers on the way to {@code main} (tens of milliseconds).
     */
    public static Path oneOff(String prefix, String suffix, Content content) throws IOException {
        Path file = null;
        for (int attempt = 0; file == null; attempt++) {
            Path candidate = Paths.get(System.getProperty("java.io.tmpdir"),
                    prefix + "-" + ProcessHandle.current().pid() + "-" + System.nanoTime() + suffix);
            try {
                Files.createFile(candidate, PosixFilePermissions.asFileAttribute(EnumSet.of(
                        PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE)));
                file = candidate;
            } catch (UnsupportedOperationException notPosix) {
                Files.createFile(candidate);
                file = candidate;
            } catch (FileAlreadyExistsException taken) {
                if (attempt > 100) {
                    throw taken;
                }
            }
        }
        file.toFile().deleteOnExit();
        try (OutputStream out = Files.newOutputStream(file)) {
            content.writeTo(out);
        }
        return file;
    }
}
