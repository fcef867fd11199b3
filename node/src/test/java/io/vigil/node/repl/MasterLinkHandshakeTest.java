package io.vigil.node.repl;

import io.vigil.node.VigilNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The replica's handshake round trips, seen from a scripted master socket: each one is a wake-up
 * of both processes, and a partial resync after a dropped link is mostly this handshake.
 */
class MasterLinkHandshakeTest {
    private final ReplNodes nodes = new ReplNodes();

    @AfterEach
    void tearDown() {
        nodes.close();
    }

    @Test
    void authAndReplconfsLeaveWithThePingBeforeAnyReply() throws Exception {
        try (ServerSocket master = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            VigilNode replica = nodes.start(r -> r.settings().masterAuth("secret"));
            try (RespClient client = new RespClient(replica.port())) {
                client.str("REPLICAOF", "127.0.0.1", Integer.toString(master.getLocalPort()));
            }
            master.setSoTimeout(20_000);
            try (Socket link = master.accept()) {
                // Nothing is answered yet: all four must arrive anyway. The timeout only bounds a
                // failing run (a replica that waits for +PONG sends nothing more).
                link.setSoTimeout(10_000);
                FakeMaster.RespReader in = new FakeMaster.RespReader(link.getInputStream());
                List<String> received = new ArrayList<>();
                try {
                    for (int i = 0; i < 4; i++) {
                        received.add(String.join(" ", in.command()));
                    }
                } catch (SocketTimeoutException e) {
                    fail("the replica waited for a reply after " + received);
                }
                assertEquals(List.of("PING", "AUTH secret", "REPLCONF listening-port " + replica.port(),
                        "REPLCONF capa eof capa psync2"), received);

                // PSYNC waits for the replies (a master refuses it while replies are pending).
                OutputStream out = link.getOutputStream();
                out.write("+PONG\r\n+OK\r\n+OK\r\n+OK\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                String[] psync = in.command();
                assertEquals("PSYNC", psync[0]);
            }
        }
    }

    @Test
    void pingErrorStillAbortsTheHandshake() throws Exception {
        try (ServerSocket master = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            VigilNode replica = nodes.start();
            try (RespClient client = new RespClient(replica.port())) {
                client.str("REPLICAOF", "127.0.0.1", Integer.toString(master.getLocalPort()));
            }
            master.setSoTimeout(20_000);
            try (Socket link = master.accept()) {
                link.setSoTimeout(10_000);
                FakeMaster.RespReader in = new FakeMaster.RespReader(link.getInputStream());
                for (int i = 0; i < 3; i++) {
                    in.command();
                }
                OutputStream out = link.getOutputStream();
                out.write("-ERR not now\r\n+OK\r\n+OK\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                // The replica closes the link instead of going on to PSYNC.
                assertEquals(null, in.command());
            }
        }
    }
}
