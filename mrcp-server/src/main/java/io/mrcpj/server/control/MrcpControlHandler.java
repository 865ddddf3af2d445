package io.mrcpj.server.control;

import io.mrcpj.core.codec.MrcpDecodeFailure;
import io.mrcpj.core.codec.MrcpProtocolException;
import io.mrcpj.core.message.ChannelId;
import io.mrcpj.core.message.HeaderValueException;
import io.mrcpj.core.message.MrcpMessage;
import io.mrcpj.core.message.MrcpRequest;
import io.mrcpj.core.message.MrcpResponse;
import io.mrcpj.core.message.RequestState;
import io.mrcpj.core.message.StatusCode;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes each decoded request by its Channel-Identifier (RFC 6787 section 6.2.1) and answers what
 * cannot be routed: 406 when the header is missing, 404 when it is malformed, 405 when no such
 * channel is allocated, and the decoder's status for a malformed message. A framing error closes
 * this connection only; every other connection carries on.
 */
final class MrcpControlHandler extends SimpleChannelInboundHandler<Object> {

  private static final Logger log = LoggerFactory.getLogger(MrcpControlHandler.class);

  private final ChannelRegistry registry;
  private final MrcpControlServer.Guard guard;
  private ResourceChannel.ControlConnection connection;
  // Channels this connection carried requests for and whose session has not ended (pruned when
  // the set reaches the limit, and every 256 additions): told when it closes. Event-loop confined.
  private final Set<ResourceChannel> used = Collections.newSetFromMap(new IdentityHashMap<>());

  MrcpControlHandler(ChannelRegistry registry, MrcpControlServer.Guard guard) {
    this.registry = registry;
    this.guard = guard;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    String remote = String.valueOf(ctx.channel().remoteAddress());
    if (!guard.allow().allows(ctx.channel().remoteAddress())) {
      log.warn("MRCP connection from {} refused: not in mrcp.allow", remote);
      ctx.close();
      return;
    }
    connection =
        new ResourceChannel.ControlConnection() {
          @Override
          public void send(MrcpMessage message) {
            ctx.channel().writeAndFlush(message);
          }

          @Override
          public String remote() {
            return remote;
          }
        };
    log.debug("MRCP connection from {}", remote);
    ctx.fireChannelActive();
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, Object msg) {
    if (connection == null) {
      return; // refused in channelActive
    }
    if (msg instanceof MrcpRequest request) {
      route(ctx, request);
    } else if (msg instanceof MrcpDecodeFailure failure) {
      answerFailure(ctx, failure);
    } else {
      log.debug("ignoring {} from client {}", msg, connection.remote());
    }
  }

  private void route(ChannelHandlerContext ctx, MrcpRequest request) {
    Optional<ChannelId> id;
    try {
      id = request.channelId();
    } catch (HeaderValueException e) {
      log.info("{} from {}: {}", request.method(), connection.remote(), e.getMessage());
      reply(ctx, request, StatusCode.ILLEGAL_HEADER_VALUE);
      return;
    }
    if (id.isEmpty()) {
      log.info(
          "{} {} from {} has no Channel-Identifier",
          request.method(),
          request.requestId(),
          connection.remote());
      reply(ctx, request, StatusCode.MANDATORY_HEADER_MISSING);
      return;
    }
    Optional<ResourceChannel> channel = registry.find(id.get());
    if (channel.isEmpty()) {
      log.info(
          "{} {} for unknown channel {} from {}",
          request.method(),
          request.requestId(),
          id.get(),
          connection.remote());
      reply(ctx, request, StatusCode.RESOURCE_NOT_ALLOCATED);
      return;
    }
    if (!used.contains(channel.get())) {
      if (used.size() >= guard.maxChannels() || (used.size() & 255) == 255) {
        // channels of ended sessions no longer count (a shared connection outlives thousands)
        used.removeIf(c -> !c.isOpen());
      }
      if (used.size() >= guard.maxChannels()) {
        log.warn(
            "{} {} for channel {} from {} refused: the connection already carries {} channels"
                + " (limits.max-channels-per-connection)",
            request.method(),
            request.requestId(),
            id.get(),
            connection.remote(),
            used.size());
        reply(ctx, request, StatusCode.METHOD_OR_OPERATION_FAILED);
        return;
      }
      used.add(channel.get());
    }
    channel.get().onRequest(request, connection);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (!used.isEmpty()) {
      log.info(
          "MRCP connection from {} closed; {} channel(s) used it",
          connection.remote(),
          used.size());
    }
    for (ResourceChannel c : used) {
      try {
        c.connectionClosed(connection);
      } catch (RuntimeException e) {
        log.warn("channel failed to handle the closed connection", e);
      }
    }
    used.clear();
    ctx.fireChannelInactive();
  }

  private static void reply(ChannelHandlerContext ctx, MrcpRequest request, StatusCode status) {
    ctx.writeAndFlush(MrcpResponse.to(request, status, RequestState.COMPLETE).build());
  }

  private void answerFailure(ChannelHandlerContext ctx, MrcpDecodeFailure failure) {
    log.info(
        "malformed message from {}: {} ({})",
        connection.remote(),
        failure.reason(),
        failure.status().code());
    if (!failure.answerable()) {
      return;
    }
    MrcpResponse.Builder b =
        MrcpResponse.builder()
            .requestId(failure.requestId())
            .status(failure.status())
            .state(RequestState.COMPLETE);
    if (failure.channelId() != null) {
      try {
        b.channelId(ChannelId.parse(failure.channelId()));
      } catch (IllegalArgumentException e) {
        // an unusable Channel-Identifier is not echoed back
      }
    }
    ctx.writeAndFlush(b.build());
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    String remote = connection == null ? "?" : connection.remote();
    if (cause instanceof MrcpProtocolException
        || cause.getCause() instanceof MrcpProtocolException) {
      log.warn("closing MRCP connection from {}: {}", remote, cause.getMessage());
    } else if (cause instanceof javax.net.ssl.SSLException
        || cause.getCause() instanceof javax.net.ssl.SSLException) {
      // a peer that does not speak TLS on the TLS port, or does not trust our certificate
      log.info(
          "TLS with {} failed: {}",
          String.valueOf(ctx.channel().remoteAddress()),
          (cause.getCause() != null ? cause.getCause() : cause).getMessage());
    } else if (cause instanceof java.io.IOException) {
      log.info("MRCP connection from {} failed: {}", remote, cause.getMessage());
    } else {
      log.warn("closing MRCP connection from {} after an error", remote, cause);
    }
    ctx.close();
  }
}
