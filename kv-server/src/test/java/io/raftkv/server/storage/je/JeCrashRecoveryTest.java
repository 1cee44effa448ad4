package io.raftkv.server.storage.je;

import io.raftkv.server.raft.PersistentState;
import io.raftkv.server.raft.message.Entry;
import io.raftkv.server.raft.message.HardState;
import io.raftkv.server.storage.Mutation;
import io.raftkv.server.storage.StateStore;
import io.raftkv.server.storage.StoredValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A node process dies without closing its environment, as under {@code kill -9}: everything a
 * persist returned for must be there after recovery, and every apply a later persist followed (an
 * apply is committed without an fsync), each of them whole or not at all.
 * The writer runs in a child JVM ({@link #main}), since JE only reopens a directory its own JVM
 * closed. Death leaves the OS page cache intact, so this checks JE's recovery and our transaction
 * boundaries, not the fsync itself (which only a power cut would).
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class JeCrashRecoveryTest {
    @TempDir
    Path dir;

    /**
     * The child: for i = 1, 2, ... persists entry i with hard state term i, then applies key i with
     * applied index i, printing each after it returned; halts after {@code args[1]} rounds (0: never).
     */
    public static void main(String[] args) {
        JeStorage storage = JeStorage.open(Path.of(args[0])); // never closed
        long haltAfter = Long.parseLong(args[1]);
        for (long i = 1; haltAfter == 0 || i <= haltAfter; i++) {
            storage.logStore().persist(new HardState(i, "n1", i - 1), null, List.of(Entry.normal(i, 1, payload(i))));
            System.out.println("persisted " + i);
            storage.stateStore().apply(i, List.of(new Mutation.Put(value(i)), new Mutation.PutRecord(payload(i), payload(i))));
            System.out.println("applied " + i);
            System.out.flush();
        }
        Runtime.getRuntime().halt(0);
    }

    @Test
    void haltingRightAfterTheLastWriteReturnedLosesNothingPersisted() throws Exception {
        Child child = start(150);
        long[] acked = child.readAcknowledgements(Long.MAX_VALUE);
        assertThat(child.process.waitFor()).as(child.stderr()).isZero();
        assertThat(acked).containsExactly(150, 150);
        assertRecovered(150, 150);
    }

    @Test
    void killedAtAnArbitraryMomentKeepsEveryAcknowledgedWriteWhole() throws Exception {
        Child child = start(0);
        long[] acked = child.readAcknowledgements(200); // kills once 200 were applied, then drains
        assertThat(acked[1]).as(child.stderr()).isGreaterThanOrEqualTo(200);
        assertRecovered(acked[0], acked[1]);
    }

    /**
     * Reopens the child's storage and checks it holds at least what was acknowledged, consistently: an
     * acknowledged apply may be lost only if no persist returned after it.
     */
    private void assertRecovered(long persistedAcked, long appliedAcked) {
        try (JeStorage storage = JeStorage.open(dir.resolve("node"))) {
            StateStore state = storage.stateStore();
            long applied = state.appliedIndex();
            PersistentState log = storage.logStore().load(applied);
            long last = storage.logStore().lastIndex();
            assertThat(last).isGreaterThanOrEqualTo(persistedAcked);
            assertThat(log.hardState()).as("the hard state came with its entry").isEqualTo(new HardState(last, "n1", last - 1));
            assertThat(log.entries()).hasSize((int) last);
            for (Entry e : log.entries()) {
                assertThat(e.data()).isEqualTo(payload(e.index()));
            }
            assertThat(applied).isGreaterThanOrEqualTo(Math.min(appliedAcked, persistedAcked - 1)).isLessThanOrEqualTo(last);
            List<StoredValue> values = state.range(new byte[0], new byte[0], Integer.MAX_VALUE, false);
            assertThat(values).as("exactly the keys of the applied entries").hasSize((int) applied);
            for (long i = 1; i <= applied; i++) {
                assertThat(state.get(key(i))).contains(value(i));
                assertThat(state.getRecord(payload(i))).isPresent();
            }
            assertThat(state.records(new byte[0], new byte[0], Integer.MAX_VALUE)).hasSize((int) applied);
        }
    }

    private Child start(long haltAfter) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path stderr = dir.resolve("child.err");
        Process process = new ProcessBuilder(java.toString(), "-Xmx128m", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), JeCrashRecoveryTest.class.getName(),
                dir.resolve("node").toString(), Long.toString(haltAfter))
                .redirectError(stderr.toFile())
                .start();
        return new Child(process, stderr);
    }

    private record Child(Process process, Path stderrFile) {
        /** The highest persisted and applied index the child reported; kills it once {@code killAt} was applied. */
        long[] readAcknowledgements(long killAt) throws IOException, InterruptedException {
            long persisted = 0;
            long applied = 0;
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    long index = Long.parseLong(line.substring(line.indexOf(' ') + 1));
                    if (line.startsWith("persisted ")) {
                        persisted = index;
                    } else {
                        applied = index;
                    }
                    if (applied == killAt) {
                        // SIGKILL through the handle, which (unlike Process.destroyForcibly) leaves our end of the
                        // pipe open: lines already in it were acknowledged too
                        process.toHandle().destroyForcibly();
                    }
                }
            }
            process.waitFor();
            return new long[]{persisted, applied};
        }

        String stderr() throws IOException {
            return Files.readString(stderrFile);
        }
    }

    private static byte[] payload(long i) {
        return ("entry " + i).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] key(long i) {
        return ("key " + i).getBytes(StandardCharsets.UTF_8);
    }

    private static StoredValue value(long i) {
        return new StoredValue(key(i), payload(i), i, i, 1, 0);
    }
}
