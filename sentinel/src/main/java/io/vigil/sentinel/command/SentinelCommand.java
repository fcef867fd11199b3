package io.vigil.sentinel.command;

import io.vigil.node.resp.RespWriter;
import io.vigil.node.server.CommandCall;
import io.vigil.node.server.CommandError;
import io.vigil.node.server.CommandFlag;
import io.vigil.node.server.CommandSpec;
import io.vigil.node.server.LogLevel;
import io.vigil.sentinel.core.Address;
import io.vigil.sentinel.core.CkQuorum;
import io.vigil.sentinel.core.CommandResult;
import io.vigil.sentinel.core.EventLevel;
import io.vigil.sentinel.core.InfoCacheEntry;
import io.vigil.sentinel.core.InstanceView;
import io.vigil.sentinel.core.MasterConfig;
import io.vigil.sentinel.core.SentinelEvent;
import io.vigil.sentinel.core.VoteAnswer;
import io.vigil.sentinel.runtime.HostResolver;
import io.vigil.sentinel.runtime.MasterOptions;
import io.vigil.sentinel.runtime.SentinelDaemon;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** SENTINEL and its subcommands (spec 2.2), answered from the brain's read models. */
final class SentinelCommand {
    static final String NO_SUCH_MASTER = "ERR No such master with that name";
    static final String SAVE_FAILED = "ERR Failed to save config file. Check server logs.";
    private static final List<String> CONFIG_OPTIONS = List.of("resolve-hostnames", "announce-hostnames",
            "announce-ip", "announce-port", "sentinel-user", "sentinel-pass");

    private final SentinelDaemon d;

    SentinelCommand(SentinelDaemon d) {
        this.d = d;
    }

    CommandSpec.Builder spec() {
        CommandSpec.Builder b = CommandSpec.builder("sentinel", -2).flags(CommandFlag.ADMIN, CommandFlag.SENTINEL,
                CommandFlag.ONLY_SENTINEL).categories("admin", "slow", "dangerous");
        sub(b, "ckquorum", 3, this::ckquorum);
        sub(b, "config", -4, this::config);
        sub(b, "debug", -2, this::debug);
        sub(b, "failover", -3, this::failover);
        sub(b, "flushconfig", 2, this::flushconfig);
        sub(b, "get-master-addr-by-name", 3, this::getMasterAddr);
        sub(b, "get-primary-addr-by-name", 3, this::getMasterAddr);
        sub(b, "help", 2, this::help);
        sub(b, "info-cache", -3, this::infoCache);
        sub(b, "is-master-down-by-addr", 6, this::isMasterDown);
        sub(b, "is-primary-down-by-addr", 6, this::isMasterDown);
        sub(b, "master", 3, this::master);
        sub(b, "primary", 3, this::master);
        sub(b, "masters", 2, this::masters);
        sub(b, "primaries", 2, this::masters);
        sub(b, "monitor", 6, this::monitor);
        sub(b, "myid", 2, c -> c.reply().bulk(d.brain().myId()));
        sub(b, "pending-scripts", 2, this::pendingScripts);
        sub(b, "remove", 3, this::remove);
        sub(b, "replicas", 3, this::replicas);
        sub(b, "reset", 3, this::reset);
        sub(b, "sentinels", 3, this::sentinels);
        sub(b, "set", -5, this::set);
        sub(b, "simulate-failure", -3, this::simulateFailure);
        sub(b, "slaves", 3, this::replicas);
        return b;
    }

    private static void sub(CommandSpec.Builder parent, String name, int arity, io.vigil.node.server.CommandHandler h) {
        CommandSpec.Builder s = CommandSpec.builder(name, arity).handler(h).categories("slow");
        if (!name.equals("help")) {
            s.flags(CommandFlag.ADMIN, CommandFlag.SENTINEL, CommandFlag.ONLY_SENTINEL).categories("admin", "dangerous");
        } else {
            s.flags(CommandFlag.SENTINEL, CommandFlag.ONLY_SENTINEL, CommandFlag.LOADING, CommandFlag.STALE);
        }
        parent.subcommand(s);
    }

    private long now() {
        return d.now();
    }

    private MasterOptions options(String name) {
        return d.options(name);
    }

    // ---------------------------------------------------------------- read commands

    private void masters(CommandCall c) {
        InstanceMaps.writeAll(c.reply(), d.brain().masters(now()), this::options);
    }

    private void master(CommandCall c) {
        String name = c.text(2);
        InstanceView v = d.brain().master(name, now()).orElseThrow(() -> new CommandError(NO_SUCH_MASTER));
        InstanceMaps.write(c.reply(), v, options(name));
    }

    private void replicas(CommandCall c) {
        List<InstanceView> l = d.brain().replicas(c.text(2), now()).orElseThrow(() -> new CommandError(NO_SUCH_MASTER));
        InstanceMaps.writeAll(c.reply(), l, n -> null);
    }

    private void sentinels(CommandCall c) {
        List<InstanceView> l = d.brain().sentinels(c.text(2), now()).orElseThrow(() -> new CommandError(NO_SUCH_MASTER));
        InstanceMaps.writeAll(c.reply(), l, n -> null);
    }

    private void getMasterAddr(CommandCall c) {
        Optional<Address> a = d.brain().masterAddress(c.text(2));
        if (a.isEmpty()) {
            c.reply().nullArray();
            return;
        }
        c.reply().array(2).bulk(a.get().ip()).bulk(Integer.toString(a.get().port()));
    }

    private void isMasterDown(CommandCall c) {
        long port = integer(c.text(3));
        long epoch = integer(c.text(4));
        VoteAnswer v = d.brain().isMasterDownByAddr(now(), c.text(2), (int) port, epoch, c.text(5));
        // The vote must be on disk before the reply leaves (Ready contract).
        if (!d.drain()) {
            throw new CommandError(SAVE_FAILED);
        }
        c.reply().array(3).integer(v.down() ? 1 : 0).bulk(v.leaderOrStar()).integer(v.leaderEpoch());
    }

    private void ckquorum(CommandCall c) {
        CkQuorum q = d.brain().ckquorum(c.text(2)).orElseThrow(() -> new CommandError(NO_SUCH_MASTER));
        if (q.ok()) {
            c.reply().simple(q.replyText());
        } else {
            c.reply().error(q.replyText());
        }
    }

    private void infoCache(CommandCall c) {
        List<String> names = new ArrayList<>();
        for (int i = 2; i < c.argc(); i++) {
            names.add(c.text(i));
        }
        Map<String, List<InfoCacheEntry>> m = d.brain().infoCache(now(), names);
        RespWriter out = c.reply();
        out.array(m.size() * 2);
        for (Map.Entry<String, List<InfoCacheEntry>> e : m.entrySet()) {
            out.bulk(e.getKey());
            out.array(e.getValue().size());
            for (InfoCacheEntry ie : e.getValue()) {
                out.array(2).integer(ie.ageMillis());
                if (ie.infoText() == null) {
                    out.nullBulk();
                } else {
                    out.bulk(ie.infoText());
                }
            }
        }
    }

    private void pendingScripts(CommandCall c) {
        List<SentinelDaemon.PendingScript> l = d.pendingScripts();
        RespWriter out = c.reply();
        out.array(l.size());
        for (SentinelDaemon.PendingScript p : l) {
            out.map(5);
            out.bulk("argv").bulkStrings(p.argv());
            out.bulk("flags").bulk(p.running() ? "running" : "scheduled");
            out.bulk("pid").bulk(Long.toString(p.pid()));
            out.bulk(p.running() ? "run-time" : "run-delay").bulk(Long.toString(p.millis()));
            out.bulk("retry-num").bulk(Integer.toString(p.retryNum()));
        }
    }

    private void help(CommandCall c) {
        String[] lines = {
            "SENTINEL <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
            "CKQUORUM <master-name>",
            "    Check if the current Sentinel configuration is able to reach the quorum",
            "    needed to failover a master and the majority needed to authorize the",
            "    failover.",
            "CONFIG SET <param> <value>",
            "    Set a global Sentinel configuration parameter.",
            "CONFIG GET <param>",
            "    Get global Sentinel configuration parameter.",
            "DEBUG [<param> <value> ...]",
            "    Show a list of configurable time parameters and their values (milliseconds).",
            "    Or update current configurable parameters values (one or more).",
            "GET-MASTER-ADDR-BY-NAME <master-name>",
            "    Return the ip and port number of the master with that name.",
            "FAILOVER <master-name>",
            "    Manually failover a master node without asking for agreement from other",
            "    Sentinels",
            "FLUSHCONFIG",
            "    Force Sentinel to rewrite its configuration on disk, including the current",
            "    Sentinel state.",
            "INFO-CACHE <master-name>",
            "    Return last cached INFO output from masters and all its replicas.",
            "IS-MASTER-DOWN-BY-ADDR <ip> <port> <current-epoch> <runid>",
            "    Check if the master specified by ip:port is down from current Sentinel's",
            "    point of view.",
            "MASTER <master-name>",
            "    Show the state and info of the specified master.",
            "MASTERS",
            "    Show a list of monitored masters and their state.",
            "MONITOR <name> <ip> <port> <quorum>",
            "    Start monitoring a new master with the specified name, ip, port and quorum.",
            "MYID",
            "    Return the ID of the Sentinel instance.",
            "PENDING-SCRIPTS",
            "    Get pending scripts information.",
            "REMOVE <master-name>",
            "    Remove master from Sentinel's monitor list.",
            "REPLICAS <master-name>",
            "    Show a list of replicas for this master and their state.",
            "RESET <pattern>",
            "    Reset masters for specific master name matching this pattern.",
            "SENTINELS <master-name>",
            "    Show a list of Sentinel instances for this master and their state.",
            "SET <master-name> <option> <value> [<option> <value> ...]",
            "    Set configuration paramters for certain masters.",
            "SIMULATE-FAILURE [CRASH-AFTER-ELECTION] [CRASH-AFTER-PROMOTION] [HELP]",
            "    Simulate a Sentinel crash.",
            "HELP",
            "    Print this help."
        };
        c.reply().array(lines.length);
        for (String l : lines) {
            c.reply().simple(l);
        }
    }

    // ---------------------------------------------------------------- state-changing commands

    private void reset(CommandCall c) {
        int n = d.brain().reset(now(), c.text(2));
        d.drain();
        c.reply().integer(n);
    }

    private void failover(CommandCall c) {
        String name = c.text(2);
        // SENTINEL FAILOVER <name> [COORDINATED] (Valkey 9's spelling of the zero-loss switchover).
        io.vigil.sentinel.core.FailoverKind kind = io.vigil.sentinel.core.FailoverKind.MANUAL;
        if (c.argc() == 4 && c.text(3).equalsIgnoreCase("coordinated")) {
            kind = io.vigil.sentinel.core.FailoverKind.COORDINATED;
        } else if (c.argc() != 3) {
            throw new CommandError("ERR wrong number of arguments for 'sentinel|failover' command");
        }
        CommandResult r = d.brain().failover(now(), name, kind);
        if (!r.ok()) {
            d.drain();
            throw new CommandError(r.error());
        }
        d.log(LogLevel.WARNING, "Executing user requested FAILOVER of '" + name + "'");
        d.drain();
        c.reply().ok();
    }

    private void flushconfig(CommandCall c) {
        if (!d.flushConfig()) {
            throw new CommandError(SAVE_FAILED);
        }
        c.reply().ok();
    }

    private void monitor(CommandCall c) {
        Long quorum = parseLong(c.text(5));
        if (quorum == null) {
            throw new CommandError("ERR Invalid quorum");
        }
        Long port = parseLong(c.text(4));
        if (port == null) {
            throw new CommandError("ERR Invalid port");
        }
        if (quorum <= 0) {
            throw new CommandError("ERR Quorum must be 1 or greater.");
        }
        var s = d.settings();
        String ip = HostResolver.resolve(c.text(3), s.resolveHostnames(), s.announceHostnames());
        if (ip == null) {
            throw new CommandError("ERR Invalid IP address or hostname specified");
        }
        if (port < 0 || port > 65535) {
            throw new CommandError("ERR Invalid port number.");
        }
        String name = c.text(2);
        if (d.brain().master(name, now()).isPresent()) {
            throw new CommandError("ERR Duplicate master name.");
        }
        MasterConfig cfg = new MasterConfig(name, new Address(ip, port.intValue()), (int) Math.min(Integer.MAX_VALUE, quorum),
                d.debug().values().get("default-down-after"), d.debug().values().get("default-failover-timeout"), 1, 0);
        d.allOptions().put(name, new MasterOptions());
        CommandResult r = d.brain().monitor(now(), cfg);
        if (!r.ok()) {
            throw new CommandError(r.error());
        }
        if (!d.drain()) {
            throw new CommandError(SAVE_FAILED);
        }
        c.reply().ok();
    }

    private void remove(CommandCall c) {
        String name = c.text(2);
        CommandResult r = d.brain().remove(now(), name);
        if (!r.ok()) {
            throw new CommandError(r.error());
        }
        boolean saved = d.drain();
        d.allOptions().remove(name);
        if (!d.flushConfig() || !saved) {
            throw new CommandError(SAVE_FAILED);
        }
        c.reply().ok();
    }

    private void set(CommandCall c) {
        String name = c.text(2);
        InstanceView m = d.brain().master(name, now()).orElseThrow(() -> new CommandError(NO_SUCH_MASTER));
        MasterOptions o = options(name);
        int changes = 0;
        boolean relink = false;
        String error = null;
        for (int j = 3; j < c.argc(); j++) {
            String option = c.text(j);
            String opt = option.toLowerCase(Locale.ROOT);
            int more = c.argc() - 1 - j;
            if (more >= 1 && switch (opt) {
                case "down-after-milliseconds", "failover-timeout", "parallel-syncs", "quorum",
                        "master-reboot-down-after-period" -> true;
                default -> false;
            }) {
                CommandResult r = d.brain().set(now(), name, option, c.text(++j));
                if (!r.ok()) {
                    error = r.error();
                    break;
                }
                changes++;
            } else if (more >= 1 && (opt.equals("notification-script") || opt.equals("client-reconfig-script"))) {
                String value = c.text(++j);
                if (d.settings().denyScriptsReconfig()) {
                    error = "ERR Reconfiguration of scripts path is denied for security reasons. Check the "
                            + "deny-scripts-reconfig configuration directive in your Sentinel configuration";
                    break;
                }
                if (!value.isEmpty() && (!Files.isExecutable(Path.of(value)) || Files.isDirectory(Path.of(value)))) {
                    error = opt.equals("notification-script")
                            ? "ERR Notification script seems non existing or non executable"
                            : "ERR Client reconfiguration script seems non existing or non executable";
                    break;
                }
                String v = value.isEmpty() ? null : value;
                if (opt.equals("notification-script")) {
                    setNotification(o, v);
                } else {
                    setReconfig(o, v);
                }
                emitSet(m, opt + " " + value);
                changes++;
            } else if (more >= 1 && (opt.equals("auth-pass") || opt.equals("auth-user"))) {
                String value = c.text(++j);
                String v = value.isEmpty() ? null : value;
                if (opt.equals("auth-pass")) {
                    setAuthPass(o, v);
                    emitSet(m, opt + " ******");
                } else {
                    setAuthUser(o, v);
                    emitSet(m, opt + " " + value);
                }
                relink = true;
                changes++;
            } else if (more >= 2 && opt.equals("rename-command")) {
                String oldName = c.text(++j);
                String newName = c.text(++j);
                String key = oldName.toLowerCase(Locale.ROOT);
                if (oldName.equalsIgnoreCase(newName)) {
                    o.renames().remove(key);
                } else {
                    o.renames().put(key, newName);
                }
                emitSet(m, opt + " " + oldName + " " + newName);
                relink = true;
                changes++;
            } else {
                error = "ERR Unknown option or number of arguments for SENTINEL SET '" + option + "'";
                break;
            }
        }
        boolean saved = d.drain();
        if (changes > 0) {
            saved &= d.flushConfig();
        }
        if (relink) {
            d.reconnectMaster(name);
        }
        if (error != null) {
            throw new CommandError(error);
        }
        if (!saved) {
            throw new CommandError(SAVE_FAILED);
        }
        c.reply().ok();
    }

    private void emitSet(InstanceView m, String text) {
        d.emitEvent(new SentinelEvent("+set", EventLevel.WARNING, "master " + m.name() + " " + m.address().ip() + " "
                + m.address().port() + " " + text, m.name(), true));
    }

    private static void setNotification(MasterOptions o, String v) {
        o.notificationScript(v);
    }

    private static void setReconfig(MasterOptions o, String v) {
        o.clientReconfigScript(v);
    }

    private static void setAuthPass(MasterOptions o, String v) {
        o.authPass(v);
    }

    private static void setAuthUser(MasterOptions o, String v) {
        o.authUser(v);
    }

    private void config(CommandCall c) {
        if (c.is(2, "set")) {
            configSet(c);
        } else if (c.is(2, "get")) {
            configGet(c);
        } else {
            throw new CommandError("ERR Only SENTINEL CONFIG GET <option> / SET <option> <value> are supported.");
        }
    }

    private void configGet(CommandCall c) {
        if (c.argc() != 4) {
            throw new CommandError("ERR Only SENTINEL CONFIG GET <option> / SET <option> <value> are supported.");
        }
        String pattern = c.text(3);
        Map<String, String> out = new LinkedHashMap<>();
        var s = d.settings();
        for (String name : CONFIG_OPTIONS) {
            if (!io.vigil.sentinel.core.Glob.matches(pattern.toLowerCase(Locale.ROOT), name)) {
                continue;
            }
            out.put(name, switch (name) {
                case "resolve-hostnames" -> s.resolveHostnames() ? "yes" : "no";
                case "announce-hostnames" -> s.announceHostnames() ? "yes" : "no";
                case "announce-ip" -> s.announceIp() == null ? "" : s.announceIp();
                case "announce-port" -> Integer.toString(s.announcePort());
                case "sentinel-user" -> s.sentinelUser() == null ? "" : s.sentinelUser();
                default -> s.sentinelPass() == null ? "" : s.sentinelPass();
            });
        }
        c.reply().map(out.size());
        for (Map.Entry<String, String> e : out.entrySet()) {
            c.reply().bulk(e.getKey()).bulk(e.getValue());
        }
    }

    private void configSet(CommandCall c) {
        if (c.argc() != 5) {
            throw new CommandError("ERR Only SENTINEL CONFIG GET <option> / SET <option> <value> are supported.");
        }
        String option = c.text(3);
        String opt = option.toLowerCase(Locale.ROOT);
        String value = c.text(4);
        String invalid = "ERR Invalid value '" + value + "' to SENTINEL CONFIG SET '" + option + "'";
        var s = d.settings();
        switch (opt) {
            case "resolve-hostnames", "announce-hostnames" -> {
                Boolean b = value.equalsIgnoreCase("yes") ? Boolean.TRUE : value.equalsIgnoreCase("no") ? Boolean.FALSE : null;
                if (b == null) {
                    throw new CommandError(invalid);
                }
                if (opt.equals("resolve-hostnames")) {
                    s.resolveHostnames(b);
                } else {
                    s.announceHostnames(b);
                }
            }
            case "announce-ip" -> s.announceIp(value.isEmpty() ? null : value);
            case "announce-port" -> {
                Long p = parseLong(value);
                if (p == null || p < 0 || p > 65535) {
                    throw new CommandError(invalid);
                }
                s.announcePort(p.intValue());
            }
            case "sentinel-user", "sentinel-pass" -> {
                if (opt.equals("sentinel-user")) {
                    s.sentinelUser(value.isEmpty() ? null : value);
                } else {
                    s.sentinelPass(value.isEmpty() ? null : value);
                }
                d.reconnectSentinels();
            }
            default -> throw new CommandError("ERR Invalid argument '" + option + "' to SENTINEL CONFIG SET");
        }
        if (!d.flushConfig()) {
            throw new CommandError(SAVE_FAILED);
        }
        c.reply().ok();
    }

    private void debug(CommandCall c) {
        var dbg = d.debug();
        if (c.argc() == 2) {
            c.reply().map(dbg.values().size());
            for (Map.Entry<String, Long> e : dbg.values().entrySet()) {
                c.reply().bulk(e.getKey().toUpperCase(Locale.ROOT)).bulk(Long.toString(e.getValue()));
            }
            return;
        }
        for (int j = 2; j < c.argc(); j += 2) {
            String p = c.text(j).toLowerCase(Locale.ROOT);
            if (!dbg.known(p) || j + 1 >= c.argc()) {
                throw new CommandError("ERR Unknown option or number of arguments for SENTINEL DEBUG '" + c.text(j) + "'");
            }
            Long v = parseLong(c.text(j + 1));
            if (v == null || v <= 0) {
                throw new CommandError("ERR Invalid argument '" + c.text(j + 1) + "' for SENTINEL DEBUG '" + c.text(j) + "'");
            }
        }
        for (int j = 2; j < c.argc(); j += 2) {
            dbg.set(c.text(j).toLowerCase(Locale.ROOT), Long.parseLong(c.text(j + 1)));
        }
        d.applyDebug();
        c.reply().ok();
    }

    private void simulateFailure(CommandCall c) {
        int flags = 0;
        for (int j = 2; j < c.argc(); j++) {
            if (c.is(j, "crash-after-election")) {
                flags |= 1;
            } else if (c.is(j, "crash-after-promotion")) {
                flags |= 2;
            } else if (c.is(j, "help")) {
                c.reply().array(2).bulk("crash-after-election").bulk("crash-after-promotion");
                return;
            } else {
                d.simulateFlags(0);
                throw new CommandError("ERR Unknown failure simulation specified");
            }
        }
        d.simulateFlags(flags);
        c.reply().ok();
    }

    private static long integer(String s) {
        Long v = parseLong(s);
        if (v == null) {
            throw new CommandError(CommandError.NOT_INTEGER);
        }
        return v;
    }

    static Long parseLong(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
