package io.raftkv.server;

import io.raftkv.server.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

import java.util.Locale;

/**
 * Starts one node: {@code java -jar kv-server.jar --config FILE --node ID [--data-dir DIR]}. Arguments and
 * the validated configuration, then logging, then the node; SIGTERM (or Ctrl-C) stops it gracefully. A bad
 * argument or configuration is one line on standard error and exit code 2, before anything is opened; a
 * node that fails to start (a port in use, a data dir another process holds) logs why and exits with 1.
 */
public final class Main {
    static final int EXIT_USAGE = 2;
    static final int EXIT_START_FAILED = 1;

    private Main() {
    }

    public static void main(String[] args) {
        if (Launch.wantsHelp(args)) {
            System.out.print(Launch.USAGE);
            return;
        }
        Launch launch;
        try {
            launch = Launch.from(args, System.getenv());
        } catch (IllegalArgumentException | ConfigException e) {
            System.err.println("kv-server: " + e.getMessage());
            System.exit(EXIT_USAGE);
            return;
        }
        Logger log = startLogging(launch);
        NodeServer server;
        try {
            server = NodeServer.start(launch.config(), launch.nodeId(), launch.dataDir(), launch.join());
        } catch (RuntimeException e) {
            log.error("Node {} could not start", launch.nodeId(), e);
            System.exit(EXIT_START_FAILED);
            return;
        }
        // Runs on SIGTERM and SIGINT; a leader hands off before the node stops.
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "kv-server-shutdown"));
    }

    /**
     * Names the node and picks the format for logback.xml (it reads these two properties), and routes
     * java.util.logging, which Helidon and JE use, through SLF4J. Runs before the first logger exists.
     */
    private static Logger startLogging(Launch launch) {
        System.setProperty("kv.node.id", launch.nodeId());
        System.setProperty("kv.log.format", launch.config().logFormat().name().toLowerCase(Locale.ROOT));
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        return LoggerFactory.getLogger(Main.class);
    }
}
