package io.vigil.node.server;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.vigil.node.resp.RespDecoder;

import java.io.IOException;

/** Feeds one connection's decoded requests to the kernel and flushes once per read. */
final class ClientHandler extends ChannelInboundHandlerAdapter {
    private final RespServer server;
    private final ClientSession session;

    ClientHandler(RespServer server, ClientSession session) {
        this.server = server;
        this.session = session;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        // The decoder's undecoded input is (with the queued requests) the client's query buffer.
        session.decoder(ctx.pipeline().get(RespDecoder.class));
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        server.opened(session);
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!session.isClosing() && !session.closingAfterReply()) {
            server.received(session, msg);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        server.stats().countRead();
        if (session.queryBufferBytes() > server.maxQueryBufferBytes() && !session.isClosing()) {
            closeForQueryBuffer();
            return;
        }
        server.flush(session);
        ClientOutputLimits limits = server.outputLimits();
        if (limits.normalEnabled()) {
            limits.enforce(session, server.nowMillis());
        }
    }

    /**
     * client-query-buffer-limit, checked once per read as Redis's readQueryFromClient does: a
     * half-received request (typically a huge bulk), or a pipeline piling up behind a blocked
     * command, past the limit closes the client.
     */
    private void closeForQueryBuffer() {
        StringBuilder line = new StringBuilder("Closing client that reached max query buffer length: ")
                .append(server.clientInfo(session)).append(" (qbuf initial bytes: ");
        byte[] prefix = session.queryBufferPrefix(64);
        Repr.append(line, prefix, 0, prefix.length).append(')');
        ServerLog.get().warning(line.toString());
        session.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        server.closed(session);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!(cause instanceof IOException)) {
            ServerLog.get().verbose("Client " + session.addr() + " error: " + cause);
        }
        ctx.close();
    }
}
