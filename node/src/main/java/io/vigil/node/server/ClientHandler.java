package io.vigil.node.server;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

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
        server.flush(session);
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
