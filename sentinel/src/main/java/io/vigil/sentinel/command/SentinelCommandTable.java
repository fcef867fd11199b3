package io.vigil.sentinel.command;

import io.vigil.node.resp.RespWriter;
import io.vigil.node.server.ClientKind;
import io.vigil.node.server.ClientSession;
import io.vigil.node.server.CommandCall;
import io.vigil.node.server.CommandError;
import io.vigil.node.server.CommandFlag;
import io.vigil.node.server.CommandSpec;
import io.vigil.node.server.CommandTable;
import io.vigil.sentinel.core.Outbound;
import io.vigil.sentinel.runtime.SentinelDaemon;

import java.util.ArrayList;
import java.util.List;

/**
 * The commands a sentinel answers (Redis 7.0 sentinel mode): ACL, AUTH, CLIENT, COMMAND, HELLO,
 * INFO, PING, PSUBSCRIBE, PUBLISH, PUNSUBSCRIBE, ROLE, SENTINEL, SHUTDOWN, SUBSCRIBE, UNSUBSCRIBE.
 */
public final class SentinelCommandTable {
    static final String REDIS_VERSION = "7.0.15";

    private final SentinelDaemon d;

    private SentinelCommandTable(SentinelDaemon d) {
        this.d = d;
    }

    public static void register(CommandTable table, SentinelDaemon daemon) {
        SentinelCommandTable t = new SentinelCommandTable(daemon);
        table.register(CommandSpec.builder("ping", -1).flags(CommandFlag.FAST, CommandFlag.SENTINEL)
                .categories("fast", "connection").handler(t::ping));
        table.register(CommandSpec.builder("info", -1).flags(CommandFlag.LOADING, CommandFlag.STALE, CommandFlag.SENTINEL)
                .categories("slow", "dangerous").handler(c -> new SentinelInfo(daemon).reply(c)));
        table.register(CommandSpec.builder("role", 1).flags(CommandFlag.NOSCRIPT, CommandFlag.LOADING, CommandFlag.STALE,
                CommandFlag.FAST, CommandFlag.SENTINEL).categories("admin", "fast", "dangerous").handler(t::role));
        table.register(CommandSpec.builder("hello", -1).flags(CommandFlag.NOSCRIPT, CommandFlag.LOADING, CommandFlag.STALE,
                CommandFlag.FAST, CommandFlag.NO_AUTH, CommandFlag.SENTINEL).categories("fast", "connection")
                .handler(t::hello));
        table.register(CommandSpec.builder("auth", -2).flags(CommandFlag.NOSCRIPT, CommandFlag.LOADING, CommandFlag.STALE,
                CommandFlag.FAST, CommandFlag.NO_AUTH, CommandFlag.SENTINEL).categories("fast", "connection")
                .handler(t::auth));
        table.register(CommandSpec.builder("shutdown", -1).flags(CommandFlag.ADMIN, CommandFlag.NOSCRIPT,
                CommandFlag.LOADING, CommandFlag.STALE, CommandFlag.SENTINEL).categories("admin", "slow", "dangerous")
                .handler(c -> {
                    // Redis never replies to SHUTDOWN: the connection just closes.
                    c.session().closeAfterReply();
                    daemon.shutdown();
                }));
        table.register(CommandSpec.builder("subscribe", -2).flags(CommandFlag.PUBSUB, CommandFlag.NOSCRIPT,
                CommandFlag.LOADING, CommandFlag.STALE, CommandFlag.SENTINEL).categories("pubsub", "slow").handler(t::subscribe));
        table.register(CommandSpec.builder("psubscribe", -2).flags(CommandFlag.PUBSUB, CommandFlag.NOSCRIPT,
                CommandFlag.LOADING, CommandFlag.STALE, CommandFlag.SENTINEL).categories("pubsub", "slow").handler(t::psubscribe));
        table.register(CommandSpec.builder("unsubscribe", -1).flags(CommandFlag.PUBSUB, CommandFlag.NOSCRIPT,
                CommandFlag.LOADING, CommandFlag.STALE, CommandFlag.SENTINEL).categories("pubsub", "slow")
                .handler(c -> daemon.server().pubSub().unsubscribe(c.session(), args(c, 1), true)));
        table.register(CommandSpec.builder("punsubscribe", -1).flags(CommandFlag.PUBSUB, CommandFlag.NOSCRIPT,
                CommandFlag.LOADING, CommandFlag.STALE, CommandFlag.SENTINEL).categories("pubsub", "slow")
                .handler(c -> daemon.server().pubSub().punsubscribe(c.session(), args(c, 1), true)));
        table.register(CommandSpec.builder("publish", 3).flags(CommandFlag.PUBSUB, CommandFlag.LOADING, CommandFlag.STALE,
                CommandFlag.FAST, CommandFlag.SENTINEL).categories("pubsub", "fast").handler(t::publish));
        table.register(new SentinelCommand(daemon).spec());
        table.register(ClientCommand.spec(daemon));
        table.register(CommandCommand.spec(table));
        table.register(AclCommand.spec());
    }

    static List<byte[]> args(CommandCall c, int from) {
        List<byte[]> out = new ArrayList<>();
        for (int i = from; i < c.argc(); i++) {
            out.add(c.arg(i));
        }
        return out;
    }

    private void ping(CommandCall c) {
        if (c.argc() > 2) {
            throw new CommandError("ERR wrong number of arguments for 'ping' command");
        }
        if (d.server().pubSub().subscriptions(c.session()) > 0 && !c.reply().resp3()) {
            c.reply().array(2).bulk("pong").bulk(c.argc() == 2 ? c.arg(1) : new byte[0]);
        } else if (c.argc() == 2) {
            c.reply().bulk(c.arg(1));
        } else {
            c.reply().simple("PONG");
        }
    }

    private void role(CommandCall c) {
        List<String> names = d.brain().masterNames();
        c.reply().array(2).bulk("sentinel").bulkStrings(names);
    }

    private void subscribe(CommandCall c) {
        for (int i = 1; i < c.argc(); i++) {
            d.server().pubSub().subscribe(c.session(), c.arg(i));
        }
    }

    private void psubscribe(CommandCall c) {
        for (int i = 1; i < c.argc(); i++) {
            d.server().pubSub().psubscribe(c.session(), c.arg(i));
        }
    }

    private void publish(CommandCall c) {
        if (!c.text(1).equals(Outbound.HELLO_CHANNEL)) {
            throw new CommandError("ERR Only HELLO messages are accepted by Sentinel instances.");
        }
        d.helloFromPeer(new String(c.arg(2), java.nio.charset.StandardCharsets.UTF_8));
        c.reply().integer(1);
    }

    private void auth(CommandCall c) {
        if (c.argc() > 3) {
            throw new CommandError(CommandError.SYNTAX);
        }
        String user = c.argc() == 3 ? c.text(1) : "default";
        String pass = c.text(c.argc() - 1);
        String required = d.settings().requirepass();
        if (required == null && c.argc() == 2) {
            throw new CommandError("ERR AUTH <password> called without any password configured for the default user. "
                    + "Are you sure your configuration is correct?");
        }
        if (!checkPassword(user, pass)) {
            throw new CommandError("WRONGPASS invalid username-password pair or user is disabled.");
        }
        c.session().authenticate(user);
        c.reply().ok();
    }

    private boolean checkPassword(String user, String pass) {
        String required = d.settings().requirepass();
        if (!user.equals("default")) {
            return false;
        }
        return required == null || required.equals(pass);
    }

    private void hello(CommandCall c) {
        int proto = c.session().protocol();
        int j = 1;
        if (c.argc() >= 2) {
            Long v = SentinelCommand.parseLong(c.text(1));
            if (v == null) {
                throw new CommandError("ERR Protocol version is not an integer or out of range");
            }
            if (v < 2 || v > 3) {
                throw new CommandError("NOPROTO unsupported protocol version");
            }
            proto = v.intValue();
            j = 2;
        }
        String name = null;
        for (; j < c.argc(); j++) {
            int more = c.argc() - j - 1;
            if (c.is(j, "auth") && more >= 2) {
                String user = c.text(j + 1);
                String pass = c.text(j + 2);
                if (!checkPassword(user, pass)) {
                    throw new CommandError("WRONGPASS invalid username-password pair or user is disabled.");
                }
                c.session().authenticate(user);
                j += 2;
            } else if (c.is(j, "setname") && more >= 1) {
                name = c.text(j + 1);
                j++;
            } else {
                throw new CommandError("ERR Syntax error in HELLO option '" + c.text(j) + "'");
            }
        }
        if (d.settings().requirepass() != null && !c.session().authenticated()) {
            throw new CommandError("NOAUTH HELLO must be called with the client already authenticated, otherwise the "
                    + "HELLO <proto> AUTH <user> <pass> option can be used to authenticate the client and select the "
                    + "RESP protocol version at the same time");
        }
        if (name != null) {
            c.session().name(name);
        }
        RespWriter out = c.reply();
        out.protocol(proto);
        out.map(6);
        out.bulk("server").bulk("redis");
        out.bulk("version").bulk(REDIS_VERSION);
        out.bulk("proto").integer(proto);
        out.bulk("id").integer(c.session().id());
        out.bulk("mode").bulk("sentinel");
        out.bulk("modules").array(0);
    }

    /** CLIENT LIST / CLIENT INFO line (the fields clients and tests read). */
    static String clientLine(SentinelDaemon d, ClientSession s, long nowMillis) {
        int sub = d.server().pubSub().channelCount(s);
        int psub = d.server().pubSub().patternCount(s);
        String flags = s.kind() == ClientKind.PUBSUB ? "P" : "N";
        return "id=" + s.id() + " addr=" + s.addr() + " laddr=" + s.laddr() + " fd=8 name=" + s.name()
                + " age=" + (nowMillis - s.createdAtMillis()) / 1000 + " idle=" + (nowMillis - s.lastInteractionMillis()) / 1000
                + " flags=" + flags + " db=0 sub=" + sub + " psub=" + psub + " ssub=0 multi=-1 qbuf=0 qbuf-free=0"
                + " argv-mem=0 multi-mem=0 rbs=1024 rbp=0 obl=0 oll=0 omem=0 tot-mem=0 events=r cmd="
                + s.lastCommand() + " user=" + s.user() + " redir=-1 resp=" + s.protocol();
    }
}
