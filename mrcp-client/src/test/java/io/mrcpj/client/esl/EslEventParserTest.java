package io.mrcpj.client.esl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EslEventParserTest {

  /** Every event of a capture, decoded and parsed (no de-duplication). */
  static List<EslEvent> events(String capture) throws EslProtocolException {
    EmbeddedChannel ch = new EmbeddedChannel(new EslFrameDecoder(1 << 20, 1 << 24));
    ch.writeInbound(Unpooled.wrappedBuffer(EslCapture.load(capture).s2c));
    List<EslEvent> out = new ArrayList<>();
    for (Object o; (o = ch.readInbound()) != null; ) {
      EslMessage m = (EslMessage) o;
      if (m.isEvent()) {
        out.add(EslEventParser.parse(m));
      }
    }
    ch.finish();
    return out;
  }

  private static DetectedSpeechEvent detected(String capture) throws EslProtocolException {
    return events(capture).stream()
        .filter(
            e ->
                e instanceof DetectedSpeechEvent d
                    && d.type() == DetectedSpeechEvent.Type.DETECTED_SPEECH)
        .map(DetectedSpeechEvent.class::cast)
        .findFirst()
        .orElseThrow();
  }

  @Test
  void theSameDetectedSpeechReadsTheSameInPlainJsonAndXml() throws Exception {
    DetectedSpeechEvent json = detected("detected-speech");
    DetectedSpeechEvent plain = detected("detected-speech-plain");
    DetectedSpeechEvent xml = detected("detected-speech-xml");
    for (DetectedSpeechEvent e : List.of(json, plain, xml)) {
      assertThat(e.result().best().input()).as(e.format().name()).isEqualTo("one");
      assertThat(e.result().best().confidence()).isEqualTo(0.97f);
      assertThat(e.body()).isEqualTo(json.body()).hasSize(208);
      assertThat(e.channelName()).isEqualTo("loopback/7031-b");
      assertThat(e.destinationNumber()).isEqualTo("7031");
      assertThat(e.header("Event-Date-Local")).matches("2026-11-22 09:2\\d:\\d\\d");
      assertThat(e.header("FreeSWITCH-IPv6")).isEqualTo("fd00::2");
      assertThat(e.header("Content-Length")).isEqualTo("208");
    }
    assertThat(json.format()).isEqualTo(EventFormat.JSON);
    assertThat(plain.format()).isEqualTo(EventFormat.PLAIN);
    assertThat(xml.format()).isEqualTo(EventFormat.XML);
    assertThat(plain.headers().names()).isEqualTo(json.headers().names());
  }

  @Test
  void aMultiValuedVariableReadsTheSameInPlainJsonAndXml() throws Exception {
    for (String capture :
        List.of("detected-speech", "detected-speech-plain", "detected-speech-xml")) {
      CallHangupEvent b =
          events(capture).stream()
              .filter(e -> e instanceof CallHangupEvent h && h.isComplete())
              .map(CallHangupEvent.class::cast)
              .filter(h -> "loopback/7031-b".equals(h.channelName()))
              .findFirst()
              .orElseThrow();
      assertThat(b.values("variable_DP_MATCH")).as(capture).containsExactly("7031", "7031");
      assertThat(b.variable("DP_MATCH")).isEqualTo("7031");
      assertThat(b.cause()).isEqualTo("NORMAL_CLEARING");
    }
  }

  @Test
  void anXmlBodyEndingInLfLosesTheIndentationFreeSwitchAddsToIt() throws Exception {
    BackgroundJobEvent job =
        events("inbound-xml").stream()
            .filter(BackgroundJobEvent.class::isInstance)
            .map(BackgroundJobEvent.class::cast)
            .findFirst()
            .orElseThrow();
    assertThat(job.header("Content-Length")).isEqualTo("41");
    assertThat(job.result()).isEqualTo("+OK 60ba8242-0e78-4d32-b0d8-f887c2cfc451\n");
    assertThat(job.isOk()).isTrue();
    assertThat(job.command()).isEqualTo("originate");
    assertThat(job.commandArg()).isEqualTo("loopback/7001 &park");
  }

  @Test
  void xmlRepeatsAHeaderAsRepeatedElements() throws Exception {
    EslEvent codec =
        events("inbound-xml").stream()
            .filter(e -> e.values("Channel-Write-Codec-Name").size() > 1)
            .findFirst()
            .orElseThrow();
    assertThat(codec.values("Channel-Write-Codec-Name")).containsOnly("L16");
    assertThat(codec.header("Channel-Write-Codec-Name")).isEqualTo("L16");
  }

  @Test
  void eventsAreTypedByName() throws Exception {
    List<EslEvent> all = events("inbound-json");
    List<DtmfEvent> keys =
        all.stream().filter(DtmfEvent.class::isInstance).map(DtmfEvent.class::cast).toList();
    assertThat(keys).extracting(DtmfEvent::digit).containsExactly('1', '*', '9', '#');
    assertThat(keys.get(0).durationSamples()).isPositive();
    assertThat(keys.get(0).source()).isEqualTo("UNKNOWN");
    assertThat(keys.get(0).uniqueId()).isEqualTo("f2fc9472-92fa-461d-8d16-7d81bef08b1b");

    CallHangupEvent hangup =
        all.stream()
            .filter(CallHangupEvent.class::isInstance)
            .map(CallHangupEvent.class::cast)
            .findFirst()
            .orElseThrow();
    assertThat(hangup.isComplete()).isTrue();
    assertThat(hangup.cause()).isEqualTo("NORMAL_CLEARING");
    assertThat(all).filteredOn(CallCreatedEvent.class::isInstance).hasSize(2);
    assertThat(all).filteredOn(CallAnsweredEvent.class::isInstance).hasSize(2);

    ExecuteCompleteEvent park =
        all.stream()
            .filter(e -> e instanceof ExecuteCompleteEvent x && "park".equals(x.application()))
            .map(ExecuteCompleteEvent.class::cast)
            .findFirst()
            .orElseThrow();
    // the response park left is the playback's before it: stale
    assertThat(park.applicationResponse()).isEqualTo("FILE PLAYED");

    HeartbeatEvent beat =
        events("inbound-xml").stream()
            .filter(HeartbeatEvent.class::isInstance)
            .map(HeartbeatEvent.class::cast)
            .findFirst()
            .orElseThrow();
    assertThat(beat.sessionCount()).isZero();
    assertThat(beat.version()).isEqualTo("1.10.12-release~64bit");
    assertThat(beat.upTime()).startsWith("0 years, 0 days");

    CustomEvent open =
        events("detected-speech").stream()
            .filter(CustomEvent.class::isInstance)
            .map(CustomEvent.class::cast)
            .findFirst()
            .orElseThrow();
    assertThat(open.subclass()).isEqualTo("unimrcp::profile_open");
    assertThat(open.isCustom("unimrcp::profile_open")).isTrue();
  }

  @Test
  void theOutboundChannelDataIsDecoded() {
    EslCapture cap = EslCapture.load("outbound");
    EmbeddedChannel ch = new EmbeddedChannel(new EslFrameDecoder(1 << 20, 1 << 20));
    ch.writeInbound(Unpooled.wrappedBuffer(cap.fromFreeswitch().get(0).bytes()));
    EslMessage m = ch.readInbound();
    EslEvent data = EslEventParser.fromHeaderBlock(m.headers());
    assertThat(data).isInstanceOf(ChannelEvent.class);
    assertThat(data.name()).isEqualTo("CHANNEL_DATA");
    assertThat(data.header("Reply-Text")).isEqualTo("+OK\n");
    assertThat(data.uniqueId()).isEqualTo("ef804382-2d27-4476-bce1-9b19a1daa3e0");
    assertThat(data.header("Event-Date-Local")).isEqualTo("2026-11-22 09:25:22");
    assertThat(data.variable("current_application_data")).isEqualTo("127.0.0.1:8084 async full");
  }

  @Test
  void urlDecodingKeepsPlusAndOddPercents() {
    assertThat(UrlCoding.decode("%2BOK%20it%3A+%zz%4")).isEqualTo("+OK it:+%zz%4");
    assertThat(UrlCoding.decode("caf%C3%A9")).isEqualTo("café");
  }

  @Test
  void plainArrayValuesBecomeSeveralValues() throws Exception {
    byte[] body =
        "Event-Name: CUSTOM\nEvent-Subclass: a%3A%3Ab\nvariable_x: ARRAY%3A%3Aone%7C%3Atwo%7C%3Athree\n\n"
            .getBytes(StandardCharsets.UTF_8);
    EslEvent e = EslEventParser.plain(body);
    assertThat(e.values("variable_x")).containsExactly("one", "two", "three");
    assertThat(e.variable("x")).isEqualTo("one");
    assertThat(e.subclass()).isEqualTo("a::b");
  }

  @Test
  void brokenEventsAreProtocolErrors() {
    assertThatThrownBy(
            () -> EslEventParser.json("{\"Event-Name\": ".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(EslProtocolException.class)
        .hasMessageContaining("JSON");
    assertThatThrownBy(() -> EslEventParser.json("[1]".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(EslProtocolException.class);
    assertThatThrownBy(
            () -> EslEventParser.xml("<event><headers>".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(EslProtocolException.class)
        .hasMessageContaining("XML");
    assertThatThrownBy(
            () ->
                EslEventParser.plain(
                    "Event-Name: X\nContent-Length: 50\n\nshort".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(EslProtocolException.class)
        .hasMessageContaining("50");
    assertThatThrownBy(
            () ->
                EslEventParser.parse(
                    new EslMessage(
                        EslHeaders.builder().add("Content-Type", "text/event-json").build(),
                        "{\"A\":\"b\"}".getBytes(StandardCharsets.UTF_8))))
        .hasMessageContaining("Event-Name");
  }

  @Test
  void anXmlEventThatIsNotUtf8IsRefusedWithoutNoiseOnStderr() throws Exception {
    byte[] bad =
        "<event><headers><Event-Name>X</Event-Name></headers></event>"
            .getBytes(StandardCharsets.UTF_8);
    bad[20] = (byte) 0x80;
    java.io.PrintStream err = System.err;
    java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
    System.setErr(new java.io.PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      assertThatThrownBy(() -> EslEventParser.xml(bad))
          .isInstanceOf(EslProtocolException.class)
          .hasMessageContaining("not UTF-8");
    } finally {
      System.setErr(err);
    }
    assertThat(captured.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  @Test
  void anXmlEventCannotReachOutsideItself() {
    String xxe =
        "<?xml version=\"1.0\"?><!DOCTYPE e [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
            + "<event><headers><Event-Name>&x;</Event-Name></headers></event>";
    assertThatThrownBy(() -> EslEventParser.xml(xxe.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(EslProtocolException.class);
    String laughs =
        "<?xml version=\"1.0\"?><!DOCTYPE e [<!ENTITY a \"aaaaaaaaaa\">"
            + "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">]>"
            + "<event><headers><Event-Name>&b;</Event-Name></headers></event>";
    assertThatThrownBy(() -> EslEventParser.xml(laughs.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(EslProtocolException.class);
  }
}
