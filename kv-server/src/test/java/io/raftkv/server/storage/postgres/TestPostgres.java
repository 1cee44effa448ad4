package io.raftkv.server.storage.postgres;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.tukaani.xz.XZInputStream;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A throwaway PostgreSQL for tests: real PostgreSQL binaries from the {@code io.zonky.test.postgres}
 * artifacts on the test classpath, run with its own {@code initdb} / {@code pg_ctl}.
 *
 * <p>{@link #shared()} is one server per JVM (started lazily, stopped by a shutdown hook), or the server
 * named by {@code KV_TEST_PG_URL} ({@code KV_TEST_PG_USER}, default {@code postgres};
 * {@code KV_TEST_PG_PASSWORD}, default empty) when that is set. {@link #startPrivate(Path)} is a server of
 * the caller's own that can be {@link #stop() stopped} and {@link #start() started} again on the same port
 * and data directory.
 *
 * <p>PostgreSQL refuses to run as root. When this JVM runs as root the PostgreSQL processes therefore run
 * unprivileged, by the first of these that works here (probed once per JVM):
 * <ol>
 *   <li>{@code unshare -U}: a fresh user namespace in which the process is not root (what zonky's own
 *       {@code EmbeddedPostgres} does); files stay owned by root, so nothing needs chown;</li>
 *   <li>{@code setpriv --reuid=nobody --regid=<nobody's group> --clear-groups} (or {@code runuser -u nobody})
 *       for when user namespaces are not allowed (e.g. Docker's default seccomp profile): the instance
 *       directories are then chowned to nobody and their parents must be traversable by it.</li>
 * </ol>
 * System property {@code kv.test.pg.runAs} ({@code auto}, {@code direct}, {@code unshare}, {@code setpriv},
 * {@code runuser}) forces one of them. Everything lives under {@code java.io.tmpdir}.
 */
public final class TestPostgres implements AutoCloseable {

    /** Env: JDBC URL of an existing server to use for {@link #shared()} instead of starting one. */
    public static final String URL_ENV = "KV_TEST_PG_URL";
    public static final String USER_ENV = "KV_TEST_PG_USER";
    public static final String PASSWORD_ENV = "KV_TEST_PG_PASSWORD";
    /** System property forcing how PostgreSQL is run: auto (default), direct, unshare, setpriv, runuser. */
    public static final String RUN_AS_PROPERTY = "kv.test.pg.runAs";

    private static final String SUPERUSER = "postgres";
    private static final String SHARED_PREFIX = "shared-";
    private static final Pattern SHARED_DIR = Pattern.compile(Pattern.quote(SHARED_PREFIX) + "(\\d+)-.*");
    private static final String DATABASE = "postgres";
    private static final String SETTINGS_FILE = "raftkv-test.conf";
    private static final String LOG_FILE = "server.log";
    private static final int START_TIMEOUT_S = 60;
    private static final int MAX_IDENTIFIER = 63;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern URL_PORT = Pattern.compile("^jdbc:postgresql://(?:\\[[^]]*]|[^/:?]*)(?::(\\d+))?");

    private static final Object LOCK = new Object();
    private static TestPostgres shared;
    private static Binaries binaries;
    private static final Set<TestPostgres> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (TestPostgres pg : LIVE) {
                pg.shutdownQuietly();
            }
        }, "test-postgres-shutdown"));
    }

    private final String jdbcUrl;
    private final String user;
    private final String password;
    private final int port;
    /** Null for an external server. */
    private final Path dataDir;
    private final boolean deleteOnClose;
    private final boolean isShared;
    private boolean running;
    private boolean closed;

    private TestPostgres(String jdbcUrl, String user, String password, int port) {
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
        this.port = port;
        this.dataDir = null;
        this.deleteOnClose = false;
        this.isShared = true;
    }

    private TestPostgres(Path dataDir, int port, boolean deleteOnClose, boolean isShared) {
        this.jdbcUrl = "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE;
        this.user = SUPERUSER;
        this.password = "";
        this.port = port;
        this.dataDir = dataDir;
        this.deleteOnClose = deleteOnClose;
        this.isShared = isShared;
    }

    /** The JVM-wide server: {@code KV_TEST_PG_URL} if set, else one started on first use. */
    public static TestPostgres shared() {
        synchronized (LOCK) {
            if (shared == null) {
                String url = System.getenv(URL_ENV);
                if (url != null && !url.isBlank()) {
                    shared = new TestPostgres(url.strip(), envOr(USER_ENV, SUPERUSER), envOr(PASSWORD_ENV, ""),
                            portOf(url.strip()));
                } else {
                    try {
                        removeOrphans();
                        Path dir = Files.createTempDirectory(baseDir(), SHARED_PREFIX + ProcessHandle.current().pid() + "-");
                        shared = launchNew(dir.resolve("data"), true, true);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            }
            return shared;
        }
    }

    /**
     * A server of the caller's own in {@code dataDir} (created if missing; an existing data directory is
     * reused), on a free port that {@link #start()} keeps. {@link #close()} stops it but leaves the files.
     */
    public static TestPostgres startPrivate(Path dataDir) {
        try {
            return launchNew(dataDir.toAbsolutePath().normalize(), false, false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- shortcuts for the storage tests, on the shared server ----------------------------------

    private static final List<String> HANDED_OUT = new ArrayList<>();

    /** A fresh schema name on {@link #shared()}; {@link #dropSchemas} drops it again. */
    public static String newSchema(String prefix) {
        String schema = shared().freshSchema(prefix);
        synchronized (HANDED_OUT) {
            HANDED_OUT.add(schema);
        }
        return schema;
    }

    /** Settings for a node of {@code clusterName} in {@code schema} on {@link #shared()}. */
    public static PgSettings settings(String schema, String clusterName) {
        TestPostgres s = shared();
        return new PgSettings(s.jdbcUrl(), s.user(), s.password(), schema, clusterName);
    }

    /** A plain connection to {@link #shared()}, for checks behind the storage's back. */
    public static java.sql.Connection connect() throws java.sql.SQLException {
        TestPostgres s = shared();
        return java.sql.DriverManager.getConnection(s.jdbcUrl(), s.user(), s.password());
    }

    /** Drops every schema {@link #newSchema} handed out, so a shared external server does not fill up. */
    public static void dropSchemas() {
        synchronized (HANDED_OUT) {
            try (java.sql.Connection c = connect()) {
                for (String schema : HANDED_OUT) {
                    org.jooq.impl.DSL.using(c, org.jooq.SQLDialect.POSTGRES)
                            .dropSchemaIfExists(org.jooq.impl.DSL.name(schema)).cascade().execute();
                }
                HANDED_OUT.clear();
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException("cannot drop the test schemas " + HANDED_OUT, e);
            }
        }
    }

    public String jdbcUrl() {
        return jdbcUrl;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    public int port() {
        return port;
    }

    /** A unique lower-case schema name, {@code prefix} plus a random suffix (not created). */
    public String freshSchema(String prefix) {
        String p = prefix == null ? "" : prefix.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        if (p.isEmpty() || !(Character.isLetter(p.charAt(0)) || p.charAt(0) == '_')) {
            p = "s_" + p;
        }
        byte[] bytes = new byte[6];
        RANDOM.nextBytes(bytes);
        String suffix = "_" + HexFormat.of().formatHex(bytes);
        if (p.length() + suffix.length() > MAX_IDENTIFIER) {
            p = p.substring(0, MAX_IDENTIFIER - suffix.length());
        }
        return p + suffix;
    }

    /** Stops the server (fast shutdown); data is kept. Only for {@link #startPrivate(Path)} servers. */
    public void stop() {
        requirePrivate();
        synchronized (this) {
            if (running) {
                pgCtlStop();
                running = false;
            }
        }
    }

    /** Starts a stopped server again on the same port and data directory. */
    public void start() {
        requirePrivate();
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("closed");
            }
            if (!running) {
                pgCtlStart();
                running = true;
            }
        }
    }

    /**
     * Stops a {@link #startPrivate(Path)} server. A no-op for {@link #shared()} (stopped, and its files
     * deleted, when the JVM exits) and for an external {@code KV_TEST_PG_URL} server.
     */
    @Override
    public void close() {
        if (!isShared) {
            shutdown();
        }
    }

    private void shutdown() {
        if (dataDir == null) {
            return;
        }
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            LIVE.remove(this);
            try {
                if (running) {
                    pgCtlStop();
                    running = false;
                }
            } finally {
                if (deleteOnClose) {
                    deleteTree(dataDir.getParent());
                }
            }
        }
    }

    @Override
    public String toString() {
        return "TestPostgres[" + jdbcUrl + (dataDir == null ? "" : ", " + dataDir) + "]";
    }

    // ---------------------------------------------------------------------------------------------------

    private static TestPostgres launchNew(Path dataDir, boolean deleteOnClose, boolean isShared) throws IOException {
        Binaries bin = binaries();
        Files.createDirectories(dataDir);
        bin.runAs.prepare(dataDir);
        if (!Files.exists(dataDir.resolve("PG_VERSION"))) {
            bin.run(dataDir, List.of(bin.tool("initdb"), "-D", dataDir.toString(), "-A", "trust", "-U", SUPERUSER,
                    "-E", "UTF8", "--locale=C", "--no-sync"));
            Files.writeString(dataDir.resolve("postgresql.conf"), "\ninclude = '" + SETTINGS_FILE + "'\n",
                    StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
        }
        IOException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            int port = freePort();
            writeSettings(dataDir, port, !isShared);
            TestPostgres pg = new TestPostgres(dataDir, port, deleteOnClose, isShared);
            try {
                pg.pgCtlStart();
                pg.running = true;
                LIVE.add(pg);
                return pg;
            } catch (IllegalStateException e) { // e.g. lost the race for the port: try another
                last = new IOException(e.getMessage(), e);
            }
        }
        throw last;
    }

    /** Stops and deletes shared servers left behind by JVMs that died without running their shutdown hook. */
    private static void removeOrphans() throws IOException {
        List<Path> orphans;
        try (Stream<Path> dirs = Files.list(baseDir())) {
            orphans = dirs.filter(d -> {
                Matcher m = SHARED_DIR.matcher(d.getFileName().toString());
                return m.matches() && ProcessHandle.of(Long.parseLong(m.group(1))).map(h -> !h.isAlive()).orElse(true);
            }).toList();
        }
        for (Path orphan : orphans) {
            Path data = orphan.resolve("data");
            if (Files.exists(data.resolve("postmaster.pid"))) {
                try {
                    Binaries bin = binaries();
                    bin.run(orphan, List.of(bin.tool("pg_ctl"), "-D", data.toString(), "-m", "immediate", "-w",
                            "-t", "10", "stop"));
                } catch (RuntimeException e) {
                    // not running any more, or not ours to signal: deleting its lock file makes it quit soon
                }
            }
            deleteTree(orphan);
        }
    }

    /**
     * @param durable fsync on: a private server's data is meant to outlive crashes (the dual-mode test, the
     *                script's local server, benchmarks); the shared one's throwaway schemas need no fsync
     */
    private static void writeSettings(Path dataDir, int port, boolean durable) throws IOException {
        String settings = String.join("\n",
                "# written by " + TestPostgres.class.getName(),
                "listen_addresses = '127.0.0.1'",
                "port = " + port,
                "unix_socket_directories = ''",
                "max_connections = 200",
                "fsync = " + (durable ? "on" : "off"),
                "timezone = 'UTC'",
                "");
        Path file = dataDir.resolve(SETTINGS_FILE);
        Files.writeString(file, settings, StandardCharsets.UTF_8);
        binaries().runAs.prepare(file);
    }

    private void pgCtlStart() {
        Binaries bin = binaries();
        bin.run(dataDir, List.of(bin.tool("pg_ctl"), "-D", dataDir.toString(), "-l", dataDir.resolve(LOG_FILE).toString(),
                "-w", "-t", Integer.toString(START_TIMEOUT_S), "start"), () -> logTail(dataDir));
    }

    private void pgCtlStop() {
        Binaries bin = binaries();
        bin.run(dataDir, List.of(bin.tool("pg_ctl"), "-D", dataDir.toString(), "-m", "fast", "-w",
                "-t", Integer.toString(START_TIMEOUT_S), "stop"), () -> logTail(dataDir));
    }

    private void shutdownQuietly() {
        try {
            shutdown();
        } catch (RuntimeException e) {
            System.err.println("TestPostgres: could not stop " + this + ": " + e.getMessage());
        }
    }

    private void requirePrivate() {
        if (dataDir == null || isShared) {
            throw new UnsupportedOperationException("only a startPrivate() server can be stopped and started");
        }
    }

    private static String logTail(Path dataDir) {
        try {
            List<String> lines = Files.readAllLines(dataDir.resolve(LOG_FILE), StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no server log: " + e.getMessage() + ")";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }

    private static int portOf(String url) {
        Matcher m = URL_PORT.matcher(url);
        return m.find() && m.group(1) != null ? Integer.parseInt(m.group(1)) : 5432;
    }

    private static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null ? fallback : value;
    }

    /** {@code java.io.tmpdir/raftkv-test-pg-<user>}, readable and traversable by all. */
    private static Path baseDir() throws IOException {
        String who = System.getProperty("user.name", "user").replaceAll("[^A-Za-z0-9_.-]", "_");
        Path base = Path.of(System.getProperty("java.io.tmpdir"), "raftkv-test-pg-" + who).toAbsolutePath();
        Files.createDirectories(base);
        Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxr-xr-x"));
        return base;
    }

    private static void deleteTree(Path root) {
        if (root == null || !Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            System.err.println("TestPostgres: could not delete " + root + ": " + e.getMessage());
        }
    }

    private static Binaries binaries() {
        synchronized (LOCK) {
            if (binaries == null) {
                try {
                    binaries = new Binaries(extractBinaries(baseDir()), RunAs.detect());
                    System.err.println("TestPostgres: binaries in " + binaries.home() + ", " + binaries.runAs());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return binaries;
        }
    }

    // --- binaries ---------------------------------------------------------------------------------------

    /** Extracts zonky's txz once per content into {@code base/pg-<sha>}; safe across concurrent JVMs. */
    private static Path extractBinaries(Path base) throws IOException {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String system = os.contains("mac") ? "Darwin" : os.contains("win") ? "Windows" : "Linux";
        String arch = System.getProperty("os.arch", "");
        arch = "amd64".equals(arch) ? "x86_64" : arch;
        byte[] archive;
        try (InputStream in = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(system, arch)) {
            archive = in.readAllBytes();
        }
        String digest;
        try {
            digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(archive)).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        Path target = base.resolve("pg-" + digest);
        if (Files.isExecutable(target.resolve("bin/pg_ctl"))) {
            return target;
        }
        Path tmp = Files.createTempDirectory(base, "pg-" + digest + ".tmp-");
        try {
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
            untar(archive, tmp);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
                // another JVM won the race (or a non-empty target): use what is there
            } catch (IOException e) {
                if (!Files.isExecutable(target.resolve("bin/pg_ctl"))) {
                    throw e;
                }
            }
        } finally {
            deleteTree(tmp);
        }
        if (!Files.isExecutable(target.resolve("bin/pg_ctl"))) {
            throw new IOException("PostgreSQL binaries missing in " + target);
        }
        return target;
    }

    @SuppressWarnings("deprecation") // getNextTarEntry(): present in every commons-compress zonky may bring
    private static void untar(byte[] archive, Path root) throws IOException {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new XZInputStream(new ByteArrayInputStream(archive)))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextTarEntry()) != null) {
                Path out = root.resolve(entry.getName()).normalize();
                if (!out.startsWith(root)) {
                    throw new IOException("bad archive entry " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(out);
                } else if (entry.isSymbolicLink()) {
                    Files.createDirectories(out.getParent());
                    Files.createSymbolicLink(out, Path.of(entry.getLinkName()));
                } else if (entry.isLink()) {
                    Files.createDirectories(out.getParent());
                    Files.createLink(out, root.resolve(entry.getLinkName()).normalize());
                } else if (entry.isFile()) {
                    Files.createDirectories(out.getParent());
                    Files.copy(tar, out, StandardCopyOption.REPLACE_EXISTING);
                    boolean exec = (entry.getMode() & 0111) != 0 || entry.getName().matches("(\\./)?bin/.*");
                    Files.setPosixFilePermissions(out, PosixFilePermissions.fromString(exec ? "rwxr-xr-x" : "rw-r--r--"));
                }
            }
        }
        try (Stream<Path> dirs = Files.walk(root)) {
            for (Path d : dirs.filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)).toList()) {
                Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
        }
    }

    private record Binaries(Path home, RunAs runAs) {
        String tool(String name) {
            return home.resolve("bin").resolve(name).toString();
        }

        void run(Path workDir, List<String> command) {
            run(workDir, command, () -> "");
        }

        /** Runs a PostgreSQL tool (as the unprivileged user if need be); throws with its output if it fails. */
        void run(Path workDir, List<String> command, java.util.function.Supplier<String> moreOnFailure) {
            List<String> full = new ArrayList<>(runAs.prefix());
            full.addAll(command);
            Path output = null;
            try {
                output = Files.createTempFile(baseDir(), "cmd-", ".out");
                ProcessBuilder pb = new ProcessBuilder(full).directory(workDir.toFile())
                        .redirectErrorStream(true).redirectOutput(output.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
                Map<String, String> env = pb.environment();
                env.keySet().removeIf(k -> k.startsWith("PG"));
                env.put("LC_ALL", "C");
                Process p = pb.start();
                if (!p.waitFor(START_TIMEOUT_S + 30, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new IllegalStateException("timed out: " + full);
                }
                if (p.exitValue() != 0) {
                    throw new IllegalStateException("failed (exit " + p.exitValue() + ", " + runAs + "): " + full + "\n"
                            + Files.readString(output, StandardCharsets.UTF_8) + "\n" + moreOnFailure.get());
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted: " + full, e);
            } finally {
                if (output != null) {
                    try {
                        Files.deleteIfExists(output);
                    } catch (IOException ignored) {
                        // best effort
                    }
                }
            }
        }
    }

    // --- running as non-root --------------------------------------------------------------------------

    /** How the PostgreSQL tools are run: a command prefix, and the uid/gid to own their files (-1: as is). */
    private record RunAs(String name, List<String> prefix, int uid, int gid) {

        static RunAs detect() {
            String forced = System.getProperty(RUN_AS_PROPERTY, "auto").strip().toLowerCase(Locale.ROOT);
            boolean root = "0".equals(output(List.of("id", "-u")));
            if (forced.equals("direct") || (forced.equals("auto") && !root)) {
                return new RunAs("direct", List.of(), -1, -1);
            }
            List<RunAs> candidates = new ArrayList<>();
            if (forced.equals("auto") || forced.equals("unshare")) {
                candidates.add(new RunAs("unshare", List.of("unshare", "-U"), -1, -1));
            }
            int uid = parseInt(output(List.of("id", "-u", "nobody")), 65534);
            int gid = parseInt(output(List.of("id", "-g", "nobody")), 65534);
            if (forced.equals("auto") || forced.equals("setpriv")) {
                candidates.add(new RunAs("setpriv", List.of("setpriv", "--reuid=" + uid, "--regid=" + gid,
                        "--clear-groups", "--"), uid, gid));
            }
            if (forced.equals("auto") || forced.equals("runuser")) {
                candidates.add(new RunAs("runuser", List.of("runuser", "-u", "nobody", "--"), uid, gid));
            }
            StringBuilder tried = new StringBuilder();
            for (RunAs candidate : candidates) {
                List<String> probe = new ArrayList<>(candidate.prefix);
                probe.addAll(List.of("id", "-u"));
                String id = output(probe);
                if (id != null && !id.equals("0")) {
                    return candidate;
                }
                tried.append(' ').append(candidate.name);
            }
            throw new IllegalStateException("running as root, and PostgreSQL will not run as root; could not drop "
                    + "privileges (tried:" + tried + "). Install util-linux (setpriv/runuser/unshare), run as a "
                    + "normal user, or set " + URL_ENV + " to an existing server.");
        }

        /** Gives {@code path} (and, if a directory, what is in it) to the unprivileged user if need be. */
        void prepare(Path path) throws IOException {
            if (uid < 0) {
                return;
            }
            ensureTraversable(path.getParent());
            try (Stream<Path> all = Files.walk(path)) {
                for (Path p : all.toList()) {
                    Files.setAttribute(p, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
                    Files.setAttribute(p, "unix:gid", gid, LinkOption.NOFOLLOW_LINKS);
                }
            }
            if (Files.isDirectory(path)) {
                Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwx------"));
            }
        }

        /**
         * The unprivileged user must be able to reach the data directory: ancestors inside java.io.tmpdir
         * (e.g. a JUnit {@code @TempDir}, 0700) get o+x (traverse only, no listing).
         */
        private void ensureTraversable(Path dir) throws IOException {
            Path tmp = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath().normalize();
            for (Path d = dir.toAbsolutePath().normalize(); d != null; d = d.getParent()) {
                Set<PosixFilePermission> perms = Files.getPosixFilePermissions(d);
                int owner = (Integer) Files.getAttribute(d, "unix:uid");
                if (owner == uid || perms.contains(PosixFilePermission.OTHERS_EXECUTE)) {
                    continue;
                }
                if (d.startsWith(tmp) && !d.equals(tmp)) {
                    perms.add(PosixFilePermission.OTHERS_EXECUTE);
                    Files.setPosixFilePermissions(d, perms);
                } else {
                    throw new IOException(d + " is not traversable by uid " + uid + ", which PostgreSQL runs as ("
                            + name + "); use a data directory under java.io.tmpdir");
                }
            }
        }

        private static int parseInt(String s, int fallback) {
            try {
                return s == null ? fallback : Integer.parseInt(s);
            } catch (NumberFormatException e) {
                return fallback;
            }
        }

        /** First line of a command's stdout if it exits 0 within 10 s, else null. */
        private static String output(List<String> command) {
            try {
                Process p = new ProcessBuilder(command).redirectErrorStream(true)
                        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
                byte[] out = p.getInputStream().readAllBytes();
                if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                    p.destroyForcibly();
                    return null;
                }
                String s = new String(out, StandardCharsets.UTF_8).strip();
                int nl = s.indexOf('\n');
                return nl < 0 ? s : s.substring(0, nl).strip();
            } catch (IOException e) {
                return null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }

        @Override
        public String toString() {
            return "run as: " + name;
        }
    }
}
