package io.raftkv.server.storage;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.zip.CRC32C;
import java.util.zip.CheckedOutputStream;

/**
 * The node's snapshots as files in one directory ({@code <data-dir>/snapshots}), so a state of any
 * size is written, sent and installed as a stream and never held in memory. The Raft core's snapshot
 * data is then a {@link Handle} to the file (the core never looks inside); the log store keeps that
 * handle, a few dozen bytes. A file is written under a temporary name, fsynced and renamed, so a
 * crash leaves either the whole file or none; the handle carries the file's size and CRC32C, which a
 * sender announces and a receiver checks before it keeps a file.
 */
public final class SnapshotFiles {
    private static final String SUFFIX = ".snapshot";
    private static final String PART = ".part";
    /** Snapshot files kept: the newest, and the one before it for a transfer still reading it. */
    private static final int KEEP = 2;

    private final Path dir;

    private SnapshotFiles(Path dir) {
        this.dir = dir;
    }

    /** The snapshot directory {@code dir}, created if missing; half-written files from a crash are deleted. */
    public static SnapshotFiles open(Path dir) {
        try {
            Files.createDirectories(dir);
            for (Path part : list(dir, "*" + PART)) {
                Files.deleteIfExists(part);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the snapshot directory " + dir, e);
        }
        return new SnapshotFiles(dir);
    }

    /** Something that writes a snapshot's bytes. */
    @FunctionalInterface
    public interface Writer {
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * Writes the snapshot at {@code index} that {@code writer} produces to a new file, durably, and
     * deletes all but the newest snapshot files.
     */
    public Handle write(long index, Writer writer) throws IOException {
        try (Incoming incoming = receive(index)) {
            writer.writeTo(incoming.out());
            return incoming.keep();
        }
    }

    /** A new file for a snapshot at {@code index} that arrives in pieces; see {@link Incoming}. */
    public Incoming receive(long index) throws IOException {
        // Zero-padded, so names sort by index; unique, so a snapshot received twice never clashes.
        String name = String.format("%020d-%s", index, UUID.randomUUID());
        return new Incoming(dir.resolve(name + PART), dir.resolve(name + SUFFIX));
    }

    /** Deletes the snapshot files but the {@link #KEEP} newest (by index). */
    private void prune() throws IOException {
        List<Path> files = new ArrayList<>(list(dir, "*" + SUFFIX));
        files.sort(Comparator.comparing((Path p) -> p.getFileName().toString()).reversed());
        for (Path old : files.subList(Math.min(KEEP, files.size()), files.size())) {
            Files.deleteIfExists(old);
        }
    }

    private static List<Path> list(Path dir, String glob) throws IOException {
        List<Path> paths = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, glob)) {
            stream.forEach(paths::add);
        }
        return paths;
    }

    /**
     * A snapshot file being written: bytes go to {@link #out()} (unbuffered), which counts them and
     * keeps their CRC32C; {@link #keep} makes the file a snapshot.
     */
    public final class Incoming implements AutoCloseable {
        private final Path part;
        private final Path target;
        private final FileChannel channel;
        private final CRC32C crc = new CRC32C();
        private final CountingOutputStream out;
        private boolean kept;

        private Incoming(Path part, Path target) throws IOException {
            this.part = part;
            this.target = target;
            this.channel = FileChannel.open(part, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            this.out = new CountingOutputStream(new CheckedOutputStream(Channels.newOutputStream(channel), crc));
        }

        public OutputStream out() {
            return out;
        }

        /** Bytes written so far. */
        public long size() {
            return out.count;
        }

        /** Makes the file durable under its final name, deletes all but the newest snapshots, and returns its handle. */
        public Handle keep() throws IOException {
            channel.force(true);
            channel.close();
            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            syncDirectory(target.getParent());
            kept = true;
            prune();
            return new Handle(target, out.count, (int) crc.getValue());
        }

        /**
         * Like {@link #keep()}, once the bytes written are {@code size} of them with CRC32C {@code expectedCrc}.
         *
         * @throws CorruptSnapshotException if they are not (the file is deleted on {@link #close})
         */
        public Handle keep(long size, int expectedCrc) throws IOException {
            int actual = (int) crc.getValue();
            if (out.count != size || actual != expectedCrc) {
                throw new CorruptSnapshotException("snapshot of " + out.count + " B with CRC32C " + Integer.toHexString(actual)
                        + " received, but " + size + " B with " + Integer.toHexString(expectedCrc) + " announced");
            }
            return keep();
        }

        /** Deletes the file unless it was kept. */
        @Override
        public void close() throws IOException {
            channel.close();
            if (!kept) {
                Files.deleteIfExists(part);
            }
        }
    }

    private static void syncDirectory(Path dir) throws IOException {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        }
    }

    /**
     * Where a snapshot file is, how long it is and its CRC32C: what the core's snapshot data holds for
     * a file-backed snapshot. Encoded as the magic "RKSF", size (8), CRC32C (4), then the path (UTF-8),
     * so it cannot be taken for a snapshot stream, which starts "RKVS".
     */
    public record Handle(Path path, long size, int crc) {
        private static final int MAGIC = 0x524B5346; // "RKSF"

        public byte[] encode() {
            byte[] p = path.toAbsolutePath().toString().getBytes(StandardCharsets.UTF_8);
            return ByteBuffer.allocate(4 + 8 + 4 + p.length).putInt(MAGIC).putLong(size).putInt(crc).put(p).array();
        }

        /** The handle {@code data} encodes, or empty when it is a snapshot's bytes themselves. */
        public static Optional<Handle> decode(byte[] data) {
            if (data == null || data.length < 16 || ByteBuffer.wrap(data).getInt() != MAGIC) {
                return Optional.empty();
            }
            ByteBuffer b = ByteBuffer.wrap(data, 4, data.length - 4);
            long size = b.getLong();
            int crc = b.getInt();
            return Optional.of(new Handle(Path.of(new String(data, 16, data.length - 16, StandardCharsets.UTF_8)), size, crc));
        }
    }

    /**
     * The snapshot bytes behind the core's snapshot {@code data}: the file a handle names, or the
     * bytes themselves (a snapshot from before snapshot files, or from a test).
     */
    public static InputStream open(byte[] data) throws IOException {
        Optional<Handle> handle = Handle.decode(data);
        if (handle.isPresent()) {
            return Files.newInputStream(handle.get().path());
        }
        return new ByteArrayInputStream(data == null ? new byte[0] : data);
    }

    private static final class CountingOutputStream extends java.io.FilterOutputStream {
        private long count;

        CountingOutputStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }
}
