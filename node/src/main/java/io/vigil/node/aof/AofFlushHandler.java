package io.vigil.node.aof;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;

/**
 * Sits at the head of every client's pipeline so that, like Redis's beforeSleep, the AOF buffer is
 * written (and with appendfsync always, fsynced) before any reply reaches the socket: a client
 * never sees an acknowledgement for a write that a crash could still lose.
 */
@ChannelHandler.Sharable
final class AofFlushHandler extends ChannelOutboundHandlerAdapter {
    static final String NAME = "vigil-aof-flush";
    private final AppendOnlyFile aof;

    AofFlushHandler(AppendOnlyFile aof) {
        this.aof = aof;
    }

    @Override
    public void flush(ChannelHandlerContext ctx) throws Exception {
        aof.flushBeforeReply();
        ctx.flush();
    }
}
