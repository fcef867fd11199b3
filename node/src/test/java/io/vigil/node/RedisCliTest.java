package io.vigil.node;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The real redis-cli against a node (skipped when redis-cli is absent, required in CI). */
class RedisCliTest {
    private static VigilNode node;
    private static VigilNode protectedNode;

    @BeforeAll
    static void start() {
        node = TestNodes.start();
        protectedNode = TestNodes.start("requirepass s3cret");
    }

    @AfterAll
    static void stop() {
        node.close();
        protectedNode.close();
    }

    /** Runs redis-cli; returns stdout, with stderr appended after a marker line when not empty. */
    private static String cli(int port, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(TestNodes.tool("redis-cli"), "-h", "127.0.0.1", "-p",
                Integer.toString(port)));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        assertTrue(process.waitFor(20, TimeUnit.SECONDS), "redis-cli did not finish");
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        return err.isEmpty() ? out : out + "--stderr--\n" + err;
    }

    @Test
    void pingAndInfo() throws Exception {
        assertEquals("PONG\n", cli(node.port(), "ping"));
        String info = cli(node.port(), "info", "server");
        assertTrue(info.startsWith("# Server\r\nredis_version:7.0.15\r\n"), info);
        assertTrue(info.contains("tcp_port:" + node.port()), info);
    }

    @Test
    void passwordOnTheCommandLine() throws Exception {
        assertEquals("PONG\n", cli(protectedNode.port(), "--no-auth-warning", "-a", "s3cret", "ping"));
        String refused = cli(protectedNode.port(), "ping");
        assertTrue(refused.contains("NOAUTH Authentication required."), refused);
    }

    @Test
    void resp3AndStructuredReplies() throws Exception {
        String hello = cli(node.port(), "-3", "hello");
        assertTrue(hello.startsWith("server redis\nversion 7.0.15\nproto 3\n"), hello);
        String config = cli(node.port(), "config", "get", "maxclients");
        assertEquals("maxclients\n10000\n", config);
        String list = cli(node.port(), "client", "list");
        assertTrue(list.contains("cmd=client|list"), list);
    }

    @Test
    void errorsAreShownAsRedisShowsThem() throws Exception {
        assertEquals("ERR unknown command 'nosuch', with args beginning with: \n\n", cli(node.port(), "nosuch"));
    }
}
