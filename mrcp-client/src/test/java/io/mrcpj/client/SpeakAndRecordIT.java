package io.mrcpj.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.mrcpj.core.media.WavFile;
import io.mrcpj.core.message.MrcpResource;
import io.mrcpj.core.message.RecognizerCompletionCause;
import io.mrcpj.core.message.RecorderCompletionCause;
import io.mrcpj.core.message.SynthesizerCompletionCause;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The client's Synthesizer and Recorder against the real server: FreeTTS speaks, the client
 * captures the RTP, and the same server's Vosk recognizer hears it; a caller's speech barges in on
 * a prompt; RECORD writes the caller's flite speech to a WAV file.
 */
class SpeakAndRecordIT {

  private static TestServer server;
  private static MrcpClient client;

  @BeforeAll
  static void start() throws Exception {
    server = TestServer.start(33600);
    client = server.client().build();
  }

  @AfterAll
  static void stop() {
    if (client != null) {
      client.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @AfterEach
  void nothingLeft() {
    server.assertNothingLeft();
  }

  @Test
  void whatTheServerSaysItsRecognizerHearsThroughTheClient() throws Exception {
    try (ClientSession session =
        client.openSession(
            Duration.ofSeconds(10), MrcpResource.SPEECHSYNTH, MrcpResource.SPEECHRECOG)) {
      SpeakResult spoken =
          session
              .synthesizer()
              .speak(SpeakRequest.text("four five six one"))
              .get(30, TimeUnit.SECONDS);
      assertThat(spoken.isNormal()).as(spoken.toString()).isTrue();
      assertThat(spoken.durationMillis()).isBetween(800L, 4000L);
      assertThat(spoken.audioStats().lost()).isZero();
      Path wav = Files.createTempFile("spoken", ".wav");
      try {
        spoken.writeWav(wav);
        assertThat(WavFile.read(Files.readAllBytes(wav)).sampleCount())
            .isEqualTo(spoken.pcm().length);
      } finally {
        Files.deleteIfExists(wav);
      }
      RecognitionResult heard =
          session.recognizeSync(
              RecognizeRequest.builder()
                  .grammar(Grammar.TRANSCRIBE)
                  .audio(AudioSource.pcm(spoken.pcm(), spoken.sampleRate()))
                  .pacing(Pacing.FAST)
                  .build());
      assertThat(heard.cause()).isEqualTo(RecognizerCompletionCause.SUCCESS);
      assertThat(heard.text()).isEqualTo("four five six one");
    }
  }

  @Test
  void theCallerSpeakingStopsThePromptWithBargeIn() throws Exception {
    try (ClientSession session =
        client.openSession(
            Duration.ofSeconds(10), MrcpResource.SPEECHSYNTH, MrcpResource.SPEECHRECOG)) {
      String prompt = "please listen carefully, as our menu options have changed. ".repeat(6);
      long start = System.nanoTime();
      CompletableFuture<SpeakResult> speak = session.synthesizer().speak(SpeakRequest.text(prompt));
      Thread.sleep(800);
      RecognitionResult heard =
          session.recognizeSync(
              RecognizeRequest.builder()
                  .grammar(Grammar.TRANSCRIBE)
                  .audio(TestServer.speech("rms-four-five-six-one"))
                  .build());
      SpeakResult r = speak.get(30, TimeUnit.SECONDS);
      assertThat(r.cause()).as(r.toString()).isEqualTo(SynthesizerCompletionCause.BARGE_IN);
      assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start))
          .as("the prompt (about 20 s) did not play to its end")
          .isLessThan(12);
      assertThat(r.durationMillis()).isLessThan(8000);
      assertThat(heard.text()).isEqualTo("four five six one");
    }
  }

  @Test
  void recordWritesTheCallersSpeechToAWavFile() throws Exception {
    try (ClientSession session =
        client.openSession(Duration.ofSeconds(10), MrcpResource.RECORDER)) {
      RecordResult r =
          session
              .recorder()
              .record(
                  RecordRequest.builder()
                      .finalSilence(Duration.ofMillis(800))
                      .audio(TestServer.speech("rms-four-five-six-one"))
                      .build())
              .get(30, TimeUnit.SECONDS);
      assertThat(r.cause()).as(r.toString()).isEqualTo(RecorderCompletionCause.SUCCESS_SILENCE);
      Path file = Path.of(new URI(r.recordUri()));
      try {
        WavFile w = WavFile.read(Files.readAllBytes(file));
        assertThat(Files.size(file)).isEqualTo(r.size());
        assertThat(w.durationMillis()).isEqualTo(r.durationMillis());
        short[] fed = TestServer.samples("rms-four-five-six-one");
        long fedMs = fed.length / 8;
        assertThat(w.durationMillis()).isBetween(fedMs - 1500, fedMs + 1500);
      } finally {
        Files.deleteIfExists(file);
      }
    }
  }

  @Test
  void aByeInTheMiddleOfASpeakStopsTheAudioAndFreesEverything() throws Exception {
    ClientSession session = client.openSession(Duration.ofSeconds(10), MrcpResource.SPEECHSYNTH);
    CompletableFuture<SpeakResult> speak =
        session
            .synthesizer()
            .speak(SpeakRequest.text("this prompt is long enough to be cut off. ".repeat(8)));
    Thread.sleep(1000);
    long packets = session.synthesizer().audioTotals().packets();
    assertThat(packets).as("audio was flowing").isGreaterThan(20);
    session.close();
    assertThat(speak)
        .as("the SPEAK future ends with the session")
        .failsWithin(Duration.ofSeconds(5));
    server.assertNothingLeft();
  }
}
