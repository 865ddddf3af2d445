package io.mrcpj.server.sip;

import gov.nist.javax.sip.DialogTimeoutEvent;
import gov.nist.javax.sip.RequestEventExt;
import gov.nist.javax.sip.SipListenerExt;
import io.mrcpj.core.sdp.SdpNegotiationException;
import io.mrcpj.core.sdp.SdpParseException;
import io.mrcpj.core.sdp.SdpParser;
import io.mrcpj.core.sdp.SdpWriter;
import io.mrcpj.core.sdp.SessionDescription;
import io.mrcpj.core.sip.SipStacks;
import io.mrcpj.server.LogContext;
import io.mrcpj.server.config.SipConfig;
import io.mrcpj.server.config.SipTlsConfig;
import io.mrcpj.server.security.AddressFilter;
import io.mrcpj.server.security.DigestAuth;
import io.mrcpj.server.session.SessionManager;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.DialogTerminatedEvent;
import javax.sip.IOExceptionEvent;
import javax.sip.ListeningPoint;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipFactory;
import javax.sip.SipProvider;
import javax.sip.SipStack;
import javax.sip.TimeoutEvent;
import javax.sip.TransactionAlreadyExistsException;
import javax.sip.TransactionTerminatedEvent;
import javax.sip.address.AddressFactory;
import javax.sip.header.AuthorizationHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ContentTypeHeader;
import javax.sip.header.Header;
import javax.sip.header.HeaderFactory;
import javax.sip.header.RequireHeader;
import javax.sip.header.SupportedHeader;
import javax.sip.header.ToHeader;
import javax.sip.header.ViaHeader;
import javax.sip.header.WWWAuthenticateHeader;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SIP user agent server (RFC 3261) that sets up MRCPv2 sessions (RFC 6787 section 4): INVITE
 * with an SDP offer gets 100 and a 200 with the answer from the {@link SessionManager}; ACK, BYE,
 * CANCEL (487), OPTIONS (200, or 503 while full or draining), re-INVITE and UPDATE, session timers
 * (RFC 4028). Listens on UDP and/or TCP.
 *
 * <p>Threading: jain-sip calls the listener on its own threads, which only hand work to a bounded
 * pool of {@code sip-worker} threads (a full pool answers 503 at once). Session setup (port binds,
 * engine streams) runs on those workers, never on a stack thread.
 */
public final class SipServer implements SipListenerExt, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(SipServer.class);
  private static final AtomicInteger STACKS = new AtomicInteger();
  static final String ALLOW = "INVITE, ACK, BYE, CANCEL, OPTIONS, UPDATE";
  private static final String SDP = "sdp";

  private enum State {
    PENDING,
    ANSWERED,
    CONFIRMED,
    ENDED
  }

  /** The SIP side of one session, keyed by Call-ID. */
  private static final class Call {
    final String callId;
    final String toTag;
    final ServerTransaction invite;
    State state = State.PENDING;
    boolean cancelled;
    Dialog dialog;
    SessionDescription answer;
    SessionTimer timer;
    ScheduledFuture<?> timerTask;

    Call(String callId, ServerTransaction invite) {
      this.callId = callId;
      this.invite = invite;
      this.toTag = Long.toHexString(ThreadLocalRandom.current().nextLong());
    }
  }

  private final SipConfig config;
  private final SessionManager sessions;
  private final SdpParser sdpParser = new SdpParser();
  private final Map<String, Call> calls = new ConcurrentHashMap<>();
  private final AtomicLong rejectedBusy = new AtomicLong();
  private final AtomicLong rejectedSource = new AtomicLong();
  private final AddressFilter allow;
  private final DigestAuth auth; // null: no authentication
  private ThreadPoolExecutor workers;
  private volatile io.mrcpj.server.metrics.ServerMetrics metrics =
      io.mrcpj.server.metrics.ServerMetrics.none();
  private ScheduledExecutorService timers;
  private SipStacks.Stack stacks;
  private SipStack stack;
  private SipProvider provider;
  private MessageFactory messages;
  private HeaderFactory headers;
  private AddressFactory addresses;
  private volatile Runnable afterAnswerHook;
  private volatile Runnable beforeCancelHook;

  public SipServer(SipConfig config, SessionManager sessions) {
    this.config = config;
    this.allow = config.allowFilter();
    this.auth =
        config.auth().enabled()
            ? new DigestAuth(config.auth().realm(), config.auth().passwords())
            : null;
    this.sessions = sessions;
  }

  /**
   * Creates the SIP stack and binds every configured transport on {@code sip.host:sip.port}.
   *
   * @throws SipStartException when the stack cannot start or a port cannot be bound
   */
  /** Where SIP responses and session set-ups are counted; call before {@link #start()}. */
  public void metrics(io.mrcpj.server.metrics.ServerMetrics m) {
    this.metrics = m;
  }

  /** SIP requests waiting for a worker now. */
  public int queued() {
    ThreadPoolExecutor w = workers;
    return w == null ? 0 : w.getQueue().size();
  }

  public synchronized void start() throws SipStartException {
    if (stack != null) {
      throw new IllegalStateException("already started");
    }
    workers =
        new ThreadPoolExecutor(
            config.workers(),
            config.workers(),
            30,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(4096),
            daemonThreads("sip-worker"));
    timers = Executors.newSingleThreadScheduledExecutor(daemonThreads("sip-timer"));
    try {
      SipFactory factory = SipFactory.getInstance();
      factory.setPathName("gov.nist");
      Properties p = SipStacks.defaults("mrcpj-server-" + STACKS.incrementAndGet(), 4);
      p.setProperty("gov.nist.javax.sip.RELIABLE_CONNECTION_KEEP_ALIVE_TIMEOUT", "60");
      SipTlsConfig tls = config.tls();
      if (tls.enabled()) {
        if (!java.nio.file.Files.isReadable(java.nio.file.Path.of(tls.keyStore()))) {
          throw new IllegalArgumentException("cannot read sip.tls.key-store " + tls.keyStore());
        }
        SipStacks.tls(p, tls.keyStore(), tls.password(), tls.keyStoreType());
      }
      stacks = SipStacks.create(factory, p);
      stack = stacks.stack();
      messages = factory.createMessageFactory();
      headers = factory.createHeaderFactory();
      addresses = factory.createAddressFactory();
      List<ListeningPoint> points = new ArrayList<>();
      for (String transport : config.transports()) {
        points.add(stack.createListeningPoint(config.host(), config.port(), transport));
      }
      if (tls.enabled()) {
        points.add(stack.createListeningPoint(config.host(), tls.port(), "tls"));
      }
      for (ListeningPoint lp : points) {
        if (provider == null) {
          provider = stack.createSipProvider(lp);
        } else {
          provider.addListeningPoint(lp);
        }
      }
      provider.addSipListener(this);
      stack.start();
      sessions.onTerminate(this::terminate);
    } catch (Exception e) {
      close();
      throw new SipStartException(
          "cannot start SIP on " + config.host() + ":" + config.port() + ": " + e.getMessage(), e);
    }
    log.info(
        "SIP listening on {}:{} ({}){}",
        config.host(),
        config.port(),
        config.transports(),
        config.tls().enabled() ? ", TLS on " + config.tls().port() : "");
  }

  /**
   * Runs {@code hook} on the worker right after a new session is negotiated and before its 200 OK
   * is sent, so tests can hold a setup open (a slow engine) and race a CANCEL against it.
   */
  void afterAnswerForTest(Runnable hook) {
    afterAnswerHook = hook;
  }

  /**
   * Runs {@code hook} on the worker before a CANCEL is handled, so a test can make the CANCEL wait
   * until the setup it races has reached a chosen point (a fast peer otherwise cancels first).
   */
  void beforeCancelForTest(Runnable hook) {
    beforeCancelHook = hook;
  }

  /** SIP sessions known to this server, including ones being set up. */
  public int calls() {
    return calls.size();
  }

  /** INVITEs refused because the worker pool was full. */
  public long rejectedBusy() {
    return rejectedBusy.get();
  }

  /**
   * Stops the stack: sends BYE to every established session (best effort), ends all sessions and
   * stops the threads. Idempotent.
   */
  @Override
  public synchronized void close() {
    if (provider != null) {
      for (Call call : List.copyOf(calls.values())) {
        synchronized (call) {
          if (call.state == State.CONFIRMED || call.state == State.ANSWERED) {
            sendBye(call);
          }
        }
        end(call, "server stopping");
      }
    }
    if (stack != null) {
      stacks.stop(provider, this);
      stack = null;
      provider = null;
    }
    sessions.onTerminate(null);
    if (workers != null) {
      workers.shutdownNow();
      timers.shutdownNow();
      workers = null;
    }
  }

  // ---- listener: hand-off only ----

  @Override
  public void processRequest(RequestEvent event) {
    long received = System.nanoTime();
    Request req = event.getRequest();
    LogContext.run(callId(req), null, () -> onRequest(event, req, received));
  }

  private void onRequest(RequestEvent event, Request req, long received) {
    String method = req.getMethod();
    String source = event instanceof RequestEventExt ext ? ext.getRemoteIpAddress() : null;
    boolean allowed = allow.allowsLiteral(source);
    if (Request.ACK.equals(method)) {
      if (allowed) {
        onAck(req);
      }
      return;
    }
    ServerTransaction st = event.getServerTransaction();
    if (st == null) {
      try {
        st = provider.getNewServerTransaction(req);
      } catch (TransactionAlreadyExistsException e) {
        return; // a retransmission the stack already handles
      } catch (Exception e) {
        log.debug("cannot create a server transaction for {}", method, e);
        return;
      }
    }
    ServerTransaction tx = st;
    if (!allowed) {
      rejectedSource.incrementAndGet();
      log.warn("{} {} from {} refused: not in sip.allow", method, callId(req), source);
      if (Request.INVITE.equals(method) && toTag(req) == null) {
        metrics.sessionRefused(Response.FORBIDDEN);
      }
      try {
        workers.execute(
            () -> respond(tx, req, Response.FORBIDDEN, "Source not allowed", null, null));
      } catch (RejectedExecutionException e) {
        // stopping or overloaded: the client's transaction times out
      }
      return;
    }
    try {
      workers.execute(
          LogContext.wrap(callId(req), null, () -> dispatch(tx, req, source, received)));
    } catch (RejectedExecutionException e) {
      rejectedBusy.incrementAndGet();
      if (Request.INVITE.equals(method) && toTag(req) == null) {
        metrics.sessionRefused(Response.SERVICE_UNAVAILABLE);
      }
      respond(tx, req, Response.SERVICE_UNAVAILABLE, "Busy", null, r -> retryAfter(r, 5));
    }
  }

  private void dispatch(ServerTransaction st, Request req, String source, long received) {
    try {
      switch (req.getMethod()) {
        case Request.INVITE -> {
          if (toTag(req) == null) {
            onInitialInvite(st, req, source, received);
          } else {
            onReInvite(st, req);
          }
        }
        case Request.BYE -> onBye(st, req);
        case Request.CANCEL -> onCancel(st, req);
        case Request.OPTIONS -> onOptions(st, req);
        case Request.UPDATE -> onUpdate(st, req);
        default -> respond(st, req, Response.METHOD_NOT_ALLOWED, null, null, r -> addAllow(r));
      }
    } catch (RuntimeException e) {
      log.error("{} {} failed", req.getMethod(), callId(req), e);
      respond(st, req, Response.SERVER_INTERNAL_ERROR, null, null, null);
    }
  }

  // ---- INVITE ----

  private void onInitialInvite(ServerTransaction st, Request req, String source, long received) {
    String callId = callId(req);
    Call call = new Call(callId, st);
    if (calls.putIfAbsent(callId, call) != null) {
      respond(st, req, Response.LOOP_DETECTED, null, null, null);
      return;
    }
    respond(st, req, Response.TRYING, null, null, null);
    SessionManager.Answer answer;
    SessionTimer timer;
    try {
      Rejection early = checkInvite(req);
      if (early == null) {
        early = authenticate(req);
      }
      if (early != null) {
        reject(call, req, early);
        return;
      }
      timer = SessionTimer.negotiate(req, config);
      if (timer.tooSmall()) {
        reject(
            call,
            req,
            new Rejection(
                422 /* Session Interval Too Small, RFC 4028 */,
                null,
                r -> r.addHeader(header("Min-SE", Integer.toString(config.minSe())))));
        return;
      }
      SessionDescription offer = sdpParser.parse(req.getRawContent());
      synchronized (call) {
        if (call.cancelled) {
          calls.remove(callId, call);
          return;
        }
      }
      answer = sessions.answer(callId, offer, source, requestedEngine(req));
      Runnable hook = afterAnswerHook;
      if (hook != null) {
        hook.run();
      }
    } catch (SdpParseException e) {
      reject(call, req, notAcceptable("malformed SDP: " + e.getMessage()));
      return;
    } catch (SdpNegotiationException e) {
      reject(call, req, notAcceptable(e.getMessage()));
      return;
    } catch (SessionManager.CapacityException e) {
      reject(
          call,
          req,
          new Rejection(Response.SERVICE_UNAVAILABLE, e.getMessage(), r -> retryAfter(r, 10)));
      return;
    } catch (RuntimeException e) {
      log.error("INVITE {} failed", callId, e);
      reject(call, req, new Rejection(Response.SERVER_INTERNAL_ERROR, null, null));
      return;
    }
    synchronized (call) {
      if (call.cancelled) {
        sessions.close(callId, "CANCEL during setup");
        calls.remove(callId, call);
        return;
      }
      call.answer = answer.sdp();
      call.timer = timer;
      boolean sent =
          respond(
              st,
              req,
              Response.OK,
              null,
              call.toTag,
              r -> {
                addSdp(r, answer.sdp());
                addContact(r, req);
                timer.addTo(r, this);
              });
      if (!sent) {
        end(call, "200 OK could not be sent");
        return;
      }
      metrics.sessionAccepted(System.nanoTime() - received);
      call.dialog = st.getDialog();
      call.state = State.ANSWERED;
      scheduleTimer(call);
      armAckTimeout(call);
    }
    LogContext.run(
        null,
        answer.channels().stream()
            .map(Object::toString)
            .collect(java.util.stream.Collectors.joining(",")),
        () -> log.info("session {} answered: channels {}", callId, answer.channels()));
  }

  private void onReInvite(ServerTransaction st, Request req) {
    Call call = calls.get(callId(req));
    if (call == null) {
      respond(st, req, Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST, null, null, null);
      return;
    }
    Rejection early = checkInvite(req);
    if (early != null && !(early.status == Response.NOT_ACCEPTABLE_HERE && !hasBody(req))) {
      respond(st, req, early.status, early.reason, null, early.extra);
      return;
    }
    SessionTimer timer = SessionTimer.negotiate(req, config);
    SessionDescription answer;
    try {
      if (hasBody(req)) {
        answer = sessions.reanswer(call.callId, sdpParser.parse(req.getRawContent())).sdp();
      } else {
        synchronized (call) {
          answer = call.answer; // a refresh without an offer: the current answer, unchanged
        }
      }
    } catch (SdpParseException e) {
      Rejection r = notAcceptable("malformed SDP: " + e.getMessage());
      respond(st, req, r.status, r.reason, null, r.extra);
      return;
    } catch (SdpNegotiationException e) {
      Rejection r = notAcceptable(e.getMessage());
      respond(st, req, r.status, r.reason, null, r.extra);
      return;
    } catch (SessionManager.CapacityException e) {
      respond(st, req, Response.SERVICE_UNAVAILABLE, e.getMessage(), null, r -> retryAfter(r, 10));
      return;
    } catch (IllegalStateException e) {
      respond(st, req, Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST, null, null, null);
      return;
    }
    synchronized (call) {
      call.answer = answer;
      call.timer = timer;
      respond(
          st,
          req,
          Response.OK,
          null,
          null,
          r -> {
            addSdp(r, answer);
            addContact(r, req);
            timer.addTo(r, this);
          });
      scheduleTimer(call);
    }
    log.info("session {} re-negotiated", call.callId);
  }

  /** Digest authentication of a new session; null when it may proceed (or none is asked for). */
  private Rejection authenticate(Request req) {
    if (auth == null) {
      return null;
    }
    AuthorizationHeader h = (AuthorizationHeader) req.getHeader(AuthorizationHeader.NAME);
    DigestAuth.Credentials c =
        h == null || !"Digest".equalsIgnoreCase(h.getScheme())
            ? null
            : new DigestAuth.Credentials(
                h.getUsername(),
                h.getRealm(),
                h.getNonce(),
                h.getParameter("uri"),
                h.getResponse(),
                h.getQop(),
                h.getParameter("nc"),
                h.getCNonce(),
                h.getAlgorithm());
    DigestAuth.Verdict v = auth.check(req.getMethod(), c);
    if (v == DigestAuth.Verdict.OK) {
      return null;
    }
    if (v == DigestAuth.Verdict.WRONG) {
      log.warn(
          "INVITE {}: wrong credentials for user '{}'", callId(req), c == null ? "" : c.username());
    }
    boolean stale = v == DigestAuth.Verdict.STALE;
    return new Rejection(
        Response.UNAUTHORIZED,
        null,
        r -> r.addHeader(header(WWWAuthenticateHeader.NAME, auth.challenge(stale))));
  }

  /** The checks that need no SDP parsing; null when the INVITE may proceed. */
  private Rejection checkInvite(Request req) {
    List<String> unsupported = new ArrayList<>();
    for (Iterator<?> it = req.getHeaders(RequireHeader.NAME); it.hasNext(); ) {
      String tag = ((RequireHeader) it.next()).getOptionTag();
      if (!"timer".equalsIgnoreCase(tag)) {
        unsupported.add(tag);
      }
    }
    if (!unsupported.isEmpty()) {
      return new Rejection(
          Response.BAD_EXTENSION,
          null,
          r -> r.addHeader(header("Unsupported", String.join(", ", unsupported))));
    }
    if (!hasBody(req)) {
      return notAcceptable("an SDP offer is required in the INVITE");
    }
    ContentTypeHeader ct = (ContentTypeHeader) req.getHeader(ContentTypeHeader.NAME);
    if (ct == null
        || !"application".equalsIgnoreCase(ct.getContentType())
        || !SDP.equalsIgnoreCase(ct.getContentSubType())) {
      return new Rejection(
          Response.UNSUPPORTED_MEDIA_TYPE,
          null,
          r -> r.addHeader(header("Accept", "application/sdp")));
    }
    if (!sessions.acceptsNewSessions() && toTag(req) == null) {
      return new Rejection(
          Response.SERVICE_UNAVAILABLE,
          sessions.draining() ? "Draining" : "Session limit reached",
          r -> retryAfter(r, 10));
    }
    return null;
  }

  private void reject(Call call, Request req, Rejection rejection) {
    synchronized (call) {
      calls.remove(call.callId, call);
      if (call.cancelled) {
        return; // 487 already sent
      }
      call.state = State.ENDED;
      respond(call.invite, req, rejection.status, rejection.reason, call.toTag, rejection.extra);
    }
    metrics.sessionRefused(rejection.status);
    log.info("INVITE {} refused: {} {}", call.callId, rejection.status, rejection.reason);
  }

  private Rejection notAcceptable(String why) {
    return new Rejection(
        Response.NOT_ACCEPTABLE_HERE,
        null,
        r -> r.addHeader(header("Warning", "399 mrcpj \"" + why.replace('"', '\'') + "\"")));
  }

  // ---- ACK, BYE, CANCEL, OPTIONS, UPDATE ----

  /**
   * The stack retransmits the 200 OK until the ACK comes (RFC 3261 section 13.3.1.4); when none has
   * come after sip.ack-timeout the dialog is ended with a BYE and the session freed.
   */
  private void armAckTimeout(Call call) {
    try {
      timers.schedule(
          () -> {
            try {
              workers.execute(
                  LogContext.wrap(
                      call.callId,
                      null,
                      () -> {
                        synchronized (call) {
                          if (call.state != State.ANSWERED) {
                            return; // confirmed, or already ended
                          }
                          sendBye(call);
                        }
                        end(call, "no ACK within " + config.ackTimeout() + " s (sip.ack-timeout)");
                      }));
            } catch (RejectedExecutionException e) {
              // stopping: close() ends every call
            }
          },
          config.ackTimeout(),
          TimeUnit.SECONDS);
    } catch (RejectedExecutionException e) {
      // stopping
    }
  }

  private void onAck(Request req) {
    Call call = calls.get(callId(req));
    if (call != null) {
      synchronized (call) {
        if (call.state == State.ANSWERED) {
          call.state = State.CONFIRMED;
        }
      }
    }
  }

  private void onBye(ServerTransaction st, Request req) {
    Call call = calls.get(callId(req));
    if (call == null) {
      respond(st, req, Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST, null, null, null);
      return;
    }
    respond(st, req, Response.OK, null, null, null);
    end(call, "BYE");
  }

  private void onCancel(ServerTransaction st, Request req) {
    Runnable hook = beforeCancelHook;
    if (hook != null) {
      hook.run();
    }
    Call call = calls.get(callId(req));
    if (call == null) {
      respond(st, req, Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST, null, null, null);
      return;
    }
    respond(st, req, Response.OK, null, null, null);
    synchronized (call) {
      if (call.state != State.PENDING || call.cancelled) {
        return; // too late: the final response is out (RFC 3261 section 9.2)
      }
      call.cancelled = true;
      call.state = State.ENDED;
      respond(
          call.invite,
          call.invite.getRequest(),
          Response.REQUEST_TERMINATED,
          null,
          call.toTag,
          null);
    }
    log.info("INVITE {} cancelled", call.callId);
    if (sessions.exists(call.callId)) {
      // the worker may still be negotiating: it sees `cancelled` and closes the session itself
      sessions.close(call.callId, "CANCEL");
    }
    calls.remove(call.callId, call);
  }

  private void onOptions(ServerTransaction st, Request req) {
    if (toTag(req) == null && !sessions.acceptsNewSessions()) {
      respond(
          st,
          req,
          Response.SERVICE_UNAVAILABLE,
          sessions.draining() ? "Draining" : "Session limit reached",
          null,
          r -> retryAfter(r, 10));
      return;
    }
    respond(
        st,
        req,
        Response.OK,
        null,
        toTag(req) == null ? Long.toHexString(ThreadLocalRandom.current().nextLong()) : null,
        r -> {
          addAllow(r);
          r.addHeader(header("Accept", "application/sdp"));
          r.addHeader(header("Supported", "timer"));
          if (toTag(req) == null) {
            // resource discovery (RFC 6787 section 7): what this server serves, as SDP
            addSdp(r, sessions.capabilities());
          }
        });
  }

  private void onUpdate(ServerTransaction st, Request req) {
    Call call = calls.get(callId(req));
    if (call == null) {
      respond(st, req, Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST, null, null, null);
      return;
    }
    if (hasBody(req)) {
      Rejection r = notAcceptable("UPDATE with an offer is not supported; use re-INVITE");
      respond(st, req, r.status, r.reason, null, r.extra);
      return;
    }
    SessionTimer timer = SessionTimer.negotiate(req, config);
    synchronized (call) {
      call.timer = timer;
      respond(st, req, Response.OK, null, null, r -> timer.addTo(r, this));
      scheduleTimer(call);
    }
  }

  // ---- session timers ----

  /**
   * (Re)arms the call's session timer after a 2xx: BYE when we are not the refresher, else UPDATE.
   */
  private void scheduleTimer(Call call) {
    if (call.timerTask != null) {
      call.timerTask.cancel(false);
      call.timerTask = null;
    }
    SessionTimer t = call.timer;
    if (t == null || !t.active()) {
      return;
    }
    long delayMillis;
    Runnable task;
    if (t.uasRefreshes()) {
      delayMillis = t.intervalSeconds() * 500L;
      task = () -> refresh(call);
    } else {
      int margin = Math.min(32, t.intervalSeconds() / 3);
      delayMillis = (t.intervalSeconds() - margin) * 1000L;
      task = () -> expire(call);
    }
    try {
      call.timerTask =
          timers.schedule(
              () -> workers.execute(LogContext.wrap(call.callId, null, task)),
              delayMillis,
              TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      log.debug("timer not armed for {}: stopping", call.callId);
    }
  }

  /** The session layer ends a session (its MRCP connection dropped): BYE, then free it. */
  private void terminate(String callId, String reason) {
    try {
      workers.execute(
          LogContext.wrap(
              callId,
              null,
              () -> {
                Call call = calls.get(callId);
                if (call == null) {
                  sessions.close(callId, reason);
                  return;
                }
                synchronized (call) {
                  sendBye(call);
                }
                end(call, reason);
              }));
    } catch (RejectedExecutionException | NullPointerException e) {
      sessions.close(callId, reason); // stopping
    }
  }

  private void expire(Call call) {
    log.info("session {}: no refresh before the session timer expired; sending BYE", call.callId);
    synchronized (call) {
      sendBye(call);
    }
    end(call, "session timer expired");
  }

  private void refresh(Call call) {
    synchronized (call) {
      if (call.dialog == null || call.state == State.ENDED) {
        return;
      }
      try {
        Request update = call.dialog.createRequest(Request.UPDATE);
        update.addHeader(
            header("Session-Expires", call.timer.intervalSeconds() + ";refresher=uas"));
        update.addHeader(header("Supported", "timer"));
        ClientTransaction ct = provider.getNewClientTransaction(update);
        call.dialog.sendRequest(ct);
      } catch (Exception e) {
        log.warn("session {}: refresh UPDATE failed: {}", call.callId, e.getMessage());
      }
      scheduleTimer(call);
    }
  }

  private void sendBye(Call call) {
    if (call.dialog == null || call.state == State.ENDED) {
      return;
    }
    try {
      Request bye = call.dialog.createRequest(Request.BYE);
      ClientTransaction ct = provider.getNewClientTransaction(bye);
      call.dialog.sendRequest(ct);
    } catch (Exception e) {
      log.warn("session {}: BYE could not be sent: {}", call.callId, e.getMessage());
    }
  }

  /** Ends a call: its session and resources are freed. Idempotent. */
  private void end(Call call, String reason) {
    synchronized (call) {
      call.state = State.ENDED;
      if (call.timerTask != null) {
        call.timerTask.cancel(false);
        call.timerTask = null;
      }
    }
    calls.remove(call.callId, call);
    sessions.close(call.callId, reason);
  }

  // ---- other stack events ----

  @Override
  public void processResponse(ResponseEvent event) {
    // responses to our BYE and UPDATE requests: nothing to do
  }

  @Override
  public void processTimeout(TimeoutEvent event) {
    log.debug("SIP transaction timeout");
  }

  @Override
  public void processIOException(IOExceptionEvent event) {
    log.debug("SIP I/O error with {}:{}", event.getHost(), event.getPort());
  }

  @Override
  public void processTransactionTerminated(TransactionTerminatedEvent event) {}

  @Override
  public void processDialogTerminated(DialogTerminatedEvent event) {
    endDialog(event.getDialog(), "dialog terminated");
  }

  @Override
  public void processDialogTimeout(DialogTimeoutEvent event) {
    endDialog(event.getDialog(), "no ACK (" + event.getReason() + ")");
  }

  private void endDialog(Dialog dialog, String reason) {
    if (dialog == null || dialog.getCallId() == null) {
      return;
    }
    Call call = calls.get(dialog.getCallId().getCallId());
    if (call != null && call.state != State.PENDING) {
      try {
        workers.execute(LogContext.wrap(call.callId, null, () -> end(call, reason)));
      } catch (RejectedExecutionException | NullPointerException e) {
        end(call, reason);
      }
    }
  }

  // ---- helpers ----

  /** A final answer other than 200. */
  private record Rejection(int status, String reason, ResponseDecorator extra) {}

  /** Adds headers or a body to a response. */
  @FunctionalInterface
  interface ResponseDecorator {
    void decorate(Response r) throws Exception;
  }

  private boolean respond(
      ServerTransaction st,
      Request req,
      int status,
      String reason,
      String toTag,
      ResponseDecorator extra) {
    try {
      Response r = messages.createResponse(status, req);
      if (reason != null) {
        r.setReasonPhrase(reason);
      }
      ToHeader to = (ToHeader) r.getHeader(ToHeader.NAME);
      if (status > Response.TRYING && to.getTag() == null) {
        to.setTag(toTag != null ? toTag : Long.toHexString(ThreadLocalRandom.current().nextLong()));
      }
      r.addHeader(header("Server", "mrcpj"));
      if (extra != null) {
        extra.decorate(r);
      }
      st.sendResponse(r);
      metrics.sipResponse(req.getMethod(), status);
      return true;
    } catch (Exception e) {
      log.warn(
          "{} response to {} {} not sent: {}", status, req.getMethod(), callId(req), e.toString());
      return false;
    }
  }

  Header header(String name, String value) {
    try {
      return headers.createHeader(name, value);
    } catch (java.text.ParseException e) {
      throw new IllegalArgumentException(name + ": " + value, e);
    }
  }

  private void addAllow(Response r) throws java.text.ParseException {
    for (String method : ALLOW.split(", ")) {
      r.addHeader(headers.createAllowHeader(method));
    }
  }

  private void addSdp(Response r, SessionDescription sdp) throws java.text.ParseException {
    r.setContent(
        SdpWriter.write(sdp).getBytes(StandardCharsets.US_ASCII),
        headers.createContentTypeHeader("application", SDP));
  }

  private void addContact(Response r, Request req) throws java.text.ParseException {
    ViaHeader via = (ViaHeader) req.getHeader(ViaHeader.NAME);
    String transport = via != null ? via.getTransport().toLowerCase(Locale.ROOT) : "udp";
    ListeningPoint lp = provider.getListeningPoint(transport);
    if (lp == null) {
      lp = provider.getListeningPoints()[0];
    }
    String uri = "sip:mrcpj@" + hostForUri(lp.getIPAddress()) + ":" + lp.getPort();
    if (!"udp".equals(transport)) {
      uri += ";transport=" + transport;
    }
    r.addHeader(headers.createContactHeader(addresses.createAddress(uri)));
  }

  private static String hostForUri(String ip) {
    return ip.indexOf(':') >= 0 && !ip.startsWith("[") ? "[" + ip + "]" : ip;
  }

  private void retryAfter(Response r, int seconds) throws javax.sip.InvalidArgumentException {
    r.addHeader(headers.createRetryAfterHeader(seconds));
  }

  private static boolean hasBody(Request req) {
    byte[] body = req.getRawContent();
    return body != null && body.length > 0;
  }

  private static String toTag(Request req) {
    ToHeader to = (ToHeader) req.getHeader(ToHeader.NAME);
    return to == null ? null : to.getTag();
  }

  private static final java.util.regex.Pattern ENGINE_TAG =
      java.util.regex.Pattern.compile(
          "(?i)(?:^|[;,\\s])\\+?speechrecog\\.engine\\s*=\\s*\"?<?([A-Za-z0-9._-]+)>?\"?");

  /**
   * The recognition engine the INVITE asks for with the feature tag {@code speechrecog.engine} in
   * an Accept-Contact header (RFC 3841; as UniMRCP reads it), e.g. {@code Accept-Contact:
   * *;speechrecog.engine="vosk-remote"}; null when it asks for none.
   */
  static String requestedEngine(Request req) {
    for (Iterator<?> it = req.getHeaders("Accept-Contact"); it.hasNext(); ) {
      String text = String.valueOf(it.next());
      int colon = text.indexOf(':');
      java.util.regex.Matcher m = ENGINE_TAG.matcher(colon >= 0 ? text.substring(colon + 1) : text);
      if (m.find()) {
        return m.group(1);
      }
    }
    return null;
  }

  static String callId(Request req) {
    CallIdHeader h = (CallIdHeader) req.getHeader(CallIdHeader.NAME);
    return h == null ? "?" : h.getCallId();
  }

  static boolean supportsTimer(Request req) {
    for (Iterator<?> it = req.getHeaders(SupportedHeader.NAME); it.hasNext(); ) {
      if ("timer".equalsIgnoreCase(((SupportedHeader) it.next()).getOptionTag())) {
        return true;
      }
    }
    return false;
  }

  private static java.util.concurrent.ThreadFactory daemonThreads(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
