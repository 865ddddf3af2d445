package io.mrcpj.server.session;

import io.mrcpj.core.message.ChannelId;
import io.mrcpj.core.message.MrcpResource;
import io.mrcpj.core.sdp.CodecSelector;
import io.mrcpj.core.sdp.ConnectionMode;
import io.mrcpj.core.sdp.MrcpAnswerParameters;
import io.mrcpj.core.sdp.MrcpAnswerReader;
import io.mrcpj.core.sdp.MrcpControlMedia;
import io.mrcpj.core.sdp.MrcpOfferAnswer;
import io.mrcpj.core.sdp.SdpNegotiationException;
import io.mrcpj.core.sdp.SdpOrigin;
import io.mrcpj.core.sdp.SessionDescription;
import io.mrcpj.server.LogContext;
import io.mrcpj.server.control.ChannelRegistry;
import io.mrcpj.server.control.ResourceChannel;
import io.mrcpj.server.media.AudioSink;
import io.mrcpj.server.media.RtpEndpoint;
import io.mrcpj.server.media.RtpMediaService;
import io.mrcpj.server.media.RtpPortsExhaustedException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's MRCP sessions, one per SIP dialog (keyed by Call-ID): negotiates the SDP answer,
 * allocates the resource channels and RTP endpoints a session asks for, routes MRCP requests to
 * channels ({@link ChannelRegistry}), and frees everything when a session ends.
 *
 * <p>{@link #answer} and {@link #close} may block briefly (binding UDP sockets): call them on SIP
 * worker threads, never on an event loop. {@link #find} is lock-free and safe on event loops.
 */
public final class SessionManager implements ChannelRegistry, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(SessionManager.class);

  /** The server cannot take the session now (full, draining, no RTP port): SIP 503. */
  public static final class CapacityException extends Exception {
    private static final long serialVersionUID = 1L;

    public CapacityException(String message) {
      super(message);
    }
  }

  /**
   * A negotiated answer.
   *
   * @param sdp the SDP answer to send
   * @param channels the channels the session has after this answer
   */
  public record Answer(SessionDescription sdp, List<ChannelId> channels) {
    public Answer {
      channels = List.copyOf(channels);
    }
  }

  private final RtpMediaService rtp;
  private final ChannelFactory factory;
  private final String sdpAddress;
  private final int mrcpPort;
  private final int maxSessions;
  private final CodecSelector codecs;
  private final Map<String, Session> sessions = new ConcurrentHashMap<>();
  private final Map<ChannelId, ResourceChannel> channels = new ConcurrentHashMap<>();
  private final AtomicInteger admitted = new AtomicInteger();
  private final SecureRandom random = new SecureRandom();
  private final Map<String, AtomicInteger> perSource = new ConcurrentHashMap<>();
  private volatile int tlsPort;
  private volatile boolean plainAllowed = true;
  private volatile int maxPerSource;
  private volatile long rtpTimeoutNanos;
  private volatile long mrcpTimeoutNanos;
  private volatile boolean draining;
  private volatile java.util.function.BiConsumer<String, String> terminator = this::close;

  /**
   * @param rtp where RTP endpoints come from
   * @param factory makes resource channels
   * @param sdpAddress the address put in answers (where clients send MRCP and RTP)
   * @param mrcpPort the MRCP listener's port, put in answers
   * @param maxSessions sessions beyond this are refused
   * @param codecs which audio codec to answer
   */
  public SessionManager(
      RtpMediaService rtp,
      ChannelFactory factory,
      String sdpAddress,
      int mrcpPort,
      int maxSessions,
      CodecSelector codecs) {
    this.rtp = rtp;
    this.factory = factory;
    this.sdpAddress = sdpAddress;
    this.mrcpPort = mrcpPort;
    this.maxSessions = maxSessions;
    this.codecs = codecs;
  }

  @Override
  public Optional<ResourceChannel> find(ChannelId id) {
    return Optional.ofNullable(channels.get(id));
  }

  /** True when a new session would be admitted now (not full, not draining). */
  public boolean acceptsNewSessions() {
    return !draining && admitted.get() < maxSessions;
  }

  /** Refuse new sessions from now on (running ones go on). */
  public void drain(boolean on) {
    draining = on;
  }

  public boolean draining() {
    return draining;
  }

  /**
   * MRCP over TLS is served on {@code port}: offers of {@code TCP/TLS/MRCPv2} are answered with it.
   *
   * @param plainAllowed false when only TLS is served: offers of plain {@code TCP/MRCPv2} get 488
   */
  public void tls(int port, boolean plainAllowed) {
    this.tlsPort = port;
    this.plainAllowed = plainAllowed;
  }

  /** TLS when the offer asks for it (and it is served), or when plain TCP is not served. */
  private boolean answerWithTls(SessionDescription offer) {
    if (!plainAllowed) {
      return true;
    }
    if (tlsPort == 0) {
      return false;
    }
    return offer.media().stream()
        .map(MrcpControlMedia::of)
        .flatMap(Optional::stream)
        .anyMatch(c -> !c.media().isDisabled() && c.isTls());
  }

  /**
   * The limits that need the session's source or its traffic.
   *
   * @param maxPerSource sessions one source address may hold at once; 0 for no such limit
   * @param rtpTimeout a session that received no RTP for this long is ended; zero for never
   * @param mrcpTimeout a session with no MRCP request this long after setup is ended; zero for
   *     never
   */
  public void limits(int maxPerSource, Duration rtpTimeout, Duration mrcpTimeout) {
    this.maxPerSource = maxPerSource;
    this.rtpTimeoutNanos = rtpTimeout.toNanos();
    this.mrcpTimeoutNanos = mrcpTimeout.toNanos();
  }

  /**
   * Ends the sessions whose peer has gone quiet: no RTP for the RTP timeout, or no MRCP request
   * since setup for the MRCP timeout. Each is ended once, through the terminator (BYE). Call it
   * every second or so from a timer thread; it never blocks for long.
   *
   * @return how many sessions it ended
   */
  public int sweep(long nowNanos) {
    long rtpLimit = rtpTimeoutNanos;
    long mrcpLimit = mrcpTimeoutNanos;
    if (rtpLimit <= 0 && mrcpLimit <= 0) {
      return 0;
    }
    int ended = 0;
    for (Session s : sessions.values()) {
      String reason = null;
      synchronized (s) {
        if (s.closed || s.ending) {
          continue;
        }
        if (mrcpLimit > 0 && !s.requested && nowNanos - s.createdNanos > mrcpLimit) {
          reason =
              "no MRCP request within "
                  + Duration.ofNanos(mrcpLimit).toSeconds()
                  + " s of setup (limits.mrcp-timeout)";
        } else if (rtpLimit > 0 && !s.endpoints.isEmpty()) {
          long last = Long.MIN_VALUE;
          for (RtpEndpoint ep : s.endpoints.values()) {
            // a line the peer only receives on (a synthesizer's recvonly) is silent by design
            if (ep.inbound()) {
              last = Math.max(last, ep.lastPacketNanos());
            }
          }
          if (last != Long.MIN_VALUE && nowNanos - last > rtpLimit) {
            reason =
                "no RTP for "
                    + Duration.ofNanos(nowNanos - last).toSeconds()
                    + " s (limits.rtp-timeout)";
          }
        }
        if (reason != null) {
          s.ending = true;
        }
      }
      if (reason != null) {
        ended++;
        String why = reason;
        LogContext.run(s.callId, null, () -> terminate(s.callId, why));
      }
    }
    return ended;
  }

  /** True when {@code callId} has a session. */
  public boolean exists(String callId) {
    return sessions.containsKey(callId);
  }

  /**
   * Starts a session for a new dialog and answers its offer. On any failure nothing stays
   * allocated.
   *
   * @throws SdpNegotiationException the offer is unusable (SIP 488)
   * @throws CapacityException the server is full or draining, or no RTP port is free (SIP 503)
   * @throws IllegalStateException the Call-ID already has a session, or a channel cannot be made
   */
  public Answer answer(String callId, SessionDescription offer)
      throws SdpNegotiationException, CapacityException {
    return answer(callId, offer, null);
  }

  /**
   * {@link #answer(String, SessionDescription)} for a session from {@code source} (the SIP peer's
   * address), which counts against the per-source limit.
   */
  public Answer answer(String callId, SessionDescription offer, String source)
      throws SdpNegotiationException, CapacityException {
    return answer(callId, offer, source, null);
  }

  /**
   * {@link #answer(String, SessionDescription, String)} with the recognition engine the session's
   * channels use unless a request names another ({@code null}: the server's choice), as the SIP
   * Accept-Contact feature tag asked.
   *
   * @throws SdpNegotiationException also when no engine of that name is loaded
   */
  public Answer answer(String callId, SessionDescription offer, String source, String engine)
      throws SdpNegotiationException, CapacityException {
    if (engine != null && !engineKnown.test(engine)) {
      throw new SdpNegotiationException(
          "no recognition engine named '" + engine + "' is loaded (Accept-Contact)");
    }
    if (draining) {
      throw new CapacityException("draining");
    }
    if (admitted.incrementAndGet() > maxSessions) {
      admitted.decrementAndGet();
      throw new CapacityException("session limit " + maxSessions + " reached");
    }
    int perSourceLimit = maxPerSource;
    if (source != null && perSourceLimit > 0) {
      AtomicInteger held = perSource.computeIfAbsent(source, k -> new AtomicInteger());
      if (held.incrementAndGet() > perSourceLimit) {
        releaseSource(source);
        admitted.decrementAndGet();
        throw new CapacityException(
            "session limit per source (" + perSourceLimit + ") reached for " + source);
      }
    } else {
      source = null;
    }
    Session s = new Session(callId, source);
    s.engine = engine;
    if (sessions.putIfAbsent(callId, s) != null) {
      admitted.decrementAndGet();
      if (source != null) {
        releaseSource(source);
      }
      throw new IllegalStateException("Call-ID " + callId + " already has a session");
    }
    try {
      synchronized (s) {
        return negotiate(s, offer);
      }
    } catch (SdpNegotiationException | CapacityException | RuntimeException e) {
      close(callId, "setup failed: " + e.getMessage());
      throw e;
    }
  }

  /**
   * Answers a new offer inside an existing session (re-INVITE): channels whose m-line is kept stay
   * as they are, new ones are added, ones offered with port 0 are closed. When the offer is
   * unusable the session is left unchanged.
   *
   * @throws IllegalStateException when {@code callId} has no session
   */
  public Answer reanswer(String callId, SessionDescription offer)
      throws SdpNegotiationException, CapacityException {
    Session s = sessions.get(callId);
    if (s == null) {
      throw new IllegalStateException("no session for Call-ID " + callId);
    }
    synchronized (s) {
      if (s.closed) {
        throw new IllegalStateException("session " + callId + " is closed");
      }
      return negotiate(s, offer);
    }
  }

  /** Ends a session and frees its channels and ports. Idempotent; unknown ids are ignored. */
  public void close(String callId, String reason) {
    Session s = sessions.remove(callId);
    if (s == null) {
      return;
    }
    synchronized (s) {
      s.closed = true;
      for (Entry e : s.channels.values()) {
        channels.remove(e.id);
        closeQuietly(e);
      }
      s.channels.clear();
      for (RtpEndpoint ep : s.endpoints.values()) {
        ep.close();
      }
      s.endpoints.clear();
    }
    admitted.decrementAndGet();
    if (s.source != null) {
      releaseSource(s.source);
    }
    log.info("session {} closed: {}", callId, reason);
  }

  private void releaseSource(String source) {
    perSource.computeIfPresent(source, (k, n) -> n.decrementAndGet() <= 0 ? null : n);
  }

  /** Sessions held now by {@code source} (counted only while a per-source limit is set). */
  public int sessionsFrom(String source) {
    AtomicInteger n = perSource.get(source);
    return n == null ? 0 : n.get();
  }

  /** Sessions open now. */
  public int sessions() {
    return sessions.size();
  }

  /** The resources sessions may ask for, in the order the capability answer lists them. */
  static final List<String> RESOURCES = List.of("speechrecog", "speechsynth", "recorder");

  /**
   * The server's capabilities as SDP, for an OPTIONS outside a dialog (RFC 6787 section 7): one
   * {@code m=application} line (port 0) with an {@code a=resource} for each resource served, and
   * one {@code m=audio} line (port 0) with the codecs answered and RFC 4733 telephone-event.
   */
  public SessionDescription capabilities() {
    io.mrcpj.core.sdp.MediaDescription.Builder app =
        io.mrcpj.core.sdp.MediaDescription.builder(
                "application", 0, tlsPort > 0 && mrcpPort <= 0 ? "TCP/TLS/MRCPv2" : "TCP/MRCPv2")
            .addFormat("1");
    for (String r : RESOURCES) {
      if (factory.supports(r)) {
        app.addAttribute("resource", r);
      }
    }
    io.mrcpj.core.sdp.MediaDescription.Builder audio =
        io.mrcpj.core.sdp.MediaDescription.builder("audio", 0, "RTP/AVP");
    int dynamic = 96;
    for (io.mrcpj.core.sdp.RtpCodec c : codecs.supported()) {
      // the static numbers of RFC 3551 section 6 where there is one, else a dynamic one
      int pt =
          c.payloadType() >= 0
              ? c.payloadType()
              : switch (c.encodingName().toUpperCase(java.util.Locale.ROOT)) {
                case "PCMU" -> 0;
                case "PCMA" -> 8;
                case "G722" -> 9;
                default -> dynamic++;
              };
      audio.addFormat(Integer.toString(pt));
      audio.addAttribute(
          "rtpmap",
          new io.mrcpj.core.sdp.RtpCodec(pt, c.encodingName(), c.clockRate(), c.channels())
              .rtpmap());
    }
    audio.addFormat(Integer.toString(101));
    audio.addAttribute("rtpmap", "101 telephone-event/8000");
    audio.addAttribute("fmtp", "101 0-15");
    return SessionDescription.builder(
            SdpOrigin.of("mrcpj", Long.toUnsignedString(random.nextLong() >>> 1), "0", sdpAddress))
        .connection(io.mrcpj.core.sdp.SdpConnection.of(sdpAddress))
        .addMedia(app.build())
        .addMedia(audio.build())
        .build();
  }

  /** Resource channels open now. */
  public int channelsOpen() {
    return channels.size();
  }

  /** RTP ports held now. */
  public int rtpPortsInUse() {
    return rtp.portsInUse();
  }

  /** The Call-IDs of the open sessions. */
  public List<String> callIds() {
    return List.copyOf(sessions.keySet());
  }

  /** Closes every session. */
  @Override
  public void close() {
    for (String id : callIds()) {
      close(id, "server stopping");
    }
  }

  private Answer negotiate(Session s, SessionDescription offer)
      throws SdpNegotiationException, CapacityException {
    boolean tls = answerWithTls(offer);
    Map<Integer, RtpEndpoint> byIndex = new HashMap<>();
    List<RtpEndpoint> opened = new ArrayList<>();
    int[] cursor = {0};
    MrcpAnswerParameters.ChannelAllocator allocator =
        (cmid, resource) -> {
          if (!factory.supports(resource)) {
            return null;
          }
          // allocate() is called in m-line order: find the m-line this call is for, so that a
          // re-INVITE keeps each channel on its m-line (RFC 3264 section 8: positions are stable)
          int index = nextControlLine(offer, cursor[0], cmid, resource);
          cursor[0] = index + 1;
          for (Entry e : s.channels.values()) {
            if (e.mediaIndex == index && e.id.resource().name().equalsIgnoreCase(resource)) {
              return e.id.id();
            }
          }
          return newChannelToken(resource);
        };
    MrcpAnswerParameters.RtpPortAllocator ports =
        (index, mid) -> {
          RtpEndpoint ep = s.endpoints.get(endpointKey(index, mid));
          if (ep == null) {
            try {
              ep = rtp.open(s.callId);
            } catch (RtpPortsExhaustedException e) {
              throw new NoPortException();
            }
            opened.add(ep);
          }
          byIndex.put(index, ep);
          return ep.port();
        };
    SdpOrigin origin =
        s.origin == null
            ? SdpOrigin.of("mrcpj", Long.toUnsignedString(random.nextLong() >>> 1), "0", sdpAddress)
            : new SdpOrigin(
                s.origin.username(),
                s.origin.sessionId(),
                Long.toString(Long.parseLong(s.origin.sessionVersion()) + 1),
                s.origin.netType(),
                s.origin.addrType(),
                s.origin.address());
    MrcpAnswerParameters params =
        MrcpAnswerParameters.builder()
            .localAddress(sdpAddress)
            .mrcpPort(tls ? tlsPort : mrcpPort)
            .tls(tls)
            .channels(allocator)
            .rtpPorts(ports)
            .codecs(codecs)
            .connectionMode(offeredConnectionMode(offer))
            .origin(origin)
            .build();
    SessionDescription sdp;
    try {
      sdp = MrcpOfferAnswer.answer(offer, params);
    } catch (NoPortException e) {
      opened.forEach(RtpEndpoint::close);
      throw new CapacityException("no free RTP port");
    } catch (SdpNegotiationException | RuntimeException e) {
      opened.forEach(RtpEndpoint::close);
      throw e;
    }
    apply(s, MrcpAnswerReader.read(sdp), byIndex, offer);
    s.origin = origin;
    return new Answer(sdp, List.copyOf(s.channels.keySet()));
  }

  private void apply(
      Session s,
      MrcpAnswerReader.Answer answer,
      Map<Integer, RtpEndpoint> byIndex,
      SessionDescription offer) {
    Map<ChannelId, Entry> kept = new LinkedHashMap<>();
    Map<Integer, List<SessionChannel>> sinksByAudio = new HashMap<>();
    for (MrcpAnswerReader.Control control : answer.controls()) {
      if (!control.accepted()) {
        continue;
      }
      ChannelId id = control.channel().orElseThrow();
      Entry e = s.channels.get(id);
      if (e == null) {
        e = new Entry(id, control.mediaIndex(), factory.create(id, s.callId, s.engine));
        channels.put(id, new Routed(s, id, e.channel.control()));
        s.channels.put(id, e);
        LogContext.run(
            null, id.toString(), () -> log.info("session {}: channel {} opened", s.callId, id));
      }
      kept.put(id, e);
      Entry entry = e;
      answer
          .audioFor(control)
          .ifPresent(
              a ->
                  sinksByAudio
                      .computeIfAbsent(a.mediaIndex(), k -> new ArrayList<>())
                      .add(entry.channel));
    }
    for (Entry e : List.copyOf(s.channels.values())) {
      if (!kept.containsKey(e.id)) {
        channels.remove(e.id);
        s.channels.remove(e.id);
        closeQuietly(e);
        LogContext.run(
            null,
            e.id.toString(),
            () -> log.info("session {}: channel {} removed", s.callId, e.id));
      }
    }
    Map<String, RtpEndpoint> keptEndpoints = new HashMap<>();
    for (MrcpAnswerReader.Audio audio : answer.audio()) {
      RtpEndpoint ep = byIndex.get(audio.mediaIndex());
      if (!audio.accepted() || ep == null) {
        continue;
      }
      List<SessionChannel> users = sinksByAudio.getOrDefault(audio.mediaIndex(), List.of());
      attachOutput(s.callId, ep, audio, offer, users);
      List<SessionChannel> sinks = users.stream().filter(c -> c.audio() != AudioSink.NONE).toList();
      int rate = sinks.isEmpty() ? 8000 : sinks.get(0).sampleRate();
      // the sink first: a datagram decoded between the two loop tasks would otherwise be lost
      ep.sink(sinkOf(sinks));
      ep.configure(audio.codec().orElseThrow(), audio.telephoneEvent(), rate);
      ep.logChannel(
          sinks.isEmpty()
              ? null
              : String.join(
                  ",",
                  s.channels.values().stream()
                      .filter(c -> sinks.contains(c.channel))
                      .map(c -> c.id.toString())
                      .toList()));
      keptEndpoints.put(endpointKey(audio.mediaIndex(), audio.mid().orElse("")), ep);
    }
    for (Map.Entry<String, RtpEndpoint> old : s.endpoints.entrySet()) {
      if (!keptEndpoints.containsValue(old.getValue())) {
        old.getValue().close();
      }
    }
    for (RtpEndpoint ep : byIndex.values()) {
      if (!keptEndpoints.containsValue(ep)) {
        ep.close();
      }
    }
    s.endpoints.clear();
    s.endpoints.putAll(keptEndpoints);
  }

  /**
   * Points the channels of an audio line that send audio (a synthesizer) at the peer's address for
   * that line, when the answer lets the server send on it; and tells the endpoint whether the peer
   * sends on it (only then does RTP silence count towards the RTP timeout).
   */
  private void attachOutput(
      String callId,
      RtpEndpoint ep,
      MrcpAnswerReader.Audio audio,
      SessionDescription offer,
      List<SessionChannel> users) {
    io.mrcpj.core.sdp.MediaDirection d = audio.direction();
    boolean serverSends =
        d == io.mrcpj.core.sdp.MediaDirection.SENDONLY
            || d == io.mrcpj.core.sdp.MediaDirection.SENDRECV;
    ep.inbound(
        d == io.mrcpj.core.sdp.MediaDirection.RECVONLY
            || d == io.mrcpj.core.sdp.MediaDirection.SENDRECV);
    List<SessionChannel> senders = users.stream().filter(c -> c.output() != null).toList();
    io.mrcpj.server.media.RtpOutput out = null;
    if (serverSends && !senders.isEmpty()) {
      io.mrcpj.core.sdp.MediaDescription m = offer.media().get(audio.mediaIndex());
      java.util.Optional<io.mrcpj.core.sdp.SdpConnection> c = offer.connectionFor(m);
      int ptime =
          io.mrcpj.core.sdp.AudioMedia.of(m, offer).map(a -> a.ptime().orElse(20)).orElse(20);
      if (c.isPresent() && m.port() > 0) {
        try {
          out =
              ep.output(
                  new java.net.InetSocketAddress(c.get().host(), m.port()),
                  audio.codec().orElseThrow(),
                  Math.max(10, Math.min(120, ptime)));
        } catch (RuntimeException e) {
          log.warn("session {}: cannot send RTP to the offer's m=audio: {}", callId, e.toString());
        }
      }
    }
    if (out == null) {
      ep.stopOutput();
    }
    for (SessionChannel sc : senders) {
      sc.output().accept(out);
    }
  }

  private static AudioSink sinkOf(List<SessionChannel> sinks) {
    if (sinks.isEmpty()) {
      return AudioSink.NONE;
    }
    if (sinks.size() == 1) {
      return sinks.get(0).audio();
    }
    AudioSink[] all = sinks.stream().map(SessionChannel::audio).toArray(AudioSink[]::new);
    return new AudioSink() {
      @Override
      public void onAudio(short[] pcm, int offset, int length) {
        for (AudioSink a : all) {
          a.onAudio(pcm, offset, length);
        }
      }

      @Override
      public void onDtmf(char digit) {
        for (AudioSink a : all) {
          a.onDtmf(digit);
        }
      }
    };
  }

  private static int nextControlLine(
      SessionDescription offer, int from, String cmid, String resource) {
    List<io.mrcpj.core.sdp.MediaDescription> media = offer.media();
    for (int i = from; i < media.size(); i++) {
      Optional<MrcpControlMedia> c = MrcpControlMedia.of(media.get(i));
      if (c.isPresent()
          && !media.get(i).isDisabled()
          && c.get().resource().filter(resource::equalsIgnoreCase).isPresent()
          && (c.get().cmids().isEmpty() ? "" : c.get().cmids().get(0)).equals(cmid)) {
        return i;
      }
    }
    return -1;
  }

  private static ConnectionMode offeredConnectionMode(SessionDescription offer) {
    return offer.media().stream()
        .map(MrcpControlMedia::of)
        .flatMap(Optional::stream)
        .filter(c -> !c.media().isDisabled())
        .map(MrcpControlMedia::connection)
        .flatMap(Optional::stream)
        .findFirst()
        .orElse(ConnectionMode.NEW);
  }

  private static String endpointKey(int index, String mid) {
    return mid.isEmpty() ? "#" + index : "mid:" + mid;
  }

  private String newChannelToken(String resource) {
    while (true) {
      String token = String.format("%016X", random.nextLong());
      if (!channels.containsKey(new ChannelId(token, MrcpResource.of(resource)))) {
        return token;
      }
    }
  }

  private static void closeQuietly(Entry e) {
    try {
      e.channel.closer().run();
    } catch (RuntimeException ex) {
      log.warn("closing channel {} failed", e.id, ex);
    }
  }

  private static final class NoPortException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NoPortException() {
      super("no free RTP port", null, false, false);
    }
  }

  private record Entry(ChannelId id, int mediaIndex, SessionChannel channel) {}

  /** What the control listener finds: the channel, and the session to end if its client drops. */
  private final class Routed implements ResourceChannel {
    private final Session session;
    private final String callId;
    private final String channelId;
    private final ResourceChannel channel;

    Routed(Session session, ChannelId id, ResourceChannel channel) {
      this.session = session;
      this.callId = session.callId;
      this.channelId = id.toString();
      this.channel = channel;
    }

    @Override
    public void onRequest(io.mrcpj.core.message.MrcpRequest request, ControlConnection connection) {
      session.requested = true;
      LogContext.run(callId, channelId, () -> channel.onRequest(request, connection));
    }

    @Override
    public boolean isOpen() {
      return !session.closed;
    }

    @Override
    public void connectionClosed(ControlConnection connection) {
      LogContext.run(
          callId,
          channelId,
          () -> {
            channel.connectionClosed(connection);
            if (sessions.containsKey(callId)) {
              terminate(callId, "MRCP connection from " + connection.remote() + " closed");
            }
          });
    }
  }

  /**
   * Ends a session from the server's side (its client's MRCP connection dropped, say): the
   * terminator set with {@link #onTerminate} is asked to end the SIP dialog (BYE) and then to close
   * the session. Safe on any thread: the terminator must hand the work off and return.
   */
  public void terminate(String callId, String reason) {
    log.info("session {}: ending: {}", callId, reason);
    terminator.accept(callId, reason);
  }

  /**
   * Who ends sessions the server decides to end (the SIP layer, which BYEs the client). Until one
   * is set, such sessions are only closed.
   */
  /** Which engine names a session may ask for in its INVITE (default: none). */
  public void engines(java.util.function.Predicate<String> known) {
    this.engineKnown = known;
  }

  private volatile java.util.function.Predicate<String> engineKnown = n -> false;

  public void onTerminate(java.util.function.BiConsumer<String, String> terminator) {
    this.terminator = terminator == null ? this::close : terminator;
  }

  private static final class Session {
    final String callId;
    final String source; // counted against the per-source limit, or null
    final long createdNanos = System.nanoTime();
    final Map<ChannelId, Entry> channels = new LinkedHashMap<>();
    final Map<String, RtpEndpoint> endpoints = new HashMap<>();
    SdpOrigin origin;
    volatile boolean closed; // read by MRCP event loops (Routed.isOpen)
    boolean ending; // the sweep asked for it to end
    volatile boolean requested; // an MRCP request reached one of its channels
    String engine; // the engine the SIP INVITE asked for, or null

    Session(String callId, String source) {
      this.callId = callId;
      this.source = source;
    }
  }
}
