package io.vigil.node.command;

import io.vigil.node.NodeFeature;
import io.vigil.node.VigilNode;
import io.vigil.node.server.CommandCall;
import io.vigil.node.server.CommandError;
import io.vigil.node.server.CommandFlag;
import io.vigil.node.server.CommandSpec;
import io.vigil.node.server.CommandTable;
import io.vigil.node.server.PubSub;

import java.util.ArrayList;
import java.util.List;

/**
 * SUBSCRIBE, PSUBSCRIBE, their unsubscribes, PUBLISH and PUBSUB. The kernel's {@link PubSub} keeps
 * the subscriptions and delivers messages (RESP2 arrays or RESP3 pushes); PUBLISH is also sent to
 * replicas, as Redis does (not to the AOF).
 */
public final class PubSubCommands implements NodeFeature {
    private final VigilNode node;

    public PubSubCommands(VigilNode node) {
        this.node = node;
    }

    @Override
    public void register(CommandTable table) {
        CommandFlag[] subscribeFlags = {CommandFlag.PUBSUB, CommandFlag.NOSCRIPT, CommandFlag.LOADING,
                CommandFlag.STALE, CommandFlag.SENTINEL};
        table.register(CommandSpec.builder("subscribe", -2).flags(subscribeFlags).categories("pubsub", "slow")
                .handler(call -> {
                    for (int i = 1; i < call.argc(); i++) {
                        pubSub().subscribe(call.session(), call.arg(i));
                    }
                }));
        table.register(CommandSpec.builder("psubscribe", -2).flags(subscribeFlags).categories("pubsub", "slow")
                .handler(call -> {
                    for (int i = 1; i < call.argc(); i++) {
                        pubSub().psubscribe(call.session(), call.arg(i));
                    }
                }));
        table.register(CommandSpec.builder("unsubscribe", -1).flags(subscribeFlags).categories("pubsub", "slow")
                .handler(call -> pubSub().unsubscribe(call.session(), rest(call, 1), true)));
        table.register(CommandSpec.builder("punsubscribe", -1).flags(subscribeFlags).categories("pubsub", "slow")
                .handler(call -> pubSub().punsubscribe(call.session(), rest(call, 1), true)));
        table.register(CommandSpec.builder("publish", 3).flags(CommandFlag.PUBSUB, CommandFlag.LOADING,
                        CommandFlag.STALE, CommandFlag.FAST, CommandFlag.MAY_REPLICATE, CommandFlag.SENTINEL)
                .categories("pubsub", "fast").handler(this::publish));
        CommandSpec.Builder pubsub = CommandSpec.builder("pubsub", -2).categories("slow");
        pubsub.subcommand(CommandSpec.builder("channels", -2).flags(CommandFlag.PUBSUB, CommandFlag.LOADING,
                CommandFlag.STALE).categories("pubsub", "slow").handler(this::channels));
        pubsub.subcommand(CommandSpec.builder("numsub", -2).flags(CommandFlag.PUBSUB, CommandFlag.LOADING,
                CommandFlag.STALE).categories("pubsub", "slow").handler(this::numsub));
        pubsub.subcommand(CommandSpec.builder("numpat", 2).flags(CommandFlag.PUBSUB, CommandFlag.LOADING,
                CommandFlag.STALE).categories("pubsub", "slow")
                .handler(call -> call.reply().integer(pubSub().patternTotal())));
        pubsub.subcommand(CommandSpec.builder("shardchannels", -2).flags(CommandFlag.PUBSUB, CommandFlag.LOADING,
                CommandFlag.STALE).categories("pubsub", "slow").handler(call -> {
                    if (call.argc() > 3) {
                        throw subcommandSyntax(call);
                    }
                    call.reply().array(0);
                }));
        pubsub.subcommand(CommandSpec.builder("shardnumsub", -2).flags(CommandFlag.PUBSUB, CommandFlag.LOADING,
                CommandFlag.STALE).categories("pubsub", "slow").handler(call -> {
                    call.reply().map(call.argc() - 2);
                    for (int i = 2; i < call.argc(); i++) {
                        call.reply().bulk(call.arg(i)).integer(0);
                    }
                }));
        pubsub.subcommand(CommandSpec.builder("help", 2).flags(CommandFlag.LOADING, CommandFlag.STALE)
                .categories("slow").handler(call -> Help.reply(call, "PUBSUB",
                        "CHANNELS [<pattern>]",
                        "    Return the currently active channels matching a <pattern> (default: '*').",
                        "NUMPAT",
                        "    Return number of subscriptions to patterns.",
                        "NUMSUB [<channel> ...]",
                        "    Return the number of subscribers for the specified channels, excluding",
                        "    pattern subscriptions(default: no channels).",
                        "SHARDCHANNELS [<pattern>]",
                        "    Return the currently active shard level channels matching a <pattern> (default: '*').",
                        "SHARDNUMSUB [<shardchannel> ...]",
                        "    Return the number of subscribers for the specified shard level channel(s)")));
        table.register(pubsub);
    }

    private PubSub pubSub() {
        return node.server().pubSub();
    }

    private static List<byte[]> rest(CommandCall call, int from) {
        List<byte[]> names = new ArrayList<>(call.argc() - from);
        for (int i = from; i < call.argc(); i++) {
            names.add(call.arg(i));
        }
        return names;
    }

    private void publish(CommandCall call) {
        int receivers = pubSub().publish(call.arg(1), call.arg(2));
        node.propagation().propagateToReplicas(call.session().db(), call.argv());
        call.reply().integer(receivers);
    }

    private void channels(CommandCall call) {
        if (call.argc() > 3) {
            throw subcommandSyntax(call);
        }
        call.reply().bulks(pubSub().activeChannels(call.argc() == 3 ? call.arg(2) : null));
    }

    private void numsub(CommandCall call) {
        // Redis replies with a flat array here, in RESP3 too.
        call.reply().array(2 * (call.argc() - 2));
        for (int i = 2; i < call.argc(); i++) {
            call.reply().bulk(call.arg(i)).integer(pubSub().subscriberCount(call.arg(i)));
        }
    }

    private static CommandError subcommandSyntax(CommandCall call) {
        return new CommandError("ERR unknown subcommand or wrong number of arguments for '" + call.text(1)
                + "'. Try PUBSUB HELP.");
    }
}
