package io.mrcpj.server;

import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.mrcpj.asr.spi.RecognitionEngine;
import io.mrcpj.core.codec.MrcpDecoderConfig;
import io.mrcpj.core.message.ChannelId;
import io.mrcpj.core.nlsml.NlsmlWriter;
import io.mrcpj.core.sdp.CodecSelector;
import io.mrcpj.server.config.LimitsConfig;
import io.mrcpj.server.config.RecognizerConfig;
import io.mrcpj.server.config.ServerConfig;
import io.mrcpj.server.config.TlsConfig;
import io.mrcpj.server.control.MrcpControlServer;
import io.mrcpj.server.engine.CountingEngine;
import io.mrcpj.server.media.RtpMediaService;
import io.mrcpj.server.metrics.OpsHttpServer;
import io.mrcpj.server.metrics.ServerMetrics;
import io.mrcpj.server.resource.recog.GrammarFetcher;
import io.mrcpj.server.resource.recog.RecognizerChannel;
import io.mrcpj.server.resource.recog.RecognizerSupport;
import io.mrcpj.server.resource.recog.WaveformStore;
import io.mrcpj.server.resource.synth.SynthesizerChannel;
import io.mrcpj.server.security.TlsContexts;
import io.mrcpj.server.session.ChannelFactory;
import io.mrcpj.server.session.SessionChannel;
import io.mrcpj.server.session.SessionManager;
import io.mrcpj.server.sip.SipServer;
import io.mrcpj.server.sip.SipStartException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole speech server: MRCPv2 control listener, RTP, sessions and SIP, around one recognition
 * engine. {@link Main} runs one; tests start several on free ports.
 */
public final class SpeechServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(SpeechServer.class);

  /** How often sessions are checked for the RTP and MRCP timeouts. */
  static final long SWEEP_MILLIS = 250;

  private final ServerConfig config;
  private final CountingEngine engine;
  private final io.mrcpj.server.resource.synth.SynthesisEngines synthesis;

  /** The synthesizer channels of each session by Call-ID, for barge-in from its recognizer. */
  private final java.util.Map<String, java.util.Set<SynthesizerChannel>> synthesizers =
      new java.util.concurrent.ConcurrentHashMap<>();

  private RecognizerSupport recognizerSupport;
  private GrammarFetcher fetcher;
  private ThreadPoolExecutor recogIo;
  private ScheduledExecutorService timers;
  private MrcpControlServer control;
  private MrcpControlServer controlTls;
  private InetSocketAddress mrcpTlsAddress;
  private RtpMediaService rtp;
  private volatile SessionManager sessions;
  private SipServer sip;
  private InetSocketAddress mrcpAddress;
  private final PrometheusMeterRegistry registry;
  private final ServerMetrics metrics;
  private JvmGcMetrics gcMetrics;
  private OpsHttpServer ops;
  private volatile boolean running;

  /**
   * @param config the settings
   * @param engine the recognition engine; the server does not close it (the caller owns it)
   */
  public SpeechServer(ServerConfig config, RecognitionEngine engine) {
    this(config, engine, null);
  }

  /**
   * @param config the settings
   * @param engine the recognition engine; the server does not close it (the caller owns it)
   * @param synthesis the synthesis engines for speechsynth channels, or null to offer no
   *     synthesizer; the server does not close them (the caller owns them)
   */
  public SpeechServer(
      ServerConfig config,
      RecognitionEngine engine,
      io.mrcpj.server.resource.synth.SynthesisEngines synthesis) {
    this.synthesis = synthesis;
    this.config = config;
    this.engine = new CountingEngine(engine, false);
    this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    this.metrics = new ServerMetrics(registry);
  }

  /**
   * Binds MRCP, then RTP and SIP. On failure everything started is stopped again.
   *
   * @throws SipStartException when SIP cannot start
   * @throws InterruptedException when interrupted while binding
   */
  public synchronized SpeechServer start() throws SipStartException, InterruptedException {
    AtomicInteger n = new AtomicInteger();
    ScheduledThreadPoolExecutor t =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread th = new Thread(r, "recog-timer-" + n.incrementAndGet());
              th.setDaemon(true);
              return th;
            });
    t.setRemoveOnCancelPolicy(true);
    timers = t;
    recognizerSupport = support(config.recognizer(), config.limits().engineTimeout() * 1000L);
    MrcpDecoderConfig decoder =
        MrcpDecoderConfig.builder()
            .maxMessageBytes(config.mrcp().maxMessageBytes())
            .maxHeaderBytes(config.mrcp().maxHeaderBytes())
            .build();
    MrcpControlServer.Guard guard =
        new MrcpControlServer.Guard(
            config.mrcp().allowFilter(), config.limits().maxChannelsPerConnection());
    TlsConfig tls = config.mrcp().tls();
    try {
      if (!tls.required()) {
        control =
            new MrcpControlServer(
                config.mrcp().host(),
                config.mrcp().port(),
                decoder,
                this::findChannel,
                config.mrcp().ioThreads(),
                guard);
        mrcpAddress = control.metrics(metrics).start();
      }
      if (tls.enabled()) {
        controlTls =
            new MrcpControlServer(
                config.mrcp().host(),
                tls.port(),
                decoder,
                this::findChannel,
                config.mrcp().ioThreads(),
                guard,
                TlsContexts.server(tls));
        mrcpTlsAddress = controlTls.metrics(metrics).start();
      }
      rtp = new RtpMediaService(config.rtp(), 0);
      rtp.metrics(metrics);
      sessions =
          new SessionManager(
              rtp,
              new RecognizerFactory(),
              config.rtp().host(),
              mrcpAddress == null ? 0 : mrcpAddress.getPort(),
              config.limits().maxSessions(),
              CodecSelector.defaults());
      sessions.engines(this::engineLoaded);
      if (mrcpTlsAddress != null) {
        sessions.tls(mrcpTlsAddress.getPort(), mrcpAddress != null);
      }
      LimitsConfig limits = config.limits();
      sessions.limits(
          limits.maxSessionsPerSource(),
          Duration.ofSeconds(limits.rtpTimeout()),
          Duration.ofSeconds(limits.mrcpTimeout()));
      SessionManager swept = sessions;
      timers.scheduleWithFixedDelay(
          () -> {
            try {
              swept.sweep(System.nanoTime());
            } catch (RuntimeException e) {
              log.warn("session sweep failed", e);
            }
          },
          SWEEP_MILLIS,
          SWEEP_MILLIS,
          TimeUnit.MILLISECONDS);
      sip = new SipServer(config.sip(), sessions);
      sip.metrics(metrics);
      sip.start();
      registerMeters();
      if (config.metrics().enabled()) {
        try {
          ops =
              new OpsHttpServer(
                  config.metrics().host(), config.metrics().port(), registry, this::status);
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(
              "cannot serve metrics on "
                  + config.metrics().host()
                  + ":"
                  + config.metrics().port()
                  + " (metrics.port): "
                  + e.getMessage(),
              e);
        }
      }
      running = true;
    } catch (SipStartException | InterruptedException | RuntimeException e) {
      close();
      throw e;
    }
    log.info(
        "speech server ready: SIP {}:{} {}, MRCP {}, MRCP over TLS {}, RTP {}-{}, engines {}",
        config.sip().host(),
        config.sip().port(),
        config.sip().transports(),
        mrcpAddress == null ? "off" : mrcpAddress.getHostString() + ":" + mrcpAddress.getPort(),
        mrcpTlsAddress == null
            ? "off"
            : mrcpTlsAddress.getHostString() + ":" + mrcpTlsAddress.getPort(),
        config.rtp().portMin(),
        config.rtp().portMax(),
        engine.delegate() instanceof io.mrcpj.server.engine.EngineSelector sel
            ? sel.names() + " (default " + sel.name() + ")"
            : engine.name());
    return this;
  }

  /** Gauges read at each scrape, and the JVM's own meters. */
  private void registerMeters() {
    metrics.gauge("mrcpj.sessions.active", "SIP sessions open now", this, s -> s.sessions());
    metrics.gauge(
        "mrcpj.channels.active", "MRCP resource channels open now", this, s -> s.channelsOpen());
    metrics.gauge("mrcpj.rtp.ports.active", "RTP ports held now", this, s -> s.rtpPortsInUse());
    metrics.gauge(
        "mrcpj.engine.streams.active", "engine streams open now", this, s -> s.engineStreams());
    metrics.functionCounter(
        "mrcpj.engine.audio",
        "audio fed to the engines",
        "seconds",
        this,
        SpeechServer::engineAudioSeconds);
    if (engine.busyNanos() >= 0) {
      metrics.functionCounter(
          "mrcpj.engine.busy",
          "time the engines' workers spent recognizing",
          "seconds",
          engine,
          e -> Math.max(0, e.busyNanos()) / 1e9);
      metrics.gauge(
          "mrcpj.engine.realtime.factor",
          "engine busy time over audio time since start (rate() of mrcpj_engine_busy_seconds_total"
              + " over rate() of mrcpj_engine_audio_seconds_total gives it per interval)",
          this,
          SpeechServer::realTimeFactor);
    }
    metrics.gauge(
        "mrcpj.workers.queued",
        "work waiting for a worker thread, by pool",
        "pool",
        "engine",
        engine,
        e -> Math.max(0, e.queuedWork()));
    metrics.gauge(
        "mrcpj.workers.queued",
        "work waiting for a worker thread, by pool",
        "pool",
        "sip",
        this,
        s -> s.sip == null ? 0 : s.sip.queued());
    metrics.gauge(
        "mrcpj.workers.queued",
        "work waiting for a worker thread, by pool",
        "pool",
        "recognizer-io",
        this,
        s -> s.recogIo == null ? 0 : s.recogIo.getQueue().size());
    metrics.gauge(
        "mrcpj.ready", "1 when new sessions are accepted, else 0", this, s -> s.ready() ? 1 : 0);
    new ClassLoaderMetrics().bindTo(registry);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    gcMetrics = new JvmGcMetrics();
    gcMetrics.bindTo(registry);
  }

  private boolean engineLoaded(String name) {
    return engine.delegate() instanceof io.mrcpj.server.engine.EngineSelector sel
        ? sel.has(name)
        : engine.name().equalsIgnoreCase(name.strip());
  }

  private double realTimeFactor() {
    double audio = engineAudioSeconds();
    return audio <= 0 ? 0 : Math.max(0, engine.busyNanos()) / 1e9 / audio;
  }

  /** The meters (Micrometer); also served in Prometheus format on metrics.port. */
  public ServerMetrics metrics() {
    return metrics;
  }

  /** The meters in Prometheus text format, as {@code /metrics} serves them. */
  public String scrape() {
    return registry.scrape();
  }

  /** The bound address of {@code /metrics}, {@code /health} and {@code /ready}; null when off. */
  public InetSocketAddress opsAddress() {
    OpsHttpServer o = ops;
    return o == null ? null : o.address();
  }

  /** True when the server runs and takes new sessions (not draining, not full). */
  public boolean ready() {
    SessionManager s = sessions;
    return running && s != null && s.acceptsNewSessions();
  }

  private OpsHttpServer.Status status() {
    SessionManager s = sessions;
    int n = s == null ? 0 : s.sessions();
    if (!running || s == null) {
      return new OpsHttpServer.Status(false, false, "stopped", n);
    }
    if (s.draining()) {
      return new OpsHttpServer.Status(true, false, "draining", n);
    }
    if (!s.acceptsNewSessions()) {
      return new OpsHttpServer.Status(true, false, "session limit reached", n);
    }
    return new OpsHttpServer.Status(true, true, "accepting sessions", n);
  }

  private Optional<io.mrcpj.server.control.ResourceChannel> findChannel(ChannelId id) {
    SessionManager s = sessions;
    return s == null ? Optional.empty() : s.find(id);
  }

  /** The recognizer's services from its configuration; owns the fetcher and the I/O thread. */
  private RecognizerSupport support(RecognizerConfig rc, long engineTimeoutMillis) {
    RecognizerConfig.GrammarFetch gf = rc.grammarFetch();
    fetcher =
        new GrammarFetcher(
            new GrammarFetcher.Settings(
                new HashSet<>(gf.allowedHosts()),
                gf.maxBytes(),
                gf.maxTimeout(),
                gf.cacheSeconds(),
                gf.fileRootPath()));
    AtomicInteger n = new AtomicInteger();
    recogIo =
        new ThreadPoolExecutor(
            1,
            1,
            30,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(1024),
            r -> {
              Thread th = new Thread(r, "recog-io-" + n.incrementAndGet());
              th.setDaemon(true);
              return th;
            });
    recogIo.allowCoreThreadTimeOut(true);
    RecognizerConfig.Waveforms w = rc.waveforms();
    WaveformStore waveforms =
        new WaveformStore(
            new WaveformStore.Settings(Path.of(w.dir()), w.baseUri(), w.maxSeconds(), w.keep()),
            recogIo);
    return new RecognizerSupport(
        rc.toDefaults(),
        fetcher,
        waveforms,
        new NlsmlWriter.Dialect(rc.nlsml().namespace(), rc.nlsml().emptyInstance()),
        rc.nlsml().contentType(),
        engineTimeoutMillis);
  }

  /**
   * The bound plain-TCP MRCP address (the real port when 0 was configured); null when only TLS is
   * served.
   */
  public InetSocketAddress mrcpAddress() {
    return mrcpAddress;
  }

  /** The bound MRCP-over-TLS address; null without TLS. */
  public InetSocketAddress mrcpTlsAddress() {
    return mrcpTlsAddress;
  }

  /** Sessions open now. */
  public int sessions() {
    return sessions == null ? 0 : sessions.sessions();
  }

  /** Resource channels open now. */
  public int channelsOpen() {
    return sessions == null ? 0 : sessions.channelsOpen();
  }

  /** RTP ports held now. */
  public int rtpPortsInUse() {
    return rtp == null ? 0 : rtp.portsInUse();
  }

  /** Engine streams open now. */
  public int engineStreams() {
    return engine.openStreams();
  }

  /** Seconds of audio fed to the engine since start. */
  public double engineAudioSeconds() {
    return engine.samplesFed() / (double) engine.sampleRate();
  }

  /** SIP calls known now (including ones being set up). */
  public int sipCalls() {
    return sip == null ? 0 : sip.calls();
  }

  /** Refuse new sessions (OPTIONS and INVITE get 503); running ones go on. */
  public void drain(boolean on) {
    sessions.drain(on);
  }

  /**
   * Stops gracefully: new sessions are refused at once (OPTIONS and INVITE get 503), running
   * sessions may go on for up to {@code grace}, then every one left is BYEd and everything stops.
   *
   * @return the sessions that were still running when the grace period ended
   */
  public int shutdown(Duration grace) {
    SessionManager s = sessions;
    if (s != null) {
      s.drain(true);
      long deadline = System.nanoTime() + grace.toNanos();
      log.info(
          "draining: {} session(s) running, waiting up to {} s", s.sessions(), grace.toSeconds());
      while (s.sessions() > 0 && System.nanoTime() < deadline) {
        try {
          Thread.sleep(50);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
    }
    int left = s == null ? 0 : s.sessions();
    if (left > 0) {
      log.info("grace period over: ending {} session(s)", left);
    }
    close();
    return left;
  }

  /** BYEs every session, frees everything and stops. Idempotent. */
  @Override
  public synchronized void close() {
    running = false;
    if (ops != null) {
      ops.close();
      ops = null;
    }
    if (gcMetrics != null) {
      gcMetrics.close();
      gcMetrics = null;
    }
    if (sip != null) {
      sip.close();
      sip = null;
    }
    if (sessions != null) {
      sessions.close();
    }
    if (control != null) {
      control.close();
      control = null;
    }
    if (controlTls != null) {
      controlTls.close();
      controlTls = null;
    }
    if (rtp != null) {
      rtp.close();
    }
    if (fetcher != null) {
      fetcher.close();
      fetcher = null;
    }
    if (recogIo != null) {
      recogIo.shutdown();
      recogIo = null;
    }
    if (timers != null) {
      timers.shutdownNow();
      timers = null;
    }
  }

  /**
   * Makes speechrecog channels on the server's engine, and speechsynth ones when it has engines.
   */
  private final class RecognizerFactory implements ChannelFactory {
    @Override
    public boolean supports(String resource) {
      return "speechrecog".equalsIgnoreCase(resource)
          || (synthesis != null && "speechsynth".equalsIgnoreCase(resource))
          || (config.recorder().enabled() && "recorder".equalsIgnoreCase(resource));
    }

    @Override
    public SessionChannel create(ChannelId id, String callId) {
      return create(id, callId, null);
    }

    @Override
    public SessionChannel create(ChannelId id, String callId, String engineName) {
      if (id.resource().name().equalsIgnoreCase("speechsynth")) {
        return synthesizer(id, callId);
      }
      if (id.resource().name().equalsIgnoreCase("recorder")) {
        io.mrcpj.server.config.RecorderConfig rc = config.recorder();
        io.mrcpj.server.resource.recorder.RecorderChannel rec =
            new io.mrcpj.server.resource.recorder.RecorderChannel(
                    id,
                    new io.mrcpj.server.resource.recorder.RecorderChannel.Settings(
                        new io.mrcpj.server.resource.recorder.RecordingStore(
                            Path.of(rc.dir()), rc.baseUri(), recogIo),
                        rc.maxSeconds(),
                        rc.finalSilence(),
                        rc.noInputTimeout()),
                    timers,
                    engine.sampleRate())
                .metrics(metrics);
        return new SessionChannel(rec, rec, rec.sampleRate(), rec::close);
      }
      RecognizerChannel channel =
          new RecognizerChannel(id, engine, timers, recognizerSupport)
              .observed(callId, metrics, config.logging().maskText());
      if (engineName != null) {
        channel.sessionEngine(engineName);
      }
      // the caller started speaking: a prompt of the same session that may be barged in stops
      channel.onStartOfInput(() -> bargeIn(callId));
      return new SessionChannel(channel, channel, channel.sampleRate(), channel::close);
    }

    private SessionChannel synthesizer(ChannelId id, String callId) {
      SynthesizerChannel channel =
          new SynthesizerChannel(
                  id,
                  synthesis,
                  new SynthesizerChannel.Settings(config.synthesis().maxSpeakSeconds(), fetcher))
              .observed(callId)
              .metrics(metrics);
      synthesizers
          .computeIfAbsent(callId, k -> java.util.concurrent.ConcurrentHashMap.newKeySet())
          .add(channel);
      Runnable closer =
          () -> {
            channel.close();
            synthesizers.computeIfPresent(
                callId,
                (k, set) -> {
                  set.remove(channel);
                  return set.isEmpty() ? null : set;
                });
          };
      return new SessionChannel(
          channel, io.mrcpj.server.media.AudioSink.NONE, 8000, closer, channel::output);
    }
  }

  private void bargeIn(String callId) {
    java.util.Set<SynthesizerChannel> set = synthesizers.get(callId);
    if (set != null) {
      set.forEach(SynthesizerChannel::bargeIn);
    }
  }
}
