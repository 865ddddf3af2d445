package io.mrcpj.client;

import io.mrcpj.client.internal.MrcpConnection;
import io.mrcpj.client.internal.RtpSender;
import io.mrcpj.client.internal.ServerPool;
import io.mrcpj.client.internal.ServerProber;
import io.mrcpj.client.internal.SipUac;
import io.mrcpj.core.codec.MrcpDecoderConfig;
import io.mrcpj.core.message.ChannelId;
import io.mrcpj.core.message.MrcpResource;
import io.mrcpj.core.sdp.ConnectionMode;
import io.mrcpj.core.sdp.MrcpAnswerReader;
import io.mrcpj.core.sdp.MrcpOfferBuilder;
import io.mrcpj.core.sdp.RtpCodec;
import io.mrcpj.core.sdp.SdpParseException;
import io.mrcpj.core.sdp.SdpParser;
import io.mrcpj.core.sdp.SdpWriter;
import io.mrcpj.core.sdp.SessionDescription;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An MRCPv2 client (RFC 6787): sets up sessions with a speech server over SIP, runs their channels
 * over MRCP connections (shared between sessions with {@code a=connection:existing} when allowed)
 * and sends caller audio as RTP.
 *
 * <pre>{@code
 * try (MrcpClient client = MrcpClient.builder().server("127.0.0.1", 8060).build();
 *     ClientSession s = client.openSession(Duration.ofSeconds(5))) {
 *   RecognitionResult r = s.recognizeSync(RecognizeRequest.builder()
 *       .grammar(Grammar.TRANSCRIBE).audio(AudioSource.wav(path)).build());
 *   System.out.println(r.cause() + " " + r.text());
 * }
 * }</pre>
 *
 * <p>Other resources: {@link #openSession(MrcpResource...)} with {@link MrcpResource#SPEECHSYNTH}
 * gives a session whose {@link ClientSession#synthesizer()} speaks (the audio comes back as RTP),
 * with {@link MrcpResource#RECORDER} one whose {@link ClientSession#recorder()} records.
 *
 * <p>Several servers: give them with {@link Builder#addServer} or {@link Builder#servers} and pick
 * a {@link ServerPolicy}. A new session goes to the server the policy picks among those that are
 * UP; when that server cannot take it (no answer within {@link Builder#serverTimeout}, connection
 * refused, SIP 408, 480, 486 or 5xx, the MRCP connection failed) it is marked DOWN for a while and
 * the next one is tried, each server once. A refusal that says the request itself is wrong (400,
 * 401/407 after the credentials, 403, 488, other 4xx, 3xx, 6xx) fails at once: another server would
 * refuse it too. Running sessions are never moved or ended by this. {@link #servers()} shows each
 * server's health; {@link Builder#probeInterval} adds SIP OPTIONS probes.
 *
 * <p>Owns its threads (RTP event loops, one MRCP event loop, a small callback pool, a timer
 * thread); {@link #close} ends every session and stops them.
 */
public final class MrcpClient implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(MrcpClient.class);

  private final Builder config;
  private final EventLoopGroup loops;

  /** MRCP connections: their own loop, so a response never waits behind a burst of RTP. */
  private final EventLoopGroup control;

  private final ThreadPoolExecutor callbacks;
  private final ScheduledThreadPoolExecutor scheduler;
  private final SipUac sip;
  private final Map<InetSocketAddress, MrcpConnection> shared = new ConcurrentHashMap<>();
  private final Set<ClientSession> sessions = ConcurrentHashMap.newKeySet();
  private final Set<MrcpConnection> connections = ConcurrentHashMap.newKeySet();
  private final ServerPool pool;
  private final ServerProber prober; // null: no probing

  /** The MRCP address each SIP server last gave: sessions with it may share that connection. */
  private final Map<ServerPool.Target, InetSocketAddress> mrcpOf = new ConcurrentHashMap<>();

  private volatile boolean closed;

  private MrcpClient(Builder b) throws MrcpClientException {
    this.config = b;
    this.loops =
        new NioEventLoopGroup(b.ioThreads, new DefaultThreadFactory("mrcp-client-io", true));
    this.control = new NioEventLoopGroup(1, new DefaultThreadFactory("mrcp-client-ctl", true));
    AtomicInteger n = new AtomicInteger();
    this.callbacks =
        new ThreadPoolExecutor(
            b.callbackThreads,
            b.callbackThreads,
            30,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(b.callbackQueue),
            r -> {
              Thread t = new Thread(r, "mrcp-client-cb-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    this.scheduler =
        new ScheduledThreadPoolExecutor(1, new DefaultThreadFactory("mrcp-client-timer", true));
    scheduler.setRemoveOnCancelPolicy(true);
    this.pool =
        new ServerPool(
            b.servers.isEmpty() ? List.of(DEFAULT_SERVER) : b.servers,
            b.policy,
            b.backoffFirst,
            b.backoffMax,
            System::nanoTime,
            java.time.Clock.systemUTC());
    this.sip =
        new SipUac(
            b.localAddress,
            b.localSipPort,
            b.transport.name().toLowerCase(java.util.Locale.ROOT),
            callbacks,
            scheduler);
    try {
      if (b.sipUser != null) {
        sip.credentials(b.sipUser, b.sipPassword);
      }
      if (b.engine != null) {
        sip.acceptContact("*;speechrecog.engine=\"" + b.engine + "\"");
      }
      if (b.transport == SipTransport.TLS) {
        sip.trustStore(b.sipTrustStore());
      }
      sip.start();
    } catch (MrcpClientException e) {
      stopThreads();
      throw e;
    }
    if (b.probeInterval != null) {
      prober = new ServerProber(pool, sip, callbacks, b.serverTimeout);
      prober.start(scheduler, b.probeInterval);
    } else {
      prober = null;
    }
  }

  private static final ServerPool.Target DEFAULT_SERVER = new ServerPool.Target("127.0.0.1", 8060);

  public static Builder builder() {
    return new Builder();
  }

  /** The local SIP port. */
  public int sipPort() {
    return sip.localPort();
  }

  /** Sessions open now. */
  public int sessions() {
    return sessions.size();
  }

  /** MRCP connections open now (shared or not). */
  public int connections() {
    return connections.size();
  }

  /**
   * What the client knows of each of its servers now, in the order they were given: UP or DOWN,
   * consecutive failures, the last failure and when a DOWN server is tried again. Snapshots; call
   * again for news (there is no listener).
   */
  public List<ServerStatus> servers() {
    return pool.snapshot();
  }

  /**
   * Opens a session with a speechrecog channel: INVITE with an offer, MRCP connection, RTP; on the
   * server the {@link ServerPolicy} picks, and on the next ones in turn when it cannot take the
   * session (see the class comment).
   *
   * <p>Fails with {@link SessionRefusedException} when a server refuses in a way another would too
   * (its SIP status, e.g. 403 or 488), or when the only server refuses; {@link
   * ServersUnavailableException} naming each server and why when every one of several failed;
   * {@link MrcpClientException} when the only server cannot be reached.
   */
  public CompletableFuture<ClientSession> openSession() {
    return openSession(MrcpResource.SPEECHRECOG);
  }

  /**
   * Opens a session with a channel for each of {@code resources}: {@link MrcpResource#SPEECHRECOG}
   * (the session's own methods), {@link MrcpResource#SPEECHSYNTH} ({@link
   * ClientSession#synthesizer()}), {@link MrcpResource#RECORDER} ({@link
   * ClientSession#recorder()}). The offer has a control m-line per resource ({@code
   * a=resource:...}) and one audio m-line they share (RFC 6787 section 4.2): recvonly for a
   * synthesizer alone, sendonly for a recognizer or recorder, sendrecv for a synthesizer with
   * either, as UniMRCP offers them. Fails like {@link #openSession()}, and with {@link
   * SessionRefusedException} when the server leaves out one of the resources.
   *
   * @throws IllegalArgumentException for no resource, one named twice, or another resource
   */
  public CompletableFuture<ClientSession> openSession(MrcpResource... resources) {
    List<MrcpResource> list = List.of(resources);
    if (list.isEmpty() || list.stream().distinct().count() != list.size()) {
      throw new IllegalArgumentException("name each resource once: " + list);
    }
    for (MrcpResource r : list) {
      if (!SUPPORTED.contains(r)) {
        throw new IllegalArgumentException(
            "the client drives speechrecog, speechsynth and recorder, not " + r);
      }
    }
    if (closed) {
      return CompletableFuture.failedFuture(new MrcpClientException("client closed"));
    }
    CompletableFuture<ClientSession> out = new CompletableFuture<>();
    attempt(pool.plan(), 0, new ArrayList<>(), list, out);
    return out;
  }

  private static final Set<MrcpResource> SUPPORTED =
      Set.of(MrcpResource.SPEECHRECOG, MrcpResource.SPEECHSYNTH, MrcpResource.RECORDER);

  /** Tries the {@code i}th server of {@code plan}; on a failure of that server, the next one. */
  private void attempt(
      List<ServerPool.Ticket> plan,
      int i,
      List<ServersUnavailableException.Failure> failures,
      List<MrcpResource> resources,
      CompletableFuture<ClientSession> out) {
    ServerPool.Ticket t = plan.get(i);
    // the INVITE leaves from a callback thread: jain-sip may block (a TCP connect)
    RtpSender.open(loops, config.localAddress, callbacks)
        .whenCompleteAsync(
            (rtp, err) -> {
              if (err != null) {
                out.completeExceptionally(new MrcpClientException(err.getMessage(), err));
                return;
              }
              invite(t.target(), rtp, resources)
                  .whenCompleteAsync(
                      (session, failure) -> {
                        if (failure == null) {
                          pool.succeeded(t);
                          out.complete(session);
                        } else {
                          failed(plan, i, failures, resources, out, ClientSession.unwrap(failure));
                        }
                      },
                      callbacks);
            },
            callbacks);
  }

  /** The {@code i}th server of {@code plan} did not take the session because of {@code cause}. */
  private void failed(
      List<ServerPool.Ticket> plan,
      int i,
      List<ServersUnavailableException.Failure> failures,
      List<MrcpResource> resources,
      CompletableFuture<ClientSession> out,
      Throwable cause) {
    if (closed || out.isDone() || !ServerPool.isServerFailure(cause)) {
      out.completeExceptionally(cause);
      return;
    }
    ServerPool.Ticket t = plan.get(i);
    String reason = ServerPool.reason(cause);
    Duration down = pool.failed(t, reason, ServerPool.retryAfter(cause));
    if (down != null) {
      log.info("server {} down for {} ms: {}", t.target(), down.toMillis(), reason);
    }
    failures.add(new ServersUnavailableException.Failure(t.target().toString(), reason, cause));
    if (i + 1 < plan.size()) {
      attempt(plan, i + 1, failures, resources, out);
    } else {
      out.completeExceptionally(
          plan.size() == 1 ? cause : new ServersUnavailableException(failures));
    }
  }

  /** Offers the bound RTP socket to {@code target}; completes with the session. */
  private CompletableFuture<ClientSession> invite(
      ServerPool.Target target, RtpSender rtp, List<MrcpResource> resources) {
    InetSocketAddress known = mrcpOf.get(target);
    MrcpConnection open = known == null ? null : shared.get(known);
    boolean reuse = config.shareConnections && open != null && open.isOpen();
    SessionDescription offer =
        MrcpOfferBuilder.from(config.localAddress)
            .addResources(resources.stream().map(MrcpResource::name).toList(), rtp.localPort())
            .codecs(config.codecs)
            .telephoneEvent(
                config.telephoneEvent ? new RtpCodec(101, RtpCodec.TELEPHONE_EVENT, 8000, 1) : null)
            .connectionMode(reuse ? ConnectionMode.EXISTING : ConnectionMode.NEW)
            .tls(config.tls != null)
            .build();
    ClientSession[] made = new ClientSession[1];
    return sip.invite(
            target.host(),
            target.port(),
            SdpWriter.toBytes(offer),
            reason -> {
              if (made[0] != null) {
                made[0].remoteBye(reason);
              }
            },
            config.serverTimeout)
        .thenCompose(est -> setUp(target, est, rtp, resources, made))
        .whenComplete(
            (session, err) -> {
              if (err != null) {
                rtp.close();
              }
            });
  }

  /**
   * Like {@link #openSession()}, waiting at most {@code timeout} in all: with several servers it
   * covers every one tried (each has {@link Builder#serverTimeout} to answer).
   */
  public ClientSession openSession(Duration timeout)
      throws MrcpClientException, TimeoutException, InterruptedException {
    return openSession(timeout, MrcpResource.SPEECHRECOG);
  }

  /** Like {@link #openSession(MrcpResource...)}, waiting at most {@code timeout} in all. */
  public ClientSession openSession(Duration timeout, MrcpResource... resources)
      throws MrcpClientException, TimeoutException, InterruptedException {
    CompletableFuture<ClientSession> f = openSession(resources);
    try {
      return f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw ClientSession.rethrow(e.getCause());
    } catch (TimeoutException e) {
      // the session may still come up: close it then
      f.thenAccept(ClientSession::closeAsync);
      throw e;
    }
  }

  private CompletableFuture<ClientSession> setUp(
      ServerPool.Target target,
      SipUac.Established est,
      RtpSender rtp,
      List<MrcpResource> resources,
      ClientSession[] made) {
    SessionDescription sdp;
    try {
      sdp = new SdpParser().parse(est.answer());
    } catch (SdpParseException e) {
      sip.bye(est.callId());
      return CompletableFuture.failedFuture(
          new MrcpClientException("the server's SDP answer is malformed: " + e.getMessage(), e));
    }
    MrcpAnswerReader.Answer answer = MrcpAnswerReader.read(sdp);
    List<MrcpAnswerReader.Control> controls = new ArrayList<>();
    MrcpAnswerReader.Audio audio = null;
    for (MrcpResource r : resources) {
      MrcpAnswerReader.Control control = answer.control(r.name()).orElse(null);
      MrcpAnswerReader.Audio a = control == null ? null : answer.audioFor(control).orElse(null);
      if (control == null || a == null) {
        sip.bye(est.callId());
        return CompletableFuture.failedFuture(
            new SessionRefusedException(
                200, "OK", "the server did not allocate " + r.name() + " with audio"));
      }
      controls.add(control);
      audio = audio == null ? a : audio;
    }
    String rtpHost = audio.host().isEmpty() ? est.peerHost() : audio.host();
    RtpCodec codec = audio.codec().orElseThrow();
    try {
      rtp.start(new InetSocketAddress(rtpHost, audio.port()), codec);
      rtp.receiver().start(codec);
    } catch (IllegalArgumentException e) {
      sip.bye(est.callId());
      return CompletableFuture.failedFuture(
          new MrcpClientException(
              "the server chose a codec this client cannot send: " + e.getMessage()));
    }
    int ptime = ptime(sdp.media().get(audio.mediaIndex()));
    Optional<RtpCodec> events = audio.telephoneEvent();
    // one connection per channel, in order, so that a second channel can share the first's
    List<ClientSession.ChannelLink> links = new ArrayList<>();
    CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
    for (MrcpAnswerReader.Control c : controls) {
      InetSocketAddress mrcp =
          new InetSocketAddress(c.host().isEmpty() ? est.peerHost() : c.host(), c.port());
      chain =
          chain.thenCompose(
              x ->
                  connection(mrcp, c.connection().orElse(ConnectionMode.NEW))
                      .thenAccept(
                          conn ->
                              links.add(new ClientSession.ChannelLink(c.channel().get(), conn))));
    }
    return chain.handle(
        (x, err) -> {
          if (err != null) {
            for (ClientSession.ChannelLink l : links) {
              l.connection().unreserve();
              closeIfUnused(l.connection());
            }
            sip.bye(est.callId());
            throw new java.util.concurrent.CompletionException(ClientSession.unwrap(err));
          }
          ClientSession s = new ClientSession(this, est.callId(), links, rtp, codec, events, ptime);
          made[0] = s;
          mrcpOf.put(target, links.get(0).connection().remote());
          sessions.add(s);
          s.attach();
          // the channels hold their connections from now on
          links.forEach(l -> l.connection().unreserve());
          if (closed) {
            s.closeAsync();
            throw new java.util.concurrent.CompletionException(
                new MrcpClientException("client closed"));
          }
          return s;
        });
  }

  /** The answer's {@code a=ptime} of an audio m-line, 20 ms when absent or unreadable. */
  private static int ptime(io.mrcpj.core.sdp.MediaDescription audio) {
    try {
      int p = Integer.parseInt(audio.attribute("ptime").orElse("20").trim());
      return p > 0 && p <= 200 ? p : 20;
    } catch (NumberFormatException e) {
      return 20;
    }
  }

  /** The connection for a new channel: a shared one when the answer says existing, else new. */
  private CompletableFuture<MrcpConnection> connection(InetSocketAddress to, ConnectionMode mode) {
    if (config.shareConnections && mode == ConnectionMode.EXISTING) {
      MrcpConnection c = shared.get(to);
      if (c != null && c.reserve()) {
        return CompletableFuture.completedFuture(c);
      }
    }
    return MrcpConnection.connect(
            control, to, config.decoder, config.connectTimeout, callbacks, config.tls)
        .whenComplete(
            (c, err) -> {
              if (c != null) {
                c.reserve();
                connections.add(c);
                if (config.shareConnections) {
                  shared.putIfAbsent(to, c);
                }
              }
            });
  }

  /**
   * A session let go of its channel: the connection closes when no channel uses it and no session
   * being set up holds it.
   */
  void release(ChannelId channel, MrcpConnection c) {
    c.unregister(channel);
    closeIfUnused(c);
  }

  private void closeIfUnused(MrcpConnection c) {
    if (c.closeIfUnused()) {
      shared.remove(c.remote(), c);
      connections.remove(c);
      c.close();
    }
  }

  void forget(ClientSession session) {
    sessions.remove(session);
  }

  Executor callbacks() {
    return callbacks;
  }

  ScheduledExecutorService scheduler() {
    return scheduler;
  }

  SipUac sip() {
    return sip;
  }

  Duration requestTimeout() {
    return config.requestTimeout;
  }

  /** Ends every session (BYE), closes the connections and stops the threads. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (prober != null) {
      prober.stop();
    }
    List<CompletableFuture<Void>> byes = new ArrayList<>();
    for (ClientSession s : List.copyOf(sessions)) {
      byes.add(s.closeAsync());
    }
    try {
      CompletableFuture.allOf(byes.toArray(CompletableFuture[]::new)).get(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      log.debug("closing sessions: {}", e.toString());
    }
    connections.forEach(MrcpConnection::close);
    connections.clear();
    shared.clear();
    sip.close();
    stopThreads();
  }

  private void stopThreads() {
    scheduler.shutdownNow();
    loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    control.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    callbacks.shutdown();
    try {
      callbacks.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    callbacks.shutdownNow();
  }

  /** Settings of a {@link MrcpClient}. */
  public static final class Builder {
    private final List<ServerPool.Target> servers = new ArrayList<>();
    private ServerPolicy policy = ServerPolicy.FAILOVER;
    private Duration serverTimeout = Duration.ofSeconds(5);
    private Duration backoffFirst = Duration.ofSeconds(1);
    private Duration backoffMax = Duration.ofSeconds(30);
    private Duration probeInterval;
    private SipTransport transport = SipTransport.UDP;
    private String localAddress = "127.0.0.1";
    private int localSipPort;
    private List<RtpCodec> codecs = List.of(RtpCodec.PCMU, RtpCodec.PCMA);
    private boolean telephoneEvent = true;
    private boolean shareConnections = true;
    private Duration requestTimeout = Duration.ofSeconds(10);
    private Duration connectTimeout = Duration.ofSeconds(5);
    private MrcpDecoderConfig decoder = MrcpDecoderConfig.DEFAULT;
    private int ioThreads = 1;
    private int callbackThreads = 2;
    private int callbackQueue = 65_536;
    private io.netty.handler.ssl.SslContext tls;
    private java.nio.file.Path trustedPem;
    private String sipUser;
    private String engine;
    private String sipPassword;

    private Builder() {}

    /**
     * The trusted certificates as a PKCS12 file for the SIP stack (it reads key stores, not PEM),
     * written to a temporary file that is deleted when the JVM exits.
     */
    java.nio.file.Path sipTrustStore() throws MrcpClientException {
      if (trustedPem == null) {
        throw new MrcpClientException("SIP over TLS needs Builder.tls(trusted certificates)");
      }
      try (java.io.InputStream in = java.nio.file.Files.newInputStream(trustedPem)) {
        java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        int i = 0;
        for (java.security.cert.Certificate c :
            java.security.cert.CertificateFactory.getInstance("X.509").generateCertificates(in)) {
          ks.setCertificateEntry("trusted-" + i++, c);
        }
        java.nio.file.Path f = java.nio.file.Files.createTempFile("mrcpj-sip-trust", ".p12");
        f.toFile().deleteOnExit();
        try (java.io.OutputStream out = java.nio.file.Files.newOutputStream(f)) {
          ks.store(out, SipUac.TRUST_PASSWORD.toCharArray());
        }
        return f;
      } catch (java.io.IOException | java.security.GeneralSecurityException e) {
        throw new MrcpClientException("cannot use " + trustedPem + " for SIP over TLS: " + e, e);
      }
    }

    /**
     * Asks the server to recognize every session's speech with the engine of this name, unless a
     * request names another (the SIP Accept-Contact feature tag {@code speechrecog.engine}, which
     * UniMRCP-style servers read). A server that has no such engine refuses the session with 488.
     *
     * @throws IllegalArgumentException when {@code name} is not a token (letters, digits, . _ -)
     */
    public Builder engine(String name) {
      if (name == null || !name.matches("[A-Za-z0-9._-]{1,64}")) {
        throw new IllegalArgumentException("not an engine name: " + name);
      }
      this.engine = name;
      return this;
    }

    /**
     * Credentials for SIP digest authentication: a 401 or 407 to the INVITE is answered once with
     * them; without them (the default) it fails the session with {@link SessionRefusedException}.
     */
    public Builder credentials(String user, String password) {
      this.sipUser = Objects.requireNonNull(user, "user");
      this.sipPassword = Objects.requireNonNull(password, "password");
      return this;
    }

    /**
     * MRCP over TLS ({@code TCP/TLS/MRCPv2}): the server must show a certificate issued by (or
     * equal to) one in {@code trustedCertificates}, a PEM file, for the address the SDP answer
     * names. The SIP dialog and RTP are unchanged.
     *
     * @throws IllegalArgumentException when the file holds no usable certificate
     */
    public Builder tls(java.nio.file.Path trustedCertificates) {
      this.trustedPem = trustedCertificates;
      try {
        this.tls =
            io.netty.handler.ssl.SslContextBuilder.forClient()
                .sslProvider(io.netty.handler.ssl.SslProvider.JDK)
                .protocols("TLSv1.3", "TLSv1.2")
                .trustManager(trustedCertificates.toFile())
                .build();
      } catch (javax.net.ssl.SSLException | RuntimeException e) {
        throw new IllegalArgumentException(
            "cannot use " + trustedCertificates + " as trusted certificates: " + e.getMessage(), e);
      }
      return this;
    }

    /**
     * The server's SIP address, the only one: replaces any given before (default 127.0.0.1:8060).
     */
    public Builder server(String host, int port) {
      ServerPool.Target t = new ServerPool.Target(Objects.requireNonNull(host, "host"), port);
      servers.clear();
      servers.add(t);
      return this;
    }

    /**
     * One more server's SIP address, after those given before; {@link #serverPolicy} says how they
     * share new sessions.
     *
     * @throws IllegalArgumentException for a port out of range or a server already listed
     */
    public Builder addServer(String host, int port) {
      ServerPool.Target t = new ServerPool.Target(Objects.requireNonNull(host, "host"), port);
      if (servers.contains(t)) {
        throw new IllegalArgumentException("server listed twice: " + t);
      }
      servers.add(t);
      return this;
    }

    /**
     * The servers' SIP addresses, in order, replacing any given before. Each address's host string
     * is used as it is (a name is resolved by the SIP stack when sending, not here).
     *
     * @throws IllegalArgumentException for an empty list or a server listed twice
     */
    public Builder servers(List<InetSocketAddress> addresses) {
      if (addresses.isEmpty()) {
        throw new IllegalArgumentException("no server");
      }
      servers.clear();
      for (InetSocketAddress a : addresses) {
        addServer(a.getHostString(), a.getPort());
      }
      return this;
    }

    /** How new sessions are spread over the servers that are UP (default FAILOVER). */
    public Builder serverPolicy(ServerPolicy policy) {
      this.policy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /**
     * How long a server has to answer an INVITE (or a probe) with a final response before it counts
     * as down and the next server is tried (default 5 s). With several servers, give {@link
     * MrcpClient#openSession(Duration)} at least their number times this.
     */
    public Builder serverTimeout(Duration timeout) {
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("serverTimeout must be positive");
      }
      this.serverTimeout = timeout;
      return this;
    }

    /**
     * How long a server that failed stays DOWN when it gave no Retry-After: {@code first} after one
     * failure, doubling with each consecutive one up to {@code max} (default 1 s to 30 s). A
     * Retry-After (sent with 503) is honoured as it is, up to an hour.
     */
    public Builder serverBackoff(Duration first, Duration max) {
      if (first.isNegative() || first.isZero() || max.compareTo(first) < 0) {
        throw new IllegalArgumentException("backoff must be positive with first <= max");
      }
      this.backoffFirst = first;
      this.backoffMax = max;
      return this;
    }

    /**
     * Probe every server with a SIP OPTIONS this often (default: off, null or zero). A 2xx marks it
     * UP, a 408, 480, 486 or 5xx (with its Retry-After) or no answer within {@link #serverTimeout}
     * marks it DOWN; other answers change nothing. The probes leave from the callback threads, one
     * at a time per server.
     */
    public Builder probeInterval(Duration every) {
      if (every != null && every.isNegative()) {
        throw new IllegalArgumentException("probeInterval must not be negative");
      }
      this.probeInterval = every == null || every.isZero() ? null : every;
      return this;
    }

    public Builder transport(SipTransport transport) {
      this.transport = Objects.requireNonNull(transport, "transport");
      return this;
    }

    /** The local address for SIP, RTP and the SDP offer (default 127.0.0.1). */
    public Builder localAddress(String address) {
      this.localAddress = Objects.requireNonNull(address, "address");
      return this;
    }

    /** The local SIP port (default 0: a free one). */
    public Builder localSipPort(int port) {
      this.localSipPort = port;
      return this;
    }

    /**
     * The audio codecs to offer, preferred first, each with its payload type (default PCMU, PCMA).
     * Use {@code RtpCodec.L16_16K.withPayloadType(96)} for 16 kHz linear audio.
     */
    public Builder codecs(List<RtpCodec> codecs) {
      if (codecs.isEmpty()) {
        throw new IllegalArgumentException("offer at least one codec");
      }
      this.codecs = List.copyOf(codecs);
      return this;
    }

    /** Offer telephone-event (RFC 4733, payload type 101); default on. */
    public Builder telephoneEvent(boolean on) {
      this.telephoneEvent = on;
      return this;
    }

    /**
     * Let sessions share MRCP connections ({@code a=connection:existing}, RFC 6787 section 4.2);
     * default on.
     */
    public Builder shareConnections(boolean on) {
      this.shareConnections = on;
      return this;
    }

    /** How long to wait for an MRCP response (default 10 s). */
    public Builder requestTimeout(Duration timeout) {
      this.requestTimeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /** Network event loops (default 1). */
    public Builder ioThreads(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("ioThreads must be at least 1");
      }
      this.ioThreads = n;
      return this;
    }

    /** Threads that complete futures and call listeners (default 2). */
    public Builder callbackThreads(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("callbackThreads must be at least 1");
      }
      this.callbackThreads = n;
      return this;
    }

    /**
     * Starts the client (binds its SIP port).
     *
     * @throws MrcpClientException when SIP cannot start
     */
    public MrcpClient build() throws MrcpClientException {
      return new MrcpClient(this);
    }
  }
}
