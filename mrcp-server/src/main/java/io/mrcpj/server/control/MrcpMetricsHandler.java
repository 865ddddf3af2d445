package io.mrcpj.server.control;

import io.mrcpj.core.message.MrcpEvent;
import io.mrcpj.core.message.MrcpEventName;
import io.mrcpj.core.message.MrcpMethod;
import io.mrcpj.core.message.MrcpRequest;
import io.mrcpj.core.message.MrcpResponse;
import io.mrcpj.core.message.RequestState;
import io.mrcpj.server.metrics.ServerMetrics;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Counts what one MRCP connection carries, as it crosses the wire: each request by method and the
 * status of its (first) response, the time from RECOGNIZE to its IN-PROGRESS, and each
 * RECOGNITION-COMPLETE by Completion-Cause. Requests are matched to responses by Channel-Identifier
 * and request-id; at most {@link #MAX_PENDING} are remembered per connection (the oldest are
 * forgotten). Event-loop confined.
 */
final class MrcpMetricsHandler extends ChannelDuplexHandler {

  static final int MAX_PENDING = 1024;

  private final ServerMetrics metrics;

  private record Pending(String method, long received) {}

  private final Map<String, Pending> pending =
      new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Pending> eldest) {
          return size() > MAX_PENDING;
        }
      };

  MrcpMetricsHandler(ServerMetrics metrics) {
    this.metrics = metrics;
  }

  private static String key(io.mrcpj.core.message.MrcpMessage m) {
    return m.headers().get("Channel-Identifier").orElse("") + "|" + m.requestId();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof MrcpRequest r) {
      pending.put(key(r), new Pending(r.method().name(), System.nanoTime()));
    }
    ctx.fireChannelRead(msg);
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    if (msg instanceof MrcpResponse r) {
      Pending p = pending.remove(key(r));
      metrics.mrcpRequest(p == null ? "UNKNOWN" : p.method(), r.status().code());
      if (p != null
          && r.state() == RequestState.IN_PROGRESS
          && MrcpMethod.RECOGNIZE.name().equals(p.method())) {
        metrics.recognizeInProgress(System.nanoTime() - p.received());
      }
    } else if (msg instanceof MrcpEvent e && MrcpEventName.RECOGNITION_COMPLETE.equals(e.name())) {
      String cause = e.headers().get("Completion-Cause").orElse("");
      metrics.recognition(cause.length() >= 3 ? cause.substring(0, 3) : cause);
    }
    ctx.write(msg, promise);
  }
}
