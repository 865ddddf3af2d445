package io.mrcpj.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.mrcpj.client.esl.EslCall;
import io.mrcpj.client.esl.EslClient;
import io.mrcpj.client.esl.EventTemplates;
import io.mrcpj.client.esl.FakeFreeswitch;
import io.mrcpj.client.esl.SpeechResult;
import io.mrcpj.core.sdp.RtpCodec;
import io.mrcpj.server.config.ServerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * play_and_detect_speech driven from Java through the ESL client, recognized by our real server.
 * FreeSWITCH is scripted (it cannot run here); its mod_unimrcp part is played by our MRCP client,
 * which sends the grammar and the {@code {name=value}} parameters as a RECOGNIZE and streams the
 * caller's speech (flite recordings) over RTP, as mod_unimrcp would. What comes back to the
 * application is the real server's NLSML, carried in DETECTED_SPEECH and detect_speech_result.
 */
class EslSpeechIT {

  private static TestServer server;
  private static MrcpClient mrcp;
  private static FakeFreeswitch fs;
  private static EslClient esl;

  /** docs/freeswitch: the FreeSWITCH configuration we ship. */
  private static final Path SHIPPED = Path.of("../docs/freeswitch");

  /** The {@code <recogparams>} of the shipped profile: headers on every RECOGNIZE. */
  private static final Map<String, String> PROFILE_RECOGPARAMS = new LinkedHashMap<>();

  /** What each call's caller says (a fixture name), or absent for silence. */
  private static final Map<String, String> callers = new ConcurrentHashMap<>();

  @BeforeAll
  static void start() throws Exception {
    Element recog = (Element) profile().getElementsByTagName("recogparams").item(0);
    NodeList params = recog.getElementsByTagName("param");
    for (int i = 0; i < params.getLength(); i++) {
      Element p = (Element) params.item(i);
      PROFILE_RECOGPARAMS.put(p.getAttribute("name"), p.getAttribute("value"));
    }
    server = TestServer.start(34800);
    mrcp =
        server
            .client()
            .codecs(List.of(RtpCodec.PCMU, RtpCodec.PCMA, RtpCodec.L16_8K.withPayloadType(96)))
            .telephoneEvent(false)
            .build();
    fs = new FakeFreeswitch("ClueCon");
    fs.app("play_and_detect_speech", EslSpeechIT::modUnimrcp);
    esl = EslClient.builder().port(fs.port()).connect().get(5, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stop() throws Exception {
    if (esl != null) {
      esl.close();
    }
    if (fs != null) {
      fs.close();
    }
    if (mrcp != null) {
      mrcp.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @AfterEach
  void nothingLeft() {
    server.assertNothingLeft();
  }

  /** What mod_unimrcp does for {@code <prompt> detect:unimrcp:<profile> {params}<grammar>}. */
  private static void modUnimrcp(FakeFreeswitch.Conn conn, String call, String arg, String appUuid)
      throws Exception {
    String spec = arg.substring(arg.indexOf(" detect:") + 8);
    String rest = spec.substring(spec.indexOf(' ') + 1);
    RecognizeRequest.Builder req = RecognizeRequest.builder();
    PROFILE_RECOGPARAMS.forEach(req::header);
    if (rest.startsWith("{")) {
      for (String p : rest.substring(1, rest.indexOf('}')).split(",")) {
        String[] kv = p.split("=", 2);
        req.header(kv[0], kv[1]);
      }
      rest = rest.substring(rest.indexOf('}') + 1);
    }
    if (rest.contains(":")) {
      req.grammar(Grammar.uri(rest));
    } else {
      // A bare name: mod_unimrcp reads <grammar_dir>/<name>.gram and sends it with DEFINE-GRAMMAR.
      req.grammar(Grammar.xml(Files.readString(SHIPPED.resolve("grammar/" + rest + ".gram"))));
    }
    String says = callers.get(call);
    req.audio(
        says == null
            ? AudioSource.silence(3000)
            : AudioSource.wav(TestServer.SPEECH.resolve(says + "-8k.wav")));
    boolean events = "true".equals(fs.variable(call, "fire_asr_events"));
    RecognitionResult r;
    try (ClientSession s = mrcp.openSession(Duration.ofSeconds(5))) {
      r = s.recognizeSync(req.timeout(Duration.ofSeconds(20)).build());
    }
    if (events && r.timings().startOfInput() != 0) {
      fs.event(EventTemplates.detectedSpeech(call, "begin-speaking", null));
    }
    Map<String, String> vars = new LinkedHashMap<>();
    if (r.nlsml() != null) {
      if (events) {
        fs.event(EventTemplates.detectedSpeech(call, "detected-speech", r.nlsml()));
      }
      vars.put("detect_speech_result", r.nlsml());
    }
    conn.executed(call, "play_and_detect_speech", arg, appUuid, vars);
  }

  private static SpeechResult detect(String says, String grammar, Map<String, String> params)
      throws Exception {
    String uuid = UUID.randomUUID().toString();
    if (says != null) {
      callers.put(uuid, says);
    }
    EslCall call = esl.call(uuid);
    return call.playAndDetectSpeech("ivr/question.wav", "unimrcp:mrcpj", grammar, params)
        .get(30, TimeUnit.SECONDS);
  }

  private static Element profile() throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    Document d = f.newDocumentBuilder().parse(SHIPPED.resolve("mrcp_profiles/mrcpj.xml").toFile());
    return (Element) d.getElementsByTagName("profile").item(0);
  }

  private static String profileParam(String name) throws Exception {
    NodeList params = profile().getElementsByTagName("param");
    for (int i = 0; i < params.getLength(); i++) {
      Element p = (Element) params.item(i);
      if (p.getAttribute("name").equals(name)
          && p.getParentNode().getNodeName().equals("profile")) {
        return p.getAttribute("value");
      }
    }
    throw new AssertionError("no param " + name + " in the shipped profile");
  }

  @Test
  void theShippedProfilePointsAtTheServersDefaultsAndOffersCodecsItAnswers() throws Exception {
    ServerConfig d = ServerConfig.defaults();
    assertThat(profileParam("server-ip")).isEqualTo(d.sip().host());
    assertThat(Integer.parseInt(profileParam("server-port"))).isEqualTo(d.sip().port());
    assertThat(profileParam("sip-transport")).isIn("udp", "tcp");
    int min = Integer.parseInt(profileParam("rtp-port-min"));
    int max = Integer.parseInt(profileParam("rtp-port-max"));
    assertThat(max < d.rtp().portMin() || min > d.rtp().portMax())
        .as("FreeSWITCH's MRCP RTP range %d-%d clear of the server's", min, max)
        .isTrue();
    assertThat(profileParam("codecs").split(" "))
        .allSatisfy(c -> assertThat(c.split("/")[0]).isIn("PCMU", "PCMA", "L16", "G722"));
    assertThat(PROFILE_RECOGPARAMS).containsEntry("start-input-timers", "false");
  }

  @Test
  void theShippedYesNoGrammarFileGivesYes() throws Exception {
    // extension 7701 of docs/freeswitch/dialplan/mrcpj.xml
    SpeechResult r =
        detect(
            "awb-yes",
            "mrcpj-yesno",
            Map.of(
                "no-input-timeout", "5000",
                "recognition-timeout", "10000",
                "confidence-threshold", "0.5"));
    assertThat(r.kind()).isEqualTo(SpeechResult.Kind.SPEECH);
    assertThat(r.nlsml()).contains("<instance>yes</instance>");
  }

  @Test
  void aYesIsRecognizedWithTheBooleanGrammar() throws Exception {
    SpeechResult r =
        detect("rms-yes", "builtin:grammar/boolean", Map.of("no-input-timeout", "5000"));
    assertThat(r.kind()).isEqualTo(SpeechResult.Kind.SPEECH);
    assertThat(r.text()).isEqualTo("yes");
    assertThat(r.confidence()).isGreaterThan(0f);
    assertThat(r.nlsml()).contains("<input mode=\"speech\"");
  }

  @Test
  void aSentenceIsTranscribed() throws Exception {
    SpeechResult r =
        detect("rms-please-call-me-tomorrow-morning", "builtin:speech/transcribe", Map.of());
    assertThat(r.kind()).isEqualTo(SpeechResult.Kind.SPEECH);
    assertThat(r.text()).isEqualTo("please call me tomorrow morning");
  }

  @Test
  void silenceIsNoInputWhenTheTimerRunsOut() throws Exception {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("start-input-timers", "true");
    params.put("no-input-timeout", "1000");
    SpeechResult r = detect(null, "builtin:grammar/boolean", params);
    assertThat(r.kind()).isEqualTo(SpeechResult.Kind.NO_INPUT);
  }
}
