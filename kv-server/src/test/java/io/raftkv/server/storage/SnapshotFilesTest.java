package io.raftkv.server.storage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Snapshot files: written whole or not at all, named by a handle, checked, and pruned. */
class SnapshotFilesTest {
    @TempDir
    Path dir;

    private static byte[] read(byte[] data) throws IOException {
        try (InputStream in = SnapshotFiles.open(data)) {
            return in.readAllBytes();
        }
    }

    private long files(String suffix) throws IOException {
        try (Stream<Path> list = Files.list(dir)) {
            return list.filter(p -> p.toString().endsWith(suffix)).count();
        }
    }

    @Test
    void aWrittenSnapshotReadsBackThroughItsHandle() throws IOException {
        SnapshotFiles snapshots = SnapshotFiles.open(dir);

        SnapshotFiles.Handle handle = snapshots.write(7, out -> out.write(new byte[] {1, 2, 3}));

        assertThat(handle.size()).isEqualTo(3);
        assertThat(SnapshotFiles.Handle.decode(handle.encode())).contains(handle);
        assertThat(read(handle.encode())).containsExactly(1, 2, 3);
    }

    @Test
    void snapshotBytesThemselvesAreNotAHandle() throws IOException {
        byte[] stream = {'R', 'K', 'V', 'S', 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 9};

        assertThat(SnapshotFiles.Handle.decode(stream)).isEqualTo(Optional.empty());
        assertThat(read(stream)).isEqualTo(stream);
        assertThat(read(null)).isEmpty();
    }

    @Test
    void aReceivedSnapshotIsKeptOnlyWithTheAnnouncedSizeAndChecksum() throws IOException {
        SnapshotFiles snapshots = SnapshotFiles.open(dir);
        SnapshotFiles.Handle good = snapshots.write(1, out -> out.write(new byte[] {4, 5}));

        try (SnapshotFiles.Incoming incoming = snapshots.receive(2)) {
            incoming.out().write(new byte[] {4, 5});
            assertThatThrownBy(() -> incoming.keep(2, good.crc() ^ 1)).isInstanceOf(CorruptSnapshotException.class);
        }
        try (SnapshotFiles.Incoming incoming = snapshots.receive(3)) {
            incoming.out().write(new byte[] {4});
            assertThatThrownBy(() -> incoming.keep(2, good.crc())).isInstanceOf(CorruptSnapshotException.class);
        }

        assertThat(files(".part")).isZero();
        assertThat(files(".snapshot")).isEqualTo(1);
    }

    @Test
    void onlyTheTwoNewestSnapshotsAreKept() throws IOException {
        SnapshotFiles snapshots = SnapshotFiles.open(dir);
        SnapshotFiles.Handle first = snapshots.write(10, out -> out.write(1));
        snapshots.write(30, out -> out.write(3));
        SnapshotFiles.Handle second = snapshots.write(20, out -> out.write(2));

        assertThat(files(".snapshot")).isEqualTo(2);
        assertThat(first.path()).doesNotExist();
        assertThat(second.path()).exists();
    }

    @Test
    void halfWrittenFilesFromACrashAreDeletedWhenTheDirectoryOpens() throws IOException {
        SnapshotFiles.Incoming abandoned = SnapshotFiles.open(dir).receive(5);
        abandoned.out().write(new byte[100]);

        SnapshotFiles.open(dir);

        assertThat(files(".part")).isZero();
        abandoned.close();
    }
}
