package io.mrcpj.core.fuzz;

import io.mrcpj.core.codec.MrcpDecodeFailure;
import io.mrcpj.core.codec.MrcpDecoder;
import io.mrcpj.core.codec.MrcpDecoderConfig;
import io.mrcpj.core.codec.MrcpEncoder;
import io.mrcpj.core.codec.MrcpProtocolException;
import io.mrcpj.core.grammar.Grammar;
import io.mrcpj.core.grammar.GrammarException;
import io.mrcpj.core.grammar.PhraseExpander;
import io.mrcpj.core.grammar.SrgsAbnfParser;
import io.mrcpj.core.grammar.SrgsXmlParser;
import io.mrcpj.core.media.RtpPacket;
import io.mrcpj.core.media.TelephoneEvent;
import io.mrcpj.core.message.MrcpMessage;
import io.mrcpj.core.nlsml.NlsmlParseException;
import io.mrcpj.core.nlsml.NlsmlReader;
import io.mrcpj.core.nlsml.NlsmlResult;
import io.mrcpj.core.nlsml.NlsmlWriter;
import io.mrcpj.core.sdp.SdpParseException;
import io.mrcpj.core.sdp.SdpParser;
import io.mrcpj.core.sdp.SdpWriter;
import io.mrcpj.core.sdp.SessionDescription;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import java.util.ArrayList;
import java.util.List;

/**
 * What every parser of untrusted input must do with any bytes at all: return a value or throw its
 * own documented exception, never anything else, within its size limits, and agree with its writer
 * (what it accepted, written back, reads the same). Each target throws {@link AssertionError} when
 * that is broken. Used by the Jazzer fuzz tests and by the mutation test that runs in every build.
 */
public final class FuzzTargets {

  private FuzzTargets() {}

  /** Small limits, so that the fuzzer reaches the limit paths with small inputs. */
  static final MrcpDecoderConfig SMALL =
      MrcpDecoderConfig.builder()
          .maxStartLineBytes(256)
          .maxHeaderBytes(2048)
          .maxMessageBytes(4096)
          .maxHeaderCount(32)
          .build();

  /**
   * The MRCP decoder on a stream cut into pieces at {@code cuts}: only messages and decode failures
   * come out; a framing error closes the stream with {@link MrcpProtocolException}; every message
   * decoded, encoded again, decodes to the same message (the encoder's form is a fixed point).
   */
  public static void mrcp(byte[] data, int cutSeed) {
    EmbeddedChannel ch = new EmbeddedChannel(new MrcpDecoder(SMALL));
    List<Object> out = new ArrayList<>();
    try {
      int pos = 0;
      int seed = cutSeed;
      while (pos < data.length) {
        seed = seed * 1_103_515_245 + 12_345;
        int n = Math.min(data.length - pos, 1 + Math.floorMod(seed >>> 8, 97));
        try {
          ch.writeInbound(Unpooled.wrappedBuffer(data, pos, n));
        } catch (DecoderException e) {
          if (!(e instanceof MrcpProtocolException)
              && !(e.getCause() instanceof MrcpProtocolException)) {
            throw new AssertionError("decoder threw " + e.getCause(), e);
          }
          break; // a framing error: the connection would be closed here
        }
        pos += n;
        Object m;
        while ((m = ch.readInbound()) != null) {
          out.add(m);
        }
      }
    } finally {
      ch.finishAndReleaseAll();
    }
    for (Object m : out) {
      if (m instanceof MrcpMessage msg) {
        roundTrip(msg);
      } else if (!(m instanceof MrcpDecodeFailure)) {
        throw new AssertionError("decoder produced " + m.getClass());
      }
    }
  }

  private static void roundTrip(MrcpMessage msg) {
    byte[] again = MrcpEncoder.encode(msg);
    EmbeddedChannel ch = new EmbeddedChannel(new MrcpDecoder(MrcpDecoderConfig.DEFAULT));
    try {
      ch.writeInbound(Unpooled.wrappedBuffer(again));
      Object back = ch.readInbound();
      if (!(back instanceof MrcpMessage m)) {
        throw new AssertionError("re-encoded message does not decode: " + back);
      }
      // the encoder's form is a fixed point (a sender may leave Content-Length out, the encoder
      // always writes it, so the messages themselves may differ by that header)
      byte[] third = MrcpEncoder.encode(m);
      if (!java.util.Arrays.equals(third, again)) {
        throw new AssertionError(
            "round trip changed the message:\n"
                + new String(again, java.nio.charset.StandardCharsets.ISO_8859_1)
                + "\n---\n"
                + new String(third, java.nio.charset.StandardCharsets.ISO_8859_1));
      }
      if (m.requestId() != msg.requestId() || !java.util.Arrays.equals(m.body(), msg.body())) {
        throw new AssertionError("round trip changed the request-id or the body: " + msg);
      }
    } finally {
      ch.finishAndReleaseAll();
    }
  }

  /** SDP: parse, or SdpParseException; what parses, written again, parses to the same text. */
  public static void sdp(byte[] data) {
    SessionDescription sd;
    try {
      sd = new SdpParser().parse(data);
    } catch (SdpParseException e) {
      return;
    }
    String text = SdpWriter.write(sd);
    try {
      SessionDescription again = new SdpParser().parse(text);
      if (!SdpWriter.write(again).equals(text)) {
        throw new AssertionError("SDP round trip changed:\n" + text);
      }
    } catch (SdpParseException e) {
      throw new AssertionError("written SDP does not parse: " + e.getMessage() + "\n" + text, e);
    }
  }

  /** NLSML: read, or NlsmlParseException; what reads, written again, reads again. */
  public static void nlsml(byte[] data) {
    NlsmlResult r;
    try {
      r = NlsmlReader.read(data);
    } catch (NlsmlParseException e) {
      return;
    }
    if (r.interpretations().size() > NlsmlReader.MAX_INTERPRETATIONS) {
      throw new AssertionError("more interpretations than the limit");
    }
    String written = NlsmlWriter.write(r);
    try {
      NlsmlReader.read(written);
    } catch (NlsmlParseException e) {
      throw new AssertionError(
          "written NLSML does not read: " + e.getMessage() + "\n" + written, e);
    }
  }

  /** SRGS XML: parse and expand, or GrammarException; the expansion is bounded. */
  public static void srgsXml(byte[] data) {
    Grammar g;
    try {
      g = SrgsXmlParser.parse(data);
    } catch (GrammarException e) {
      return;
    }
    expand(g);
  }

  /** SRGS ABNF: parse and expand, or GrammarException; the expansion is bounded. */
  public static void srgsAbnf(String text) {
    Grammar g;
    try {
      g = SrgsAbnfParser.parse(text);
    } catch (GrammarException e) {
      return;
    }
    expand(g);
  }

  private static final PhraseExpander EXPANDER = new PhraseExpander(1_000, 3);

  private static void expand(Grammar g) {
    try {
      PhraseExpander.Result r = EXPANDER.expand(g);
      if (r.phrases().size() > 1_000) {
        throw new AssertionError("expansion beyond its limit: " + r.phrases().size());
      }
    } catch (GrammarException e) {
      // refused while expanding (a missing rule, a loop): a clear answer
    }
  }

  /** RTP and RFC 4733: wrap reports validity and every view stays inside the datagram. */
  public static void rtp(byte[] data) {
    RtpPacket p = new RtpPacket();
    if (!p.wrap(data, 0, data.length)) {
      return;
    }
    int end = p.payloadOffset() + p.payloadLength();
    if (p.payloadOffset() < RtpPacket.FIXED_HEADER_LENGTH
        || p.payloadLength() < 0
        || end > data.length) {
      throw new AssertionError("payload outside the packet: " + p);
    }
    for (int i = 0; i < p.csrcCount(); i++) {
      p.csrc(i);
    }
    TelephoneEvent ev = new TelephoneEvent();
    if (ev.wrap(p)) {
      if (ev.isDtmf()) {
        ev.digit();
      }
      if (ev.duration() < 0 || ev.volume() < 0 || ev.volume() > 63) {
        throw new AssertionError("telephone-event fields out of range");
      }
    }
  }
}
