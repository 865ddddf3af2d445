package io.mrcpj.asr.alibaba;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.alibaba.nls.client.transport.Connection;
import com.alibaba.nls.client.transport.ConnectionListener;
import io.netty.channel.nio.NioEventLoopGroup;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The transport given to the SDK, without the SDK: the token header, and inbound messages held
 * while the stream says the SDK is not ready for them ({@link StartRace}), then delivered in order.
 */
class NlsGatewayIT {

  private static final String START =
      "{\"header\":{\"namespace\":\"SpeechTranscriber\",\"name\":\"StartTranscription\","
          + "\"task_id\":\"0123456789abcdef0123456789abcdef\",\"appkey\":\"k\"},\"payload\":{}}";

  private final Harness h = new Harness();
  private final NioEventLoopGroup group = new NioEventLoopGroup(1);

  @AfterEach
  void closeAll() throws Exception {
    h.close();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  /** Records what the transport tells the SDK's side; holds while {@code hold} is set. */
  private static final class Side implements ConnectionListener, TransportEvents {
    final List<String> heard = new CopyOnWriteArrayList<>();
    volatile boolean hold;

    @Override
    public void onOpen() {}

    @Override
    public void onClose(int code, String reason) {
      heard.add("closed " + code);
    }

    @Override
    public void onMessage(String message) {
      heard.add(message.contains("TranscriptionStarted") ? "started" : message);
    }

    @Override
    public void onMessage(ByteBuffer message) {}

    @Override
    public void connecting(WsConnection connection) {}

    @Override
    public void written(int bytes) {}

    @Override
    public void badMessage(String message, RuntimeException error) {}

    @Override
    public boolean holdInbound() {
      return hold;
    }
  }

  @Test
  void answersWaitWhileTheStreamHoldsThemAndThenComeInOrder() throws Exception {
    FakeNlsServer server = h.server(new FakeNlsServer.Script());
    NlsGateway gateway = gateway(server.url());
    Side side = new Side();
    side.hold = true;
    Connection c = gateway.connect("test-token", side);
    assertThat(server.connection().token).isEqualTo("test-token");
    c.sendText(START);
    await().atMost(Duration.ofSeconds(5)).until(() -> !server.connection().replies.isEmpty());
    Thread.sleep(100);
    assertThat(side.heard).isEmpty();

    server.close(); // the connection's end waits behind the answer
    Thread.sleep(100);
    assertThat(side.heard).isEmpty();
    side.hold = false;
    await().atMost(Duration.ofSeconds(2)).until(() -> side.heard.size() == 2);
    assertThat(side.heard).containsExactly("started", "closed -1");
  }

  @Test
  void aHoldThatNeverEndsLetsGoAfterItsLimit() throws Exception {
    FakeNlsServer server = h.server(new FakeNlsServer.Script());
    Side side = new Side();
    side.hold = true;
    Connection c = gateway(server.url()).connect("test-token", side);
    long sent = System.nanoTime();
    c.sendText(START);
    await().atMost(Duration.ofSeconds(5)).until(() -> !side.heard.isEmpty());
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent))
        .isGreaterThanOrEqualTo(WsConnection.HOLD_MAX_MS - 50);
    assertThat(side.heard).containsExactly("started");
    c.close();
  }

  private NlsGateway gateway(String url) throws Exception {
    AlibabaNlsSettings settings = AlibabaNlsSettings.parse(Map.of("url", url));
    return new NlsGateway(settings, group);
  }
}
