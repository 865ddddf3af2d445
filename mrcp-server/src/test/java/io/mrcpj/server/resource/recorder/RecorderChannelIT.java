package io.mrcpj.server.resource.recorder;

import static org.assertj.core.api.Assertions.assertThat;

import io.mrcpj.core.media.WavFile;
import io.mrcpj.core.message.ChannelId;
import io.mrcpj.core.message.GenericHeaders;
import io.mrcpj.core.message.MrcpEvent;
import io.mrcpj.core.message.MrcpEventName;
import io.mrcpj.core.message.MrcpMessage;
import io.mrcpj.core.message.MrcpMethod;
import io.mrcpj.core.message.MrcpRequest;
import io.mrcpj.core.message.MrcpResource;
import io.mrcpj.core.message.MrcpResponse;
import io.mrcpj.core.message.RecorderHeaders;
import io.mrcpj.server.control.ResourceChannel;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The recorder fed real speech made with flite ("four five six one", 16 kHz) and silence, writing
 * real WAV files into a temporary folder.
 */
class RecorderChannelIT {

  private static final Path SPEECH =
      Path.of("../asr-adapters/asr-vosk/src/test/resources/speech/four-five-six-one-16k.wav");
  private static final Pattern RECORD_URI =
      Pattern.compile("<([^>]+)>;size=(\\d+);duration=(\\d+)");

  /** What the channel sends, in order. */
  static final class Line implements ResourceChannel.ControlConnection {
    final BlockingQueue<MrcpMessage> queue = new LinkedBlockingQueue<>();

    @Override
    public void send(MrcpMessage message) {
      queue.add(message);
    }

    @Override
    public String remote() {
      return "test";
    }

    MrcpMessage next() throws InterruptedException {
      MrcpMessage m = queue.poll(10, TimeUnit.SECONDS);
      assertThat(m).as("a message within 10 s").isNotNull();
      return m;
    }
  }

  @TempDir Path dir;
  private final ChannelId id = new ChannelId("4ec0", MrcpResource.of("recorder"));
  private final Line line = new Line();
  private ScheduledExecutorService timers;
  private java.util.concurrent.ExecutorService io;
  private RecorderChannel channel;
  private short[] speech;
  private long nextId = 1;

  @BeforeEach
  void open() throws Exception {
    timers = Executors.newSingleThreadScheduledExecutor();
    io = Executors.newSingleThreadExecutor();
    channel =
        new RecorderChannel(
            id,
            new RecorderChannel.Settings(new RecordingStore(dir, null, io), 30, 1500, 10_000),
            timers,
            16000);
    WavFile w = WavFile.read(Files.readAllBytes(SPEECH));
    assertThat(w.sampleRate()).isEqualTo(16000);
    speech = w.samples();
  }

  @AfterEach
  void close() {
    channel.close();
    assertThat(channel.recording()).isFalse();
    timers.shutdownNow();
    io.shutdownNow();
  }

  private MrcpRequest.Builder request(MrcpMethod m) {
    return MrcpRequest.builder().method(m).requestId(nextId++).channelId(id);
  }

  private MrcpResponse response(long requestId, int status) throws Exception {
    MrcpMessage m = line.next();
    assertThat(m).isInstanceOf(MrcpResponse.class);
    MrcpResponse r = (MrcpResponse) m;
    assertThat(r.requestId()).isEqualTo(requestId);
    assertThat(r.status().code()).as(r.toString()).isEqualTo(status);
    return r;
  }

  private MrcpEvent event(MrcpEventName name) throws Exception {
    MrcpMessage m = line.next();
    assertThat(m).as("expected " + name.name()).isInstanceOf(MrcpEvent.class);
    assertThat(((MrcpEvent) m).name()).isEqualTo(name);
    return (MrcpEvent) m;
  }

  private void feed(short[] pcm) {
    for (int i = 0; i < pcm.length; i += 320) {
      channel.onAudio(pcm, i, Math.min(320, pcm.length - i));
    }
  }

  private static short[] silence(int millis) {
    short[] s = new short[16 * millis];
    java.util.Random r = new java.util.Random(7);
    for (int i = 0; i < s.length; i++) {
      s[i] = (short) (r.nextGaussian() * 20); // a quiet line, not digital zero
    }
    return s;
  }

  /** The first and last millisecond of {@code pcm} whose 20 ms frame is clearly loud. */
  private static long[] loud(short[] pcm) {
    long first = -1;
    long last = -1;
    for (int i = 0; i + 320 <= pcm.length; i += 320) {
      double sum = 0;
      for (int j = i; j < i + 320; j++) {
        sum += (double) pcm[j] * pcm[j];
      }
      if (Math.sqrt(sum / 320) > 500) {
        if (first < 0) {
          first = i / 16;
        }
        last = (i + 320) / 16;
      }
    }
    return new long[] {first, last};
  }

  /** The WAV a Record-URI value names, checked against its size and duration. */
  private WavFile recorded(String recordUri) throws Exception {
    Matcher m = RECORD_URI.matcher(recordUri);
    assertThat(m.matches()).as(recordUri).isTrue();
    Path file = Path.of(new URI(m.group(1)));
    assertThat(file.startsWith(dir)).isTrue();
    byte[] bytes = Files.readAllBytes(file);
    assertThat(bytes.length).isEqualTo(Long.parseLong(m.group(2)));
    WavFile w = WavFile.read(bytes);
    assertThat(w.sampleRate()).isEqualTo(16000);
    assertThat(w.durationMillis()).isEqualTo(Long.parseLong(m.group(3)));
    return w;
  }

  @Test
  void finalSilenceEndsTheRecordingAfterTheSpeech() throws Exception {
    MrcpRequest r =
        request(MrcpMethod.RECORD)
            .header(RecorderHeaders.MEDIA_TYPE, "audio/wav")
            .header(RecorderHeaders.FINAL_SILENCE, 800L)
            .build();
    channel.onRequest(r, line);
    response(r.requestId(), 200);
    feed(silence(500));
    feed(speech);
    feed(silence(3000));
    MrcpEvent start = event(MrcpEventName.START_OF_INPUT);
    assertThat(start.requestId()).isEqualTo(r.requestId());
    MrcpEvent done = event(MrcpEventName.RECORD_COMPLETE);
    assertThat(done.headers().get(RecorderHeaders.COMPLETION_CAUSE.name()))
        .contains("000 success-silence");
    WavFile w = recorded(done.headers().get(RecorderHeaders.RECORD_URI.name()).orElseThrow());
    long end = 500 + loud(speech)[1] + 800;
    assertThat(w.durationMillis())
        .as("half a second before, the speech up to its last loud frame, and the final silence")
        .isBetween(end - 300, end + 300);
    assertThat(channel.recording()).isFalse();
  }

  @Test
  void maxTimeCutsTheRecordingAtItsLength() throws Exception {
    MrcpRequest r = request(MrcpMethod.RECORD).header(RecorderHeaders.MAX_TIME, 1000L).build();
    channel.onRequest(r, line);
    response(r.requestId(), 200);
    feed(speech);
    feed(speech);
    event(MrcpEventName.START_OF_INPUT);
    MrcpEvent done = event(MrcpEventName.RECORD_COMPLETE);
    assertThat(done.headers().get(RecorderHeaders.COMPLETION_CAUSE.name()))
        .contains("001 success-maxtime");
    WavFile w = recorded(done.headers().get(RecorderHeaders.RECORD_URI.name()).orElseThrow());
    assertThat(w.sampleCount()).isEqualTo(16000);
    assertThat(w.samples()).startsWith(java.util.Arrays.copyOf(speech, 320));
  }

  @Test
  void captureOnSpeechAndTrimLengthKeepOnlyTheSpeech() throws Exception {
    MrcpRequest r =
        request(MrcpMethod.RECORD)
            .header(RecorderHeaders.CAPTURE_ON_SPEECH, true)
            .header(RecorderHeaders.FINAL_SILENCE, 1000L)
            .header(RecorderHeaders.TRIM_LENGTH, 1000L)
            .header(RecorderHeaders.RECORD_URI, "calls/caller-1.wav")
            .build();
    channel.onRequest(r, line);
    response(r.requestId(), 200);
    feed(silence(2000));
    feed(speech);
    feed(silence(2000));
    event(MrcpEventName.START_OF_INPUT);
    MrcpEvent done = event(MrcpEventName.RECORD_COMPLETE);
    String uri = done.headers().get(RecorderHeaders.RECORD_URI.name()).orElseThrow();
    assertThat(uri).contains("calls/caller-1.wav");
    WavFile w = recorded(uri);
    long[] span = loud(speech);
    assertThat(w.durationMillis())
        .as("the two seconds before the speech and the trimmed silence are left out")
        .isBetween(span[1] - span[0] - 300, span[1] - span[0] + 300);
  }

  @Test
  void noSpeechEndsWithNoInputTimeoutAndWritesNothing() throws Exception {
    MrcpRequest r =
        request(MrcpMethod.RECORD)
            .header(RecorderHeaders.NO_INPUT_TIMEOUT, 300L)
            .header(RecorderHeaders.START_INPUT_TIMERS, false)
            .build();
    channel.onRequest(r, line);
    response(r.requestId(), 200);
    feed(silence(500));
    assertThat(line.queue.poll(600, TimeUnit.MILLISECONDS)).as("timers held").isNull();
    MrcpRequest start = request(MrcpMethod.START_INPUT_TIMERS).build();
    channel.onRequest(start, line);
    response(start.requestId(), 200);
    MrcpEvent done = event(MrcpEventName.RECORD_COMPLETE);
    assertThat(done.headers().get(RecorderHeaders.COMPLETION_CAUSE.name()))
        .contains("002 no-input-timeout");
    assertThat(done.headers().get(RecorderHeaders.RECORD_URI.name())).isEmpty();
    try (var files = Files.list(dir)) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void stopKeepsWhatWasRecordedAndNamesItInTheResponse() throws Exception {
    MrcpRequest r = request(MrcpMethod.RECORD).build();
    channel.onRequest(r, line);
    response(r.requestId(), 200);
    MrcpRequest again = request(MrcpMethod.RECORD).build();
    channel.onRequest(again, line);
    response(again.requestId(), 402);
    feed(silence(700));
    MrcpRequest stop = request(MrcpMethod.STOP).header(RecorderHeaders.TRIM_LENGTH, 200L).build();
    channel.onRequest(stop, line);
    MrcpResponse s = response(stop.requestId(), 200);
    assertThat(s.headers().get(GenericHeaders.ACTIVE_REQUEST_ID_LIST))
        .contains(List.of(r.requestId()));
    WavFile w = recorded(s.headers().get(RecorderHeaders.RECORD_URI.name()).orElseThrow());
    assertThat(w.durationMillis()).as("700 ms recorded, the STOP's Trim-Length cut").isEqualTo(500);
    assertThat(line.queue.poll(300, TimeUnit.MILLISECONDS)).as("no RECORD-COMPLETE").isNull();
  }

  @Test
  void theClientCannotWriteOutsideTheFolderOrInAnotherFormat() throws Exception {
    for (String bad : List.of("../escape.wav", "file:///tmp/elsewhere.wav", "http://x/y.wav")) {
      MrcpRequest r = request(MrcpMethod.RECORD).header(RecorderHeaders.RECORD_URI, bad).build();
      channel.onRequest(r, line);
      MrcpResponse resp = response(r.requestId(), 407);
      assertThat(resp.headers().get(RecorderHeaders.COMPLETION_CAUSE.name()))
          .contains("003 uri-failure");
      assertThat(resp.headers().get(RecorderHeaders.FAILED_URI.name())).contains(bad);
    }
    MrcpRequest mp3 =
        request(MrcpMethod.RECORD).header(RecorderHeaders.MEDIA_TYPE, "audio/mpeg").build();
    channel.onRequest(mp3, line);
    response(mp3.requestId(), 409);
    MrcpRequest badTime = request(MrcpMethod.RECORD).header("Max-Time", "soon").build();
    channel.onRequest(badTime, line);
    response(badTime.requestId(), 404);
    assertThat(channel.recording()).isFalse();
    assertThat(Files.exists(dir.resolveSibling("escape.wav"))).isFalse();
  }
}
