package io.vigil.node.repl;

import io.vigil.node.NodeFeature;
import io.vigil.node.VigilNode;
import io.vigil.node.server.CommandFlag;
import io.vigil.node.server.CommandSpec;
import io.vigil.node.server.CommandTable;

import java.nio.charset.StandardCharsets;

/**
 * The few string commands the replication tests need, registered only when the node has no SET
 * of its own yet (the data engineer's commands replace them).
 */
final class TestStrings implements NodeFeature {
    private final VigilNode node;

    TestStrings(VigilNode node) {
        this.node = node;
    }

    @Override
    public void register(CommandTable table) {
        if (table.lookup("set") == null) {
            table.register(CommandSpec.builder("set", 3).flags(CommandFlag.WRITE, CommandFlag.DENYOOM)
                    .keys(1, 1, 1).categories("write", "string").handler(call -> {
                        node.db(call.session()).put(call.arg(1), call.arg(2));
                        call.dirty(1);
                        call.reply().ok();
                    }));
        }
        if (table.lookup("get") == null) {
            table.register(CommandSpec.builder("get", 2).flags(CommandFlag.READONLY, CommandFlag.FAST)
                    .keys(1, 1, 1).categories("read", "string").handler(call -> {
                        Object v = node.db(call.session()).get(call.arg(1), call.nowMillis());
                        if (v == null) {
                            call.reply().nullBulk();
                        } else {
                            call.reply().bulk((byte[]) v);
                        }
                    }));
        }
        if (table.lookup("del") == null) {
            table.register(CommandSpec.builder("del", -2).flags(CommandFlag.WRITE)
                    .keys(1, -1, 1).categories("write", "keyspace").handler(call -> {
                        long n = 0;
                        for (int i = 1; i < call.argc(); i++) {
                            if (node.db(call.session()).remove(call.arg(i))) {
                                n++;
                            }
                        }
                        call.dirty(n);
                        call.reply().integer(n);
                    }));
        }
        if (table.lookup("dbsize") == null) {
            table.register(CommandSpec.builder("dbsize", 1).flags(CommandFlag.READONLY, CommandFlag.FAST)
                    .categories("read", "keyspace").handler(call -> call.reply().integer(node.db(call.session()).size())));
        }
        if (table.lookup("incr") == null) {
            table.register(CommandSpec.builder("incr", 2).flags(CommandFlag.WRITE, CommandFlag.DENYOOM, CommandFlag.FAST)
                    .keys(1, 1, 1).categories("write", "string").handler(call -> {
                        Object v = node.db(call.session()).get(call.arg(1), call.nowMillis());
                        long n = v == null ? 0 : Long.parseLong(new String((byte[]) v, StandardCharsets.US_ASCII));
                        n++;
                        node.db(call.session()).replace(call.arg(1), Long.toString(n).getBytes(StandardCharsets.US_ASCII));
                        call.dirty(1);
                        call.reply().integer(n);
                    }));
        }
    }
}
