package io.mrcpj.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mrcpj.core.message.MrcpMethod;
import io.mrcpj.core.message.MrcpRequest;
import io.mrcpj.core.message.MrcpResource;
import io.mrcpj.core.message.MrcpResponse;
import io.mrcpj.core.message.RecorderCompletionCause;
import io.mrcpj.core.sdp.ConnectionMode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The client's recorder against a scripted server: the offer, RECORD with its headers, the caller
 * audio going out once IN-PROGRESS came, RECORD-COMPLETE with Record-URI, and STOP.
 */
class RecorderIT {

  private static ScriptedServer server() throws Exception {
    return new ScriptedServer(Map.of("recorder", "rec1"), ConnectionMode.NEW);
  }

  @Test
  void recordSendsTheAudioAndReadsRecordComplete() throws Exception {
    try (ScriptedServer server = server();
        MrcpClient client = MrcpClient.builder().server("127.0.0.1", server.sipPort()).build();
        ClientSession session = client.openSession(Duration.ofSeconds(5), MrcpResource.RECORDER)) {
      String offer = server.offer();
      assertThat(offer).contains("a=resource:recorder\r\n").contains("a=sendonly\r\n");
      ScriptedServer.Connection mrcp = server.accept();
      CompletableFuture<RecordResult> f =
          session
              .recorder()
              .record(
                  RecordRequest.builder()
                      .recordUri("")
                      .maxTime(Duration.ofSeconds(10))
                      .finalSilence(Duration.ofMillis(500))
                      .audio(AudioSource.pcm(TestAudio.tone(440, 1600), 8000))
                      .pacing(Pacing.FAST)
                      .silenceAfterAudio(false)
                      .build());
      MrcpRequest record = mrcp.next();
      assertThat(record.method()).isEqualTo(MrcpMethod.RECORD);
      assertThat(record.channelId().orElseThrow().toString()).isEqualTo("rec1@recorder");
      assertThat(record.headers().get("Record-URI")).contains("");
      assertThat(record.headers().get("Media-Type")).contains("audio/wav");
      assertThat(record.headers().get("Max-Time")).contains("10000");
      assertThat(record.headers().get("Final-Silence")).contains("500");
      mrcp.respond(record, 200, "IN-PROGRESS");
      List<byte[]> audio = server.receiveRtp(10, 5000); // 200 ms of audio, 20 ms a packet
      assertThat(audio).allSatisfy(p -> assertThat(p).hasSize(12 + 160));
      mrcp.event(record, "START-OF-INPUT", "IN-PROGRESS");
      mrcp.event(
          record,
          "RECORD-COMPLETE",
          "COMPLETE",
          "Completion-Cause",
          "000 success-silence",
          "Record-URI",
          "<file:///var/rec/r1.wav>;size=3244;duration=200");
      RecordResult r = f.get(5, TimeUnit.SECONDS);
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.cause()).isEqualTo(RecorderCompletionCause.SUCCESS_SILENCE);
      assertThat(r.isSuccess()).isTrue();
      assertThat(r.recordUri()).isEqualTo("file:///var/rec/r1.wav");
      assertThat(r.size()).isEqualTo(3244);
      assertThat(r.durationMillis()).isEqualTo(200);
      assertThat(r.stopped()).isFalse();

      CompletableFuture<MrcpResponse> timers = session.recorder().startInputTimers();
      MrcpRequest t = mrcp.next();
      assertThat(t.method()).isEqualTo(MrcpMethod.START_INPUT_TIMERS);
      mrcp.respond(t, 200, "COMPLETE");
      timers.get(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void stopEndsTheRecordingWithTheStopResponsesRecordUri() throws Exception {
    try (ScriptedServer server = server();
        MrcpClient client = MrcpClient.builder().server("127.0.0.1", server.sipPort()).build();
        ClientSession session = client.openSession(Duration.ofSeconds(5), MrcpResource.RECORDER)) {
      ScriptedServer.Connection mrcp = server.accept();
      CompletableFuture<RecordResult> f =
          session
              .recorder()
              .record(RecordRequest.builder().recordUri("http://store/x.wav").build());
      MrcpRequest record = mrcp.next();
      mrcp.respond(record, 200, "IN-PROGRESS");
      assertThat(server.receiveRtp(3, 5000)).hasSize(3); // silence, as on a live line
      CompletableFuture<MrcpResponse> stop = session.recorder().stop(Duration.ofMillis(300));
      MrcpRequest s = mrcp.next();
      assertThat(s.method()).isEqualTo(MrcpMethod.STOP);
      assertThat(s.headers().get("Trim-Length")).contains("300");
      mrcp.respond(
          s,
          200,
          "COMPLETE",
          "Active-Request-Id-List",
          Long.toString(record.requestId()),
          "Record-URI",
          "<http://store/x.wav>;size=1000;duration=62");
      stop.get(5, TimeUnit.SECONDS);
      RecordResult r = f.get(5, TimeUnit.SECONDS);
      assertThat(r.stopped()).isTrue();
      assertThat(r.recordUri()).isEqualTo("http://store/x.wav");
      assertThat(r.durationMillis()).isEqualTo(62);
      assertThat(r.cause()).isNull();

      // a refused RECORD is a result
      CompletableFuture<RecordResult> g =
          session.recorder().record(RecordRequest.builder().build());
      MrcpRequest again = mrcp.next();
      mrcp.respond(again, 403, "COMPLETE", "Completion-Cause", "004 error");
      RecordResult refused = g.get(5, TimeUnit.SECONDS);
      assertThat(refused.status()).isEqualTo(403);
      assertThat(refused.cause()).isEqualTo(RecorderCompletionCause.ERROR);
      assertThatThrownBy(session::synthesizer).isInstanceOf(IllegalStateException.class);
    }
  }
}
