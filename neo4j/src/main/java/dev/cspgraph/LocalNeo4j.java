package dev.cspgraph;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.BoltConnectorInternalSettings;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;

/**
 * Runs Neo4j Community in this JVM with only a Bolt connector on 127.0.0.1, for csp-graph's local
 * default and its tests. The TypeScript wrapper (src/db/local-neo4j.ts) starts it and reads its
 * output; the lines it prints on stdout are its protocol:
 *
 * <ul>
 *   <li>{@code NEO4J_READY bolt://127.0.0.1:PORT} once Bolt accepts connections;
 *   <li>{@code NEO4J_ALREADY_RUNNING bolt://127.0.0.1:PORT} (exit code 3) when another launcher
 *       holds the same data folder: the caller reuses that one instead of failing on a store lock.
 * </ul>
 *
 * <p>Arguments: {@code --dir PATH --port N --pagecache-mb N [--tx-timeout-s N] [--watch-stdin]
 * [--plugins DIR]}. With {@code --watch-stdin} the database also stops when stdin closes, so a
 * parent that dies without a chance to send SIGTERM (a killed test runner) does not leave it
 * behind. With {@code --plugins DIR} Neo4j loads the procedure jars in DIR (the benchmarks put
 * APOC core there for the Neo4j GraphQL Library) and lets {@code apoc.*} run unrestricted.
 */
public final class LocalNeo4j {
  static final int EXIT_ALREADY_RUNNING = 3;
  static final int EXIT_USAGE = 2;
  private static final String URI_FILE = "bolt.uri";
  private static final String LOCK_FILE = "launcher.lock";

  private LocalNeo4j() {}

  public static void main(String[] args) throws Exception {
    Options options = Options.parse(args);
    Path dir = options.dir.toAbsolutePath();
    Files.createDirectories(dir);

    // Our own lock, taken before Neo4j's: a second launcher learns who runs here and says so,
    // rather than failing deep inside the store with a lock exception.
    FileChannel lockChannel =
        FileChannel.open(dir.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileLock lock = tryLock(lockChannel);
    if (lock == null) {
      String uri = readRunningUri(dir);
      System.out.println("NEO4J_ALREADY_RUNNING " + uri);
      System.err.println(
          "A local Neo4j is already running on " + dir + " (" + uri + "); reuse it or stop it first.");
      System.exit(EXIT_ALREADY_RUNNING);
      return;
    }

    String uri = "bolt://127.0.0.1:" + options.port;
    DatabaseManagementServiceBuilder builder = new DatabaseManagementServiceBuilder(dir);
    if (options.plugins != null) {
      builder
          .setConfig(GraphDatabaseSettings.plugin_dir, options.plugins.toAbsolutePath())
          .setConfig(GraphDatabaseSettings.procedure_unrestricted, List.of("apoc.*"));
    }
    DatabaseManagementService dbms =
        builder
            .setConfig(BoltConnector.enabled, true)
            .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", options.port))
            .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
            .setConfig(HttpConnector.enabled, false)
            .setConfig(HttpsConnector.enabled, false)
            // Loopback only, so no credentials; the listen address above is the guard.
            .setConfig(GraphDatabaseSettings.auth_enabled, false)
            .setConfig(GraphDatabaseSettings.pagecache_memory, options.pagecacheMb * 1024L * 1024L)
            .setConfig(GraphDatabaseSettings.preallocate_logical_logs, false)
            .setConfig(GraphDatabaseSettings.udc_enabled, false)
            .setConfig(GraphDatabaseSettings.transaction_timeout, Duration.ofSeconds(options.txTimeoutS))
            // A stop should not wait out idle client connections (10 s by default each).
            .setConfig(GraphDatabaseSettings.shutdown_transaction_end_timeout, Duration.ofSeconds(2))
            .setConfig(BoltConnectorInternalSettings.connection_shutdown_wait_time, Duration.ofSeconds(1))
            .setConfig(BoltConnectorInternalSettings.thread_pool_shutdown_wait_time, Duration.ofSeconds(1))
            .build();

    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    dbms.shutdown();
                    Files.deleteIfExists(dir.resolve(URI_FILE));
                    lock.release();
                  } catch (Exception e) {
                    System.err.println("Error while stopping Neo4j: " + e);
                  } finally {
                    System.out.println("NEO4J_STOPPED");
                    stopped.countDown();
                  }
                },
                "local-neo4j-shutdown"));

    Files.writeString(dir.resolve(URI_FILE), uri, StandardCharsets.UTF_8);
    System.out.println("NEO4J_READY " + uri);
    System.out.flush();

    if (options.watchStdin) {
      Thread watcher = new Thread(LocalNeo4j::exitWhenStdinCloses, "local-neo4j-stdin-watch");
      watcher.setDaemon(true);
      watcher.start();
    }
    stopped.await();
  }

  private static void exitWhenStdinCloses() {
    try (InputStream in = System.in) {
      byte[] buffer = new byte[256];
      while (in.read(buffer) >= 0) {
        // Nothing is read from the parent; EOF is the only signal.
      }
    } catch (IOException ignored) {
      // A broken pipe means the parent is gone too.
    }
    System.exit(0);
  }

  private static FileLock tryLock(FileChannel channel) throws IOException {
    try {
      return channel.tryLock();
    } catch (OverlappingFileLockException e) {
      return null;
    }
  }

  private static String readRunningUri(Path dir) {
    // The running launcher writes its URI right after the store opens; give it a moment.
    Path file = dir.resolve(URI_FILE);
    for (int attempt = 0; attempt < 600; attempt++) {
      try {
        if (Files.exists(file)) {
          return Files.readString(file, StandardCharsets.UTF_8).trim();
        }
        Thread.sleep(100);
      } catch (IOException | InterruptedException e) {
        break;
      }
    }
    return "unknown";
  }

  private static final class Options {
    Path dir;
    int port = 7687;
    long pagecacheMb = 512;
    long txTimeoutS = 60;
    boolean watchStdin;
    Path plugins;

    static Options parse(String[] args) {
      Options o = new Options();
      for (int i = 0; i < args.length; i++) {
        String flag = args[i];
        switch (flag) {
          case "--dir" -> o.dir = Path.of(value(args, ++i, flag));
          case "--port" -> o.port = Integer.parseInt(value(args, ++i, flag));
          case "--pagecache-mb" -> o.pagecacheMb = Long.parseLong(value(args, ++i, flag));
          case "--tx-timeout-s" -> o.txTimeoutS = Long.parseLong(value(args, ++i, flag));
          case "--watch-stdin" -> o.watchStdin = true;
          case "--plugins" -> o.plugins = Path.of(value(args, ++i, flag));
          default -> usage("unknown argument " + flag);
        }
      }
      if (o.dir == null) {
        usage("--dir is required");
      }
      return o;
    }

    private static String value(String[] args, int i, String flag) {
      if (i >= args.length) {
        usage(flag + " needs a value");
      }
      return args[i];
    }

    private static void usage(String problem) {
      System.err.println(
          "LocalNeo4j: "
              + problem
              + "\nusage: --dir PATH [--port N] [--pagecache-mb N] [--tx-timeout-s N] [--watch-stdin]"
              + " [--plugins DIR]");
      System.exit(EXIT_USAGE);
    }
  }
}
