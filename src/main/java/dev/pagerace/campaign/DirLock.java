package dev.pagerace.campaign;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The lock a campaign holds on its results directory (seed campaigns and
 * dfs campaigns alike) from opening it until it is closed. Two campaigns
 * appending to one journal would record their work twice, so the second
 * refuses before it reads or writes anything. It is an OS file lock, so it
 * goes with its process: a killed campaign leaves no stale lock to clean
 * up, only the file, which holds the holder's pid for the message.
 */
public final class DirLock implements AutoCloseable {
    /** The lock file, never deleted. */
    public static final String FILE = "campaign.lock";

    /** The directory is open in another campaign (another process or this one). */
    public static final class InUse extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        InUse(Path dir, String pid) {
            super(dir + " is in use by another campaign (pid " + pid + "): wait for it to finish, or choose another --out");
        }
    }

    /** Directories this JVM holds, by real path: a second channel's tryLock here would throw, and closing it could drop the first's lock. */
    private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

    private final Path key;
    private final FileChannel channel;
    private final java.nio.channels.FileLock lock;
    private boolean released;

    private DirLock(Path key, FileChannel channel, java.nio.channels.FileLock lock) {
        this.key = key;
        this.channel = channel;
        this.lock = lock;
    }

    /** Takes the lock of an existing directory, or throws {@link InUse} naming the holder's pid. */
    public static DirLock take(Path dir) throws IOException {
        Path key = dir.toRealPath();
        if (!HELD.add(key)) throw new InUse(dir, String.valueOf(ProcessHandle.current().pid()));
        FileChannel ch = null;
        try {
            ch = FileChannel.open(dir.resolve(FILE), StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            java.nio.channels.FileLock l = ch.tryLock();
            if (l == null) {
                java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(32);
                ch.read(b, 0);
                String pid = new String(b.array(), 0, b.position(), StandardCharsets.US_ASCII).trim();
                throw new InUse(dir, pid.matches("[0-9]{1,19}") ? pid : "unknown");
            }
            ch.truncate(0);
            ch.write(java.nio.ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
            ch.force(false);
            return new DirLock(key, ch, l);
        } catch (IOException | RuntimeException e) {
            HELD.remove(key);
            if (ch != null) ch.close();
            throw e;
        }
    }

    /** Releases the lock; a second call does nothing. */
    public synchronized void release() throws IOException {
        if (released) return;
        released = true;
        try {
            lock.release();
            channel.close();
        } finally {
            HELD.remove(key);
        }
    }

    @Override public void close() throws IOException { release(); }
}
