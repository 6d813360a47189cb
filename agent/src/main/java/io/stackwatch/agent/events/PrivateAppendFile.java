package io.stackwatch.agent.events;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;

/**
 * Opens a file the agent appends to ({@code eventLog=}) the way a file in a shared directory must be
 * opened, possibly as root: missing directories and the file itself are created for the owner only
 * ({@code rwx------}, {@code rw-------}); a symbolic link is followed only when it belongs to the user
 * the JVM runs as (another user's link may point at a file only root may write); anything but a
 * regular file is refused, because opening a FIFO for writing blocks until someone reads it, and a
 * device never ends. Each refusal is an {@link IOException} whose message says why, for one line.
 */
final class PrivateAppendFile {

    private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY_DIRECTORY =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));
    private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY_FILE =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));

    private PrivateAppendFile() {
    }

    /** The file open for appending (created if missing), or an IOException saying why not. */
    static FileChannel open(Path path) throws IOException {
        Path file = path.toAbsolutePath();
        Path parent = file.getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            createDirectories(parent);
        }
        // Twice at most: the file may appear between the look and the exclusive create.
        for (int attempt = 0; attempt < 2; attempt++) {
            boolean link = Files.isSymbolicLink(file);
            if (link) {
                String owner = Files.getOwner(file, LinkOption.NOFOLLOW_LINKS).getName();
                String user = System.getProperty("user.name");
                if (!owner.equals(user)) {
                    throw new IOException("a symbolic link owned by " + owner + ", not by " + user
                            + ", who runs this JVM: it is not followed");
                }
            }
            if (Files.exists(file)) {
                if (!Files.isRegularFile(file)) {
                    throw new IOException("not a regular file: a FIFO, a device or a directory is never opened, since "
                            + "opening one may wait for ever");
                }
                Set<OpenOption> options = new HashSet<>(Set.of(StandardOpenOption.WRITE, StandardOpenOption.APPEND));
                if (!link) {
                    // Not a link when looked at: if one is put in its place meanwhile, the open fails.
                    options.add(LinkOption.NOFOLLOW_LINKS);
                }
                return FileChannel.open(file, options);
            }
            if (link) {
                // The user's own link to a file not there yet: created where it points.
                return FileChannel.open(file, EnumSet.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        StandardOpenOption.APPEND), ownerOnly(file, OWNER_ONLY_FILE));
            }
            try {
                return FileChannel.open(file, EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                        StandardOpenOption.APPEND), ownerOnly(file, OWNER_ONLY_FILE));
            } catch (FileAlreadyExistsException appeared) {
                // look again
            }
        }
        throw new IOException("it kept changing while being opened");
    }

    private static void createDirectories(Path dir) throws IOException {
        FileAttribute<?>[] attributes = ownerOnly(dir, OWNER_ONLY_DIRECTORY);
        Files.createDirectories(dir, attributes);
    }

    /** The owner-only attribute where the file system has POSIX permissions, else none. */
    private static FileAttribute<?>[] ownerOnly(Path near, FileAttribute<Set<PosixFilePermission>> attribute) {
        boolean posix = near.getFileSystem().supportedFileAttributeViews().contains("posix");
        return posix ? new FileAttribute<?>[]{attribute} : new FileAttribute<?>[0];
    }
}
