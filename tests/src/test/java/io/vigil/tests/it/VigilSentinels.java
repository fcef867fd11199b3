package io.vigil.tests.it;

import io.vigil.node.server.LogLevel;
import io.vigil.sentinel.runtime.SentinelConfigLoader;
import io.vigil.sentinel.runtime.SentinelDaemon;
import io.vigil.sentinel.runtime.SentinelLog;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** vigil-sentinels embedded in the test JVM, each with its own sentinel.conf and log file. */
final class VigilSentinels implements AutoCloseable {
    private final Path dir;
    private final List<SentinelDaemon> daemons = new ArrayList<>();

    VigilSentinels(Path dir) {
        this.dir = dir;
    }

    SentinelDaemon start(int port, String confBody) throws Exception {
        Path conf = dir.resolve("vigil-sentinel-" + port + ".conf");
        if (!Files.exists(conf)) {
            Files.writeString(conf, "port " + port + "\nbind 127.0.0.1\n" + confBody);
        }
        var settings = SentinelConfigLoader.load(conf, List.of());
        SentinelDaemon d = SentinelDaemon.start(settings,
                SentinelLog.file(dir.resolve("vigil-sentinel-" + port + ".log"), LogLevel.VERBOSE));
        // SIMULATE-FAILURE: the embedded sentinel stops (off its own event loop), like a process exiting.
        d.onCrash(() -> new Thread(d::close, "vigil-sentinel-crash").start());
        daemons.add(d);
        return d;
    }

    Path log(int port) {
        return dir.resolve("vigil-sentinel-" + port + ".log");
    }

    @Override
    public void close() {
        for (SentinelDaemon d : daemons) {
            d.close();
        }
    }
}
