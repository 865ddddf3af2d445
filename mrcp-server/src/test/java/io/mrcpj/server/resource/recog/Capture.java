package io.mrcpj.server.resource.recog;

import static org.assertj.core.api.Assertions.assertThat;

import io.mrcpj.core.message.MrcpEvent;
import io.mrcpj.core.message.MrcpEventName;
import io.mrcpj.core.message.MrcpMessage;
import io.mrcpj.core.message.MrcpResponse;
import io.mrcpj.server.control.ResourceChannel;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Collects what the channel sends, in order (a capture of the real messages, not a mock). */
final class Capture implements ResourceChannel.ControlConnection {
  final BlockingQueue<MrcpMessage> queue = new LinkedBlockingQueue<>();
  final List<MrcpMessage> sent = new CopyOnWriteArrayList<>();

  private volatile long completionNanos;

  @Override
  public void send(MrcpMessage message) {
    if (completionNanos == 0
        && message instanceof MrcpEvent e
        && e.name().equals(MrcpEventName.RECOGNITION_COMPLETE)) {
      completionNanos = System.nanoTime();
    }
    sent.add(message);
    queue.add(message);
  }

  /** When the first RECOGNITION-COMPLETE since the last {@link #reset} was sent. */
  long completionNanos() {
    return completionNanos;
  }

  /** Forgets what was sent. */
  void reset() {
    sent.clear();
    queue.clear();
    completionNanos = 0;
  }

  @Override
  public String remote() {
    return "test";
  }

  MrcpEvent completion() {
    return sent.stream()
        .filter(
            m -> m instanceof MrcpEvent e && e.name().equals(MrcpEventName.RECOGNITION_COMPLETE))
        .map(MrcpEvent.class::cast)
        .findFirst()
        .orElse(null);
  }

  MrcpMessage next() throws InterruptedException {
    MrcpMessage m = queue.poll(10, TimeUnit.SECONDS);
    assertThat(m).as("a message within 10 s").isNotNull();
    return m;
  }

  MrcpResponse nextResponse() throws InterruptedException {
    MrcpMessage m = next();
    assertThat(m).isInstanceOf(MrcpResponse.class);
    return (MrcpResponse) m;
  }

  MrcpEvent nextEvent() throws InterruptedException {
    MrcpMessage m = next();
    assertThat(m).isInstanceOf(MrcpEvent.class);
    return (MrcpEvent) m;
  }
}
