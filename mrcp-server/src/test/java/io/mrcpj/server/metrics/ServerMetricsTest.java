package io.mrcpj.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ServerMetricsTest {

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final ServerMetrics metrics = new ServerMetrics(registry);

  private double count(String name, String... tags) {
    return registry.get(name).tags(tags).counter().count();
  }

  @Test
  void countsSipResponsesByMethodAndStatus() {
    metrics.sipResponse("INVITE", 100);
    metrics.sipResponse("INVITE", 200);
    metrics.sipResponse("INVITE", 200);
    metrics.sipResponse("OPTIONS", 503);
    assertThat(count("mrcpj.sip.responses", "method", "INVITE", "status", "200")).isEqualTo(2);
    assertThat(count("mrcpj.sip.responses", "method", "INVITE", "status", "100")).isEqualTo(1);
    assertThat(count("mrcpj.sip.responses", "method", "OPTIONS", "status", "503")).isEqualTo(1);
  }

  @Test
  void aPeerCannotGrowTheLabelsWithoutEnd() {
    for (int i = 0; i < ServerMetrics.MAX_LABELS + 50; i++) {
      metrics.mrcpRequest("VENDOR-" + i, 405);
    }
    metrics.mrcpRequest("not a method!", 405);
    metrics.mrcpRequest("X".repeat(40), 405);
    long methods =
        registry.find("mrcpj.mrcp.requests").counters().stream()
            .map(c -> c.getId().getTag("method"))
            .distinct()
            .count();
    assertThat(methods).isEqualTo(ServerMetrics.MAX_LABELS + 1); // the first 64, and OTHER
    assertThat(count("mrcpj.mrcp.requests", "method", "OTHER", "status", "405")).isEqualTo(52);
    // a method seen before the cap keeps its own label
    metrics.mrcpRequest("VENDOR-0", 200);
    assertThat(count("mrcpj.mrcp.requests", "method", "VENDOR-0", "status", "200")).isEqualTo(1);
  }

  @Test
  void speaksAndRecordingsByCauseAndTheAudioSent() {
    metrics.speak("000", 1.5);
    metrics.speak("000", 0.5);
    metrics.speak("stopped", 0.25);
    metrics.speak("bogus", 0);
    metrics.record("001");
    metrics.record("stopped");
    assertThat(count("mrcpj.speaks", "cause", "000")).isEqualTo(2);
    assertThat(count("mrcpj.speaks", "cause", "stopped")).isEqualTo(1);
    assertThat(count("mrcpj.speaks", "cause", "unknown")).isEqualTo(1);
    assertThat(registry.get("mrcpj.synthesis.audio.seconds").counter().count()).isEqualTo(2.25);
    assertThat(count("mrcpj.records", "cause", "001")).isEqualTo(1);
    assertThat(count("mrcpj.records", "cause", "stopped")).isEqualTo(1);
  }

  @Test
  void recognitionsByCauseCode() {
    metrics.recognition("000");
    metrics.recognition("001");
    metrics.recognition("000");
    metrics.recognition("garbage");
    assertThat(count("mrcpj.recognitions", "cause", "000")).isEqualTo(2);
    assertThat(count("mrcpj.recognitions", "cause", "001")).isEqualTo(1);
    assertThat(count("mrcpj.recognitions", "cause", "unknown")).isEqualTo(1);
  }

  @Test
  void setupsAndLatencies() {
    metrics.sessionAccepted(TimeUnit.MILLISECONDS.toNanos(12));
    metrics.sessionRefused(503);
    metrics.sessionRefused(503);
    metrics.sessionRefused(488);
    metrics.recognizeInProgress(TimeUnit.MILLISECONDS.toNanos(3));
    metrics.completedAfterSpeech(TimeUnit.MILLISECONDS.toNanos(250));
    assertThat(count("mrcpj.sessions.setups", "result", "accepted")).isEqualTo(1);
    assertThat(count("mrcpj.sessions.setups", "result", "refused", "status", "503")).isEqualTo(2);
    assertThat(count("mrcpj.sessions.setups", "result", "refused", "status", "488")).isEqualTo(1);
    assertThat(registry.get("mrcpj.session.setup").timer().totalTime(TimeUnit.MILLISECONDS))
        .isEqualTo(12);
    assertThat(registry.get("mrcpj.recognize.in.progress").timer().count()).isEqualTo(1);
    assertThat(
            registry.get("mrcpj.recognition.after.speech").timer().totalTime(TimeUnit.MILLISECONDS))
        .isEqualTo(250);
  }

  @Test
  void rtpMetersAreSharedPerCodec() {
    assertThat(metrics.rtp("pcmu")).isSameAs(metrics.rtp("PCMU"));
    metrics.rtp("PCMU").packets().increment(3);
    metrics.rtp("L16").lost().increment(2);
    assertThat(count("mrcpj.rtp.packets", "codec", "PCMU")).isEqualTo(3);
    assertThat(count("mrcpj.rtp.lost", "codec", "L16")).isEqualTo(2);
  }
}
