package io.mrcpj.client;

import io.mrcpj.client.internal.MrcpConnection;
import io.mrcpj.client.internal.RtpSender;
import io.mrcpj.client.internal.SipUac;
import io.mrcpj.core.codec.MrcpDecoderConfig;
import io.mrcpj.core.message.ChannelId;
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
    this.sip =
        new SipUac(
            b.localAddress,
            b.localSipPort,
            b.transport.name().toLowerCase(java.util.Locale.ROOT),
            callbacks);
    try {
      if (b.sipUser != null) {
        sip.credentials(b.sipUser, b.sipPassword);
      }
      if (b.transport == SipTransport.TLS) {
        sip.trustStore(b.sipTrustStore());
      }
      sip.start();
    } catch (MrcpClientException e) {
      stopThreads();
      throw e;
    }
  }

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
   * Opens a session with a speechrecog channel: INVITE with an offer, MRCP connection, RTP. Fails
   * with {@link SessionRefusedException} when the server refuses (its SIP status, e.g. 503) or does
   * not allocate the channel, {@link MrcpClientException} when it cannot be reached.
   */
  public CompletableFuture<ClientSession> openSession() {
    if (closed) {
      return CompletableFuture.failedFuture(new MrcpClientException("client closed"));
    }
    CompletableFuture<ClientSession> out = new CompletableFuture<>();
    // the INVITE leaves from a callback thread: jain-sip may block (a TCP connect)
    RtpSender.open(loops, config.localAddress, callbacks)
        .whenCompleteAsync(
            (rtp, err) -> {
              if (err != null) {
                out.completeExceptionally(new MrcpClientException(err.getMessage(), err));
              } else {
                invite(rtp, out);
              }
            },
            callbacks);
    return out;
  }

  /** Offers the bound RTP socket to the server; completes {@code out} with the session. */
  private void invite(RtpSender rtp, CompletableFuture<ClientSession> out) {
    boolean reuse = config.shareConnections && hasSharedConnectionTo(config.serverHost);
    SessionDescription offer =
        MrcpOfferBuilder.from(config.localAddress)
            .addResource("speechrecog", rtp.localPort())
            .codecs(config.codecs)
            .telephoneEvent(
                config.telephoneEvent ? new RtpCodec(101, RtpCodec.TELEPHONE_EVENT, 8000, 1) : null)
            .connectionMode(reuse ? ConnectionMode.EXISTING : ConnectionMode.NEW)
            .tls(config.tls != null)
            .build();
    ClientSession[] made = new ClientSession[1];
    sip.invite(
            config.serverHost,
            config.serverPort,
            SdpWriter.toBytes(offer),
            reason -> {
              if (made[0] != null) {
                made[0].remoteBye(reason);
              }
            })
        .thenCompose(est -> setUp(est, rtp, made))
        .whenComplete(
            (session, err) -> {
              if (err != null) {
                rtp.close();
                out.completeExceptionally(ClientSession.unwrap(err));
              } else {
                out.complete(session);
              }
            });
  }

  /** Like {@link #openSession()}, waiting at most {@code timeout}. */
  public ClientSession openSession(Duration timeout)
      throws MrcpClientException, TimeoutException, InterruptedException {
    CompletableFuture<ClientSession> f = openSession();
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
      SipUac.Established est, RtpSender rtp, ClientSession[] made) {
    MrcpAnswerReader.Answer answer;
    try {
      answer = MrcpAnswerReader.read(new SdpParser().parse(est.answer()));
    } catch (SdpParseException e) {
      sip.bye(est.callId());
      return CompletableFuture.failedFuture(
          new MrcpClientException("the server's SDP answer is malformed: " + e.getMessage(), e));
    }
    MrcpAnswerReader.Control control = answer.control("speechrecog").orElse(null);
    MrcpAnswerReader.Audio audio = control == null ? null : answer.audioFor(control).orElse(null);
    if (control == null || audio == null) {
      sip.bye(est.callId());
      return CompletableFuture.failedFuture(
          new SessionRefusedException(
              200, "OK", "the server did not allocate speechrecog with audio"));
    }
    String mrcpHost = control.host().isEmpty() ? est.peerHost() : control.host();
    String rtpHost = audio.host().isEmpty() ? est.peerHost() : audio.host();
    InetSocketAddress mrcp = new InetSocketAddress(mrcpHost, control.port());
    ChannelId channel = control.channel().orElseThrow();
    try {
      rtp.start(new InetSocketAddress(rtpHost, audio.port()), audio.codec().orElseThrow());
    } catch (IllegalArgumentException e) {
      sip.bye(est.callId());
      return CompletableFuture.failedFuture(
          new MrcpClientException(
              "the server chose a codec this client cannot send: " + e.getMessage()));
    }
    return connection(mrcp, control.connection().orElse(ConnectionMode.NEW))
        .handle(
            (conn, err) -> {
              if (err != null) {
                sip.bye(est.callId());
                throw new java.util.concurrent.CompletionException(ClientSession.unwrap(err));
              }
              ClientSession s =
                  new ClientSession(
                      this,
                      est.callId(),
                      channel,
                      conn,
                      rtp,
                      audio.codec().get(),
                      audio.telephoneEvent());
              made[0] = s;
              sessions.add(s);
              s.attach();
              conn.unreserve(); // the channel holds the connection from now on
              if (closed) {
                s.closeAsync();
                throw new java.util.concurrent.CompletionException(
                    new MrcpClientException("client closed"));
              }
              return s;
            });
  }

  private boolean hasSharedConnectionTo(String host) {
    return shared.values().stream()
        .anyMatch(c -> c.isOpen() && c.remote().getHostString().equals(host));
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
  void release(ClientSession session, MrcpConnection c) {
    c.unregister(session.channelId());
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
    private String serverHost = "127.0.0.1";
    private int serverPort = 8060;
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

    /** The server's SIP address (default 127.0.0.1:8060). */
    public Builder server(String host, int port) {
      this.serverHost = Objects.requireNonNull(host, "host");
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("port out of range: " + port);
      }
      this.serverPort = port;
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
