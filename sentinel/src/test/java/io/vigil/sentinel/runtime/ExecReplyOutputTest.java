package io.vigil.sentinel.runtime;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.ArrayOutput;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.vigil.node.NodeFeatures;
import io.vigil.node.VigilNode;
import io.vigil.node.server.ServerSettings;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The reconfiguration transaction against a node started without a config file: CONFIG REWRITE fails
 * inside EXEC, SLAVEOF's +OK must still be read (lettuce's plain ArrayOutput fails the whole reply),
 * and lettuce must not treat the raw MULTI/EXEC as its own transaction (it would route EXEC's elements
 * to the queued commands' outputs and fail on CLIENT KILL's integer).
 */
class ExecReplyOutputTest {
    private static CommandArgs<String, String> args(String... a) {
        CommandArgs<String, String> args = new CommandArgs<>(StringCodec.UTF8);
        for (String s : a) {
            args.add(s);
        }
        return args;
    }

    private static List<Object> reconfigure(StatefulRedisConnection<String, String> c,
                                            io.lettuce.core.output.CommandOutput<String, String, List<Object>> execOutput)
            throws Exception {
        var a = c.async();
        a.dispatch(new RawKeyword("MULTI"), new StatusOutput<>(StringCodec.UTF8), args());
        a.dispatch(new RawKeyword("SLAVEOF"), new StatusOutput<>(StringCodec.UTF8), args("NO", "ONE"));
        a.dispatch(new RawKeyword("CONFIG"), new StatusOutput<>(StringCodec.UTF8), args("REWRITE"));
        a.dispatch(new RawKeyword("CLIENT"), new StatusOutput<>(StringCodec.UTF8), args("KILL", "TYPE", "normal"));
        a.dispatch(new RawKeyword("CLIENT"), new StatusOutput<>(StringCodec.UTF8), args("KILL", "TYPE", "pubsub"));
        return a.dispatch(new RawKeyword("EXEC"), execOutput, args()).get(10, TimeUnit.SECONDS);
    }

    @Test
    void slaveofOkIsReadWhenConfigRewriteFailsInsideExec() throws Exception {
        VigilNode node = VigilNode.create(new ServerSettings(List.of("127.0.0.1"), 0, 511, 0), 16, 10,
                NodeFeatures.standard()).start();
        RedisClient client = RedisClient.create("redis://127.0.0.1:" + node.port());
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            List<Object> reply = reconfigure(c, new ExecReplyOutput());
            assertEquals("OK", reply.get(0));
            assertEquals("ERR The server is running without a config file", reply.get(1));
            assertEquals(4, reply.size());
            // Why the output exists: the plain ArrayOutput turns the inner error into a failed reply.
            ExecutionException plain = assertThrows(ExecutionException.class,
                    () -> reconfigure(c, new ArrayOutput<>(StringCodec.UTF8)));
            assertInstanceOf(RedisCommandExecutionException.class, plain.getCause());
        } finally {
            client.shutdown();
            node.close();
        }
    }
}
