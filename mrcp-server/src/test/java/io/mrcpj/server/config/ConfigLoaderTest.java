package io.mrcpj.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

  private final ConfigLoader loader = new ConfigLoader();

  @Test
  void emptyTextGivesTheDocumentedDefaults() throws Exception {
    ServerConfig c = loader.parse("", "test");
    assertThat(c.sip().host()).isEqualTo("127.0.0.1");
    assertThat(c.sip().port()).isEqualTo(8060);
    assertThat(c.sip().transports()).containsExactly("udp", "tcp");
    assertThat(c.mrcp().port()).isEqualTo(1544);
    assertThat(c.mrcp().maxMessageBytes()).isEqualTo(1 << 20);
    assertThat(c.rtp().portMin()).isEqualTo(5000);
    assertThat(c.rtp().portMax()).isEqualTo(6000);
    assertThat(c.rtp().inbandDtmf()).isTrue();
    assertThat(c.engine().name()).isEqualTo("vosk");
    assertThat(c.limits().maxSessions()).isEqualTo(1000);
    assertThat(c.limits().maxSessionsPerSource()).isZero();
    assertThat(c.limits().maxChannelsPerConnection()).isEqualTo(1000);
    assertThat(c.limits().rtpTimeout()).isEqualTo(120);
    assertThat(c.limits().mrcpTimeout()).isEqualTo(60);
    assertThat(c.limits().shutdownGrace()).isEqualTo(30);
    assertThat(c.limits().engineTimeout()).isEqualTo(10);
    assertThat(c.sip().ackTimeout()).isEqualTo(32);
    assertThat(c.sip().allow()).isEmpty();
    assertThat(c.mrcp().allow()).isEmpty();
  }

  @Test
  void limitsAndAllowListsAreRead() throws Exception {
    ServerConfig c =
        loader.parse(
            """
            sip:
              allow: [10.0.0.0/8, "::1"]
              ack-timeout: 8
            mrcp:
              allow: [192.0.2.10]
            limits:
              max-sessions: 300
              max-sessions-per-source: 20
              rtp-timeout: 0
              mrcp-timeout: 15
              shutdown-grace: 5
              engine-timeout: 3
            """,
            "test");
    assertThat(c.sip().allow()).containsExactly("10.0.0.0/8", "::1");
    assertThat(c.sip().allowFilter().allowsLiteral("10.1.2.3")).isTrue();
    assertThat(c.sip().ackTimeout()).isEqualTo(8);
    assertThat(c.mrcp().allowFilter().allowsLiteral("192.0.2.11")).isFalse();
    assertThat(c.limits().maxChannelsPerConnection())
        .as("follows max-sessions when not set")
        .isEqualTo(300);
    assertThat(c.limits().maxSessionsPerSource()).isEqualTo(20);
    assertThat(c.limits().rtpTimeout()).isZero();
    assertThat(c.limits().mrcpTimeout()).isEqualTo(15);
    assertThat(c.limits().shutdownGrace()).isEqualTo(5);
    assertThat(c.limits().engineTimeout()).isEqualTo(3);
  }

  @Test
  void metricsAndLoggingAreRead() throws Exception {
    ServerConfig d = loader.parse("", "test");
    assertThat(d.metrics()).isEqualTo(new MetricsConfig(true, "127.0.0.1", 9090));
    assertThat(d.logging().maskText()).isFalse();
    ServerConfig c =
        loader.parse(
            """
            metrics:
              host: 0.0.0.0
              port: 9464
            logging:
              mask-text: true
            """,
            "test");
    assertThat(c.metrics()).isEqualTo(new MetricsConfig(true, "0.0.0.0", 9464));
    assertThat(c.logging().maskText()).isTrue();
    assertThat(loader.parse("metrics:\n  enabled: false\n", "t").metrics().enabled()).isFalse();
    assertThatThrownBy(() -> loader.parse("metrics:\n  port: 70000\n", "f"))
        .isInstanceOf(ConfigLoader.ConfigException.class)
        .hasMessageContaining("metrics.port");
    assertThatThrownBy(() -> loader.parse("logging:\n  mask: yes\n", "f"))
        .isInstanceOf(ConfigLoader.ConfigException.class)
        .hasMessageContaining("mask");
  }

  @Test
  void theLanguageMapIsReadAndMustNameLoadedEngines() throws Exception {
    ServerConfig c =
        loader.parse("engine:\n  load: [demo]\n  by-language: {de: demo, fr-CA: VOSK}\n", "t");
    assertThat(c.engine().byLanguage())
        .containsExactly(java.util.Map.entry("de", "demo"), java.util.Map.entry("fr-ca", "vosk"));
    assertThatThrownBy(() -> loader.parse("engine:\n  by-language: {de: whisper}\n", "f"))
        .isInstanceOf(ConfigLoader.ConfigException.class)
        .hasMessageContaining("engine.by-language.de")
        .hasMessageContaining("whisper");
  }

  @Test
  void aBadAllowEntryOrLimitIsNamed() {
    assertThatThrownBy(() -> loader.parse("sip:\n  allow: [pbx.example.com]\n", "f"))
        .isInstanceOf(ConfigLoader.ConfigException.class)
        .hasMessageContaining("sip.allow")
        .hasMessageContaining("pbx.example.com");
    assertThatThrownBy(() -> loader.parse("limits:\n  rtp-timeout: -1\n", "f"))
        .isInstanceOf(ConfigLoader.ConfigException.class)
        .hasMessageContaining("limits.rtp-timeout");
    assertThatThrownBy(() -> loader.parse("limits:\n  engine-timeout: 0\n", "f"))
        .isInstanceOf(ConfigLoader.ConfigException.class)
        .hasMessageContaining("limits.engine-timeout");
  }

  @Test
  void readsNestedSettingsAndKeepsDefaultsForTheRest() throws Exception {
    ServerConfig c =
        loader.parse(
            """
            mrcp:
              port: 11544
            engine:
              settings:
                vosk:
                  workers: "2"
            """,
            "test");
    assertThat(c.mrcp().port()).isEqualTo(11544);
    assertThat(c.mrcp().host()).isEqualTo("127.0.0.1");
    assertThat(c.engine().settingsOf("vosk")).containsEntry("workers", "2");
    assertThat(c.engine().settingsOf("other")).isEmpty();
  }

  @Test
  void aMisspeltKeyIsAnErrorNamingIt() {
    assertThatThrownBy(() -> loader.parse("mrcp:\n  prot: 1\n", "server.yaml"))
        .isInstanceOf(ConfigLoader.ConfigException.class)
        .hasMessageContaining("server.yaml")
        .hasMessageContaining("prot");
  }

  @Test
  void anOutOfRangeValueNamesTheSettingAndTheRange() {
    assertThatThrownBy(() -> loader.parse("sip:\n  port: 70000\n", "server.yaml"))
        .isInstanceOf(ConfigLoader.ConfigException.class)
        .hasMessageContaining("sip.port")
        .hasMessageContaining("65535");
  }

  @Test
  void anInvertedRtpRangeIsRefused() {
    assertThatThrownBy(() -> loader.parse("rtp:\n  port-min: 6000\n  port-max: 5000\n", "f"))
        .isInstanceOf(ConfigLoader.ConfigException.class)
        .hasMessageContaining("rtp.port-max");
  }

  @Test
  void inBandDtmfDetectionCanBeSwitchedOff() throws Exception {
    ServerConfig c = loader.parse("rtp:\n  inband-dtmf: false\n", "f");
    assertThat(c.rtp().inbandDtmf()).isFalse();
    assertThat(c.rtp().portMin()).as("the rest keeps its defaults").isEqualTo(5000);
    assertThat(loader.parse("rtp:\n  inband-dtmf: true\n", "f").rtp().inbandDtmf()).isTrue();
    assertThat(new RtpConfig("127.0.0.1", 5000, 6000).inbandDtmf()).isTrue();
  }

  @Test
  void aNonBooleanInBandDtmfIsRefusedWithItsName() {
    assertThatThrownBy(() -> loader.parse("rtp:\n  inband-dtmf: sometimes\n", "server.yaml"))
        .isInstanceOf(ConfigLoader.ConfigException.class)
        .hasMessageContaining("server.yaml")
        .hasMessageContaining("rtp.inband-dtmf");
  }

  @Test
  void anUnknownTransportIsRefused() {
    assertThatThrownBy(() -> loader.parse("sip:\n  transports: [udp, sctp]\n", "f"))
        .isInstanceOf(ConfigLoader.ConfigException.class)
        .hasMessageContaining("sctp");
  }

  @Test
  void brokenYamlIsAnErrorWithAPlace() {
    assertThatThrownBy(() -> loader.parse("mrcp: [port: 1\n", "f"))
        .isInstanceOf(ConfigLoader.ConfigException.class)
        .hasMessageStartingWith("f: ");
  }

  @Test
  void aMissingFileIsNamed(@TempDir Path dir) {
    Path missing = dir.resolve("nope.yaml");
    assertThatThrownBy(() -> loader.load(missing))
        .isInstanceOf(ConfigLoader.ConfigException.class)
        .hasMessageContaining("nope.yaml")
        .hasMessageContaining("no such file");
  }

  @Test
  void loadsAFile(@TempDir Path dir) throws Exception {
    Path f = Files.writeString(dir.resolve("s.yaml"), "limits:\n  max-sessions: 5\n");
    assertThat(loader.load(f).limits().maxSessions()).isEqualTo(5);
  }

  @Test
  void theReadmesRecognizerSectionIsReadAndItsDefaultsAreTheRfcs() throws Exception {
    RecognizerConfig d = loader.parse("", "test").recognizer();
    assertThat(d.recognitionTimeout()).isEqualTo(10_000);
    assertThat(d.dtmfInterdigitTimeout()).isEqualTo(5000);
    assertThat(d.dtmfTermTimeout()).isEqualTo(10_000);
    assertThat(d.grammarFetch().allowedHosts()).isEmpty();
    assertThat(d.grammarFetch().fileRootPath()).isNull();
    assertThat(d.nlsml().contentType()).isEqualTo("application/nlsml+xml");
    RecognizerConfig c =
        loader
            .parse(
                """
                recognizer:
                  no-input-timeout: 7000
                  start-input-timers-fallback: 30000
                  grammar-fetch:
                    allowed-hosts: [Grammars.Example.com, "*"]
                    file-root:
                  waveforms:
                    base-uri:
                    keep: true
                  nlsml:
                    namespace: false
                    content-type: application/x-nlsml
                """,
                "test")
            .recognizer();
    assertThat(c.toDefaults().noInputTimeoutMillis()).isEqualTo(7000);
    assertThat(c.toDefaults().startInputTimersFallbackMillis()).isEqualTo(30_000);
    assertThat(c.grammarFetch().allowedHosts()).containsExactly("grammars.example.com", "*");
    assertThat(c.waveforms().keep()).isTrue();
    assertThat(c.nlsml().namespace()).isFalse();
  }

  @Test
  void badRecognizerValuesNameTheirKey() {
    assertThatThrownBy(() -> loader.parse("recognizer:\n  confidence-threshold: 2\n", "s.yaml"))
        .hasMessageContaining("recognizer.confidence-threshold");
    assertThatThrownBy(
            () -> loader.parse("recognizer:\n  nlsml:\n    content-type: text/xml\n", "s.yaml"))
        .hasMessageContaining("recognizer.nlsml.content-type");
    assertThatThrownBy(
            () -> loader.parse("recognizer:\n  grammar-fetch:\n    allow: [x]\n", "s.yaml"))
        .hasMessageContaining("allow");
  }
}
