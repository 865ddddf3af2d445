package io.mrcpj.client.internal;

import gov.nist.javax.sip.DialogTimeoutEvent;
import gov.nist.javax.sip.SipListenerExt;
import gov.nist.javax.sip.SipStackExt;
import gov.nist.javax.sip.clientauthutils.AccountManager;
import gov.nist.javax.sip.clientauthutils.AuthenticationHelper;
import gov.nist.javax.sip.clientauthutils.UserCredentials;
import io.mrcpj.client.MrcpClientException;
import io.mrcpj.client.SessionRefusedException;
import io.mrcpj.core.sip.SipStacks;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
import javax.sip.TransactionState;
import javax.sip.TransactionTerminatedEvent;
import javax.sip.address.AddressFactory;
import javax.sip.address.SipURI;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.RetryAfterHeader;
import javax.sip.header.WarningHeader;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client's SIP user agent (RFC 3261) on jain-sip: INVITE with an SDP offer (given up after an
 * answer timeout), ACK of the 2xx, BYE, OPTIONS to probe a server; answers a BYE, UPDATE or OPTIONS
 * from the server. One stack per client, on UDP, TCP or TLS, whatever the number of servers.
 *
 * <p>jain-sip calls the listener on its own threads; futures are completed on {@code callbacks},
 * never on those threads, so a caller's continuation cannot stall the stack.
 */
public final class SipUac implements SipListenerExt, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(SipUac.class);
  private static final AtomicInteger STACKS = new AtomicInteger();

  /** An established dialog. */
  public record Established(String callId, byte[] answer, String peerHost) {}

  /** Told when the server ends a dialog (its BYE). */
  public interface DialogListener {
    void onRemoteBye(String reason);
  }

  /** A final answer to an OPTIONS: its status and Retry-After (null if none). */
  public record OptionsAnswer(int status, java.time.Duration retryAfter) {}

  private static final class Pending {
    final CompletableFuture<Established> future = new CompletableFuture<>();
    final DialogListener listener;
    final String peerHost;
    volatile Dialog dialog;
    volatile ClientTransaction tx; // the INVITE's (the second one after a challenge)
    boolean challenged; // credentials already sent once: a second 401/407 is final
    boolean answered; // a final response came (under the lock of this)
    boolean abandoned; // no final response in time: the caller was told (under the lock of this)

    Pending(DialogListener listener, String peerHost) {
      this.listener = listener;
      this.peerHost = peerHost;
    }
  }

  private final String localHost;
  private final String transport;
  private final Executor callbacks;
  private final Map<String, Pending> dialogs = new ConcurrentHashMap<>();
  private final Map<ClientTransaction, CompletableFuture<Void>> byes = new ConcurrentHashMap<>();
  private final Map<ClientTransaction, CompletableFuture<OptionsAnswer>> probes =
      new ConcurrentHashMap<>();
  private final ScheduledExecutorService timer;
  private SipStacks.Stack stacks;
  private SipStack stack;
  private SipProvider provider;
  private MessageFactory messages;
  private HeaderFactory headers;
  private AddressFactory addresses;
  private int localPort;
  private volatile String user;
  private volatile String password;
  private java.nio.file.Path trustStore; // PKCS12 of trusted certificates, for transport tls

  private volatile String acceptContact; // the INVITEs' Accept-Contact value, or null

  /** An Accept-Contact header value every INVITE carries (RFC 3841), e.g. a feature tag. */
  public void acceptContact(String value) {
    this.acceptContact = value;
  }

  /** Credentials for SIP digest challenges (401/407); null: challenges are final refusals. */
  public void credentials(String user, String password) {
    this.user = user;
    this.password = password;
  }

  /**
   * For transport tls: the PKCS12 file (password {@link #TRUST_PASSWORD}) of trusted certificates.
   */
  public void trustStore(java.nio.file.Path file) {
    this.trustStore = file;
  }

  /** The password of the trust store files the client writes. */
  public static final String TRUST_PASSWORD = "mrcpj";

  /**
   * @param localHost the address to bind and to put in Via/Contact
   * @param localPort the port; 0 picks a free one
   * @param transport "udp", "tcp" or "tls"
   * @param callbacks where futures are completed and listeners called
   * @param timer runs the answer timeouts (the tasks only hand work to {@code callbacks})
   */
  public SipUac(
      String localHost,
      int localPort,
      String transport,
      Executor callbacks,
      ScheduledExecutorService timer) {
    this.localHost = localHost;
    this.localPort = localPort;
    this.transport = transport.toLowerCase(Locale.ROOT);
    this.callbacks = callbacks;
    this.timer = timer;
  }

  /** Starts the stack and binds the port. */
  public synchronized void start() throws MrcpClientException {
    try {
      SipFactory factory = SipFactory.getInstance();
      factory.setPathName("gov.nist");
      Properties p = SipStacks.defaults("mrcpj-client-" + STACKS.incrementAndGet(), 2);
      p.setProperty("gov.nist.javax.sip.CACHE_CLIENT_CONNECTIONS", "true");
      if ("tls".equals(transport)) {
        if (trustStore == null) {
          throw new MrcpClientException("SIP over TLS needs trusted certificates (Builder.tls)");
        }
        // jain-sip makes its TLS layer only when a key store is named: the trust store serves
        SipStacks.tls(p, trustStore.toString(), TRUST_PASSWORD, "PKCS12");
      }
      stacks = SipStacks.create(factory, p);
      stack = stacks.stack();
      messages = factory.createMessageFactory();
      headers = factory.createHeaderFactory();
      addresses = factory.createAddressFactory();
      ListeningPoint lp = null;
      Exception last = null;
      for (int attempt = 0; attempt < 20 && lp == null; attempt++) {
        int port = localPort != 0 ? localPort : freePort(localHost);
        try {
          lp = stack.createListeningPoint(localHost, port, transport);
          localPort = port;
        } catch (Exception e) {
          last = e;
          if (localPort != 0) {
            break;
          }
        }
      }
      if (lp == null) {
        throw new MrcpClientException(
            "cannot bind SIP " + transport + " on " + localHost + ": " + last, last);
      }
      provider = stack.createSipProvider(lp);
      provider.addSipListener(this);
      stack.start();
    } catch (MrcpClientException e) {
      close();
      throw e;
    } catch (Exception e) {
      close();
      throw new MrcpClientException("cannot start SIP: " + e.getMessage(), e);
    }
  }

  public int localPort() {
    return localPort;
  }

  /** Dialogs open now (including ones being set up). */
  public int dialogs() {
    return dialogs.size();
  }

  /**
   * Sends an INVITE with {@code sdp} to {@code host:port}; completes with the answer once the 2xx
   * is ACKed, or fails with {@link SessionRefusedException} for a final non-2xx or {@link
   * MrcpClientException} when nothing answers within {@code answerTimeout} (null: the transaction's
   * own limit, 32 s) or the request cannot be sent (e.g. the TCP connection is refused).
   *
   * <p>After the timeout the INVITE is given up: its retransmissions stop (or a CANCEL is sent when
   * the server already answered 1xx), and a 2xx that still comes is ACKed and ended with a BYE, so
   * the server is left with no session nobody uses.
   */
  public CompletableFuture<Established> invite(
      String host, int port, byte[] sdp, DialogListener listener, Duration answerTimeout) {
    Pending pending = new Pending(listener, host);
    String callId = null;
    try {
      Request invite = newRequest(Request.INVITE, host, port);
      invite.setContent(sdp, headers.createContentTypeHeader("application", "sdp"));
      SipURI contactUri = addresses.createSipURI("mrcpj", localHost);
      contactUri.setPort(localPort);
      if (!"udp".equals(transport)) {
        contactUri.setTransportParam(transport);
      }
      invite.addHeader(headers.createContactHeader(addresses.createAddress(contactUri)));
      invite.addHeader(headers.createHeader("User-Agent", "mrcpj"));
      String ac = acceptContact;
      if (ac != null) {
        invite.addHeader(headers.createHeader("Accept-Contact", ac));
      }
      callId = ((CallIdHeader) invite.getHeader(CallIdHeader.NAME)).getCallId();
      String id = callId;
      ClientTransaction ct = provider.getNewClientTransaction(invite);
      pending.dialog = ct.getDialog();
      pending.tx = ct;
      dialogs.put(callId, pending);
      if (answerTimeout != null) {
        ScheduledFuture<?> t =
            timer.schedule(
                () -> callbacks.execute(() -> giveUp(id, pending, host, port, answerTimeout)),
                answerTimeout.toMillis(),
                TimeUnit.MILLISECONDS);
        pending.future.whenComplete((e, err) -> t.cancel(false));
      }
      ct.sendRequest();
    } catch (Exception e) {
      if (callId != null) {
        dialogs.remove(callId, pending);
      }
      pending.future.completeExceptionally(
          new MrcpClientException("cannot send INVITE to " + host + ":" + port + ": " + e, e));
    }
    return pending.future;
  }

  /** A request outside any dialog to {@code host:port}: new Call-ID, CSeq 1, a From tag. */
  private Request newRequest(String method, String host, int port) throws Exception {
    SipURI target = addresses.createSipURI("mrcp", host);
    target.setPort(port);
    if (!"udp".equals(transport)) {
      target.setTransportParam(transport);
    }
    SipURI me = addresses.createSipURI("mrcpj", localHost);
    me.setPort(localPort);
    return messages.createRequest(
        target,
        method,
        provider.getNewCallId(),
        headers.createCSeqHeader(1L, method),
        headers.createFromHeader(
            addresses.createAddress(me), Long.toHexString(ThreadLocalRandom.current().nextLong())),
        headers.createToHeader(addresses.createAddress(target), null),
        List.of(headers.createViaHeader(localHost, localPort, transport, null)),
        headers.createMaxForwardsHeader(70));
  }

  private static void terminate(ClientTransaction ct) {
    try {
      ct.terminate();
    } catch (Exception e) {
      log.debug("cannot terminate {}: {}", ct, e.toString());
    }
  }

  /** No final answer to the INVITE in time: fail it and stop the transaction. */
  private void giveUp(String callId, Pending p, String host, int port, Duration after) {
    synchronized (p) {
      if (p.answered || p.future.isDone()) {
        return;
      }
      p.abandoned = true;
    }
    p.future.completeExceptionally(
        new MrcpClientException(
            "no answer to INVITE from "
                + host
                + ":"
                + port
                + " within "
                + after.toMillis()
                + " ms"));
    ClientTransaction tx = p.tx;
    try {
      if (tx.getState() == TransactionState.PROCEEDING) {
        provider.getNewClientTransaction(tx.createCancel()).sendRequest();
      } else if (tx.getState() == TransactionState.CALLING) {
        tx.terminate(); // no more retransmissions to a server that does not answer
        // kept a while, so that a 2xx that still comes is ended with a BYE (Timer B: 64 T1)
        timer.schedule(() -> dialogs.remove(callId, p), 32, TimeUnit.SECONDS);
      }
    } catch (Exception e) {
      log.debug("giving up INVITE {}: {}", callId, e.toString());
    }
  }

  /**
   * Sends an OPTIONS to {@code host:port} (RFC 3261 section 11) and completes with the final
   * answer's status; fails with {@link MrcpClientException} when none comes within {@code timeout}
   * or it cannot be sent.
   */
  public CompletableFuture<OptionsAnswer> options(String host, int port, Duration timeout) {
    CompletableFuture<OptionsAnswer> out = new CompletableFuture<>();
    ClientTransaction[] sent = new ClientTransaction[1];
    try {
      Request options = newRequest(Request.OPTIONS, host, port);
      options.addHeader(headers.createHeader("Accept", "application/sdp"));
      ClientTransaction ct = provider.getNewClientTransaction(options);
      sent[0] = ct;
      probes.put(ct, out);
      ScheduledFuture<?> t =
          timer.schedule(
              () -> {
                if (probes.remove(ct, out)) {
                  terminate(ct);
                  callbacks.execute(
                      () ->
                          out.completeExceptionally(
                              new MrcpClientException(
                                  "no answer to OPTIONS from "
                                      + host
                                      + ":"
                                      + port
                                      + " within "
                                      + timeout.toMillis()
                                      + " ms")));
                }
              },
              timeout.toMillis(),
              TimeUnit.MILLISECONDS);
      out.whenComplete((a, err) -> t.cancel(false));
      ct.sendRequest();
    } catch (Exception e) {
      if (sent[0] != null) {
        probes.remove(sent[0], out);
      }
      out.completeExceptionally(
          new MrcpClientException("cannot send OPTIONS to " + host + ":" + port + ": " + e, e));
    }
    return out;
  }

  /** Ends the dialog with a BYE; completes when it is answered (or times out). */
  public CompletableFuture<Void> bye(String callId) {
    Pending p = dialogs.remove(callId);
    CompletableFuture<Void> done = new CompletableFuture<>();
    if (p == null || p.dialog == null || p.dialog.getState() == null) {
      done.complete(null);
      return done;
    }
    try {
      Request bye = p.dialog.createRequest(Request.BYE);
      ClientTransaction ct = provider.getNewClientTransaction(bye);
      byes.put(ct, done);
      p.dialog.sendRequest(ct);
    } catch (Exception e) {
      log.debug("BYE for {} not sent: {}", callId, e.toString());
      done.complete(null);
    }
    return done;
  }

  // ---- listener ----

  @Override
  public void processResponse(ResponseEvent event) {
    Response r = event.getResponse();
    CSeqHeader cseq = (CSeqHeader) r.getHeader(CSeqHeader.NAME);
    String callId = ((CallIdHeader) r.getHeader(CallIdHeader.NAME)).getCallId();
    if (cseq == null) {
      return;
    }
    if (Request.BYE.equals(cseq.getMethod())) {
      CompletableFuture<Void> f = byes.remove(event.getClientTransaction());
      if (f != null && r.getStatusCode() >= 200) {
        callbacks.execute(() -> f.complete(null));
      }
      return;
    }
    if (Request.OPTIONS.equals(cseq.getMethod())) {
      CompletableFuture<OptionsAnswer> f = probes.remove(event.getClientTransaction());
      if (f != null && r.getStatusCode() >= 200) {
        OptionsAnswer a = new OptionsAnswer(r.getStatusCode(), retryAfter(r));
        callbacks.execute(() -> f.complete(a));
      }
      return;
    }
    if (!Request.INVITE.equals(cseq.getMethod()) || r.getStatusCode() < 200) {
      return;
    }
    Pending p = dialogs.get(callId);
    Dialog dialog = event.getDialog();
    int code = r.getStatusCode();
    boolean challenge =
        (code == Response.UNAUTHORIZED || code == Response.PROXY_AUTHENTICATION_REQUIRED)
            && user != null;
    boolean late = false;
    if (p != null) {
      synchronized (p) {
        late = p.abandoned;
        p.answered |= !challenge || p.challenged; // a challenge answered once is final
      }
    }
    if (r.getStatusCode() < 300) {
      try {
        if (dialog != null) {
          Request ack = dialog.createAck(cseq.getSeqNumber());
          dialog.sendAck(ack);
        }
      } catch (Exception e) {
        log.warn("ACK for {} not sent: {}", callId, e.toString());
      }
      if (late) {
        // the caller gave up on it: end the dialog the server just set up
        if (dialog != null) {
          p.dialog = dialog;
        }
        callbacks.execute(() -> bye(callId));
        return;
      }
      if (p == null || p.future.isDone()) {
        return; // a retransmitted 2xx: re-ACKed above
      }
      if (dialog != null) {
        p.dialog = dialog;
      }
      byte[] body = r.getRawContent();
      Established e = new Established(callId, body == null ? new byte[0] : body, p.peerHost);
      callbacks.execute(() -> p.future.complete(e));
      return;
    }
    if (p != null && challenge && !p.challenged && !late) {
      p.challenged = true;
      ClientTransaction challenged = event.getClientTransaction();
      // the answer to the challenge leaves from a callback thread, not this listener thread
      callbacks.execute(() -> answerChallenge(r, challenged, p, callId));
      return;
    }
    if (p != null) {
      dialogs.remove(callId, p);
      WarningHeader w = (WarningHeader) r.getHeader(WarningHeader.NAME);
      String why = w != null ? w.getText() : null;
      SessionRefusedException ex =
          new SessionRefusedException(r.getStatusCode(), r.getReasonPhrase(), why, retryAfter(r));
      callbacks.execute(() -> p.future.completeExceptionally(ex));
    }
  }

  private static Duration retryAfter(Response r) {
    RetryAfterHeader ra = (RetryAfterHeader) r.getHeader(RetryAfterHeader.NAME);
    return ra == null ? null : Duration.ofSeconds(ra.getRetryAfter());
  }

  /** Sends the INVITE again with digest credentials for the challenge in {@code r}. */
  private void answerChallenge(Response r, ClientTransaction challenged, Pending p, String callId) {
    try {
      String u = user;
      String pw = password;
      AuthenticationHelper helper =
          ((SipStackExt) stack)
              .getAuthenticationHelper(
                  (AccountManager)
                      (tx, realm) ->
                          new UserCredentials() {
                            @Override
                            public String getUserName() {
                              return u;
                            }

                            @Override
                            public String getPassword() {
                              return pw;
                            }

                            @Override
                            public String getSipDomain() {
                              return realm;
                            }
                          },
                  headers);
      ClientTransaction ct = helper.handleChallenge(r, challenged, provider, 5);
      p.dialog = ct.getDialog();
      p.tx = ct;
      ct.sendRequest();
    } catch (Exception e) {
      dialogs.remove(callId, p);
      p.future.completeExceptionally(
          new MrcpClientException("cannot answer the server's authentication challenge: " + e, e));
    }
  }

  @Override
  public void processRequest(RequestEvent event) {
    Request req = event.getRequest();
    String method = req.getMethod();
    if (Request.ACK.equals(method)) {
      return;
    }
    ServerTransaction st = event.getServerTransaction();
    try {
      if (st == null) {
        st = provider.getNewServerTransaction(req);
      }
      int status =
          switch (method) {
            case Request.BYE, Request.UPDATE, Request.OPTIONS -> Response.OK;
            case Request.INVITE -> Response.NOT_ACCEPTABLE_HERE; // no re-INVITE from a server
            default -> Response.METHOD_NOT_ALLOWED;
          };
      Response response = messages.createResponse(status, req);
      if (method.equals(Request.UPDATE)) {
        // a session refresh: accept the server's interval as it is
        javax.sip.header.Header se = req.getHeader("Session-Expires");
        if (se != null) {
          response.addHeader(se);
          response.addHeader(headers.createHeader("Require", "timer"));
        }
      }
      st.sendResponse(response);
    } catch (Exception e) {
      log.debug("cannot answer {}: {}", method, e.toString());
    }
    if (Request.BYE.equals(method)) {
      String callId = ((CallIdHeader) req.getHeader(CallIdHeader.NAME)).getCallId();
      Pending p = dialogs.remove(callId);
      if (p != null && p.listener != null) {
        callbacks.execute(() -> p.listener.onRemoteBye("BYE from the server"));
      }
    }
  }

  @Override
  public void processTimeout(TimeoutEvent event) {
    ClientTransaction ct = event.getClientTransaction();
    if (ct == null) {
      return;
    }
    Request req = ct.getRequest();
    String callId = ((CallIdHeader) req.getHeader(CallIdHeader.NAME)).getCallId();
    if (Request.INVITE.equals(req.getMethod())) {
      Pending p = dialogs.remove(callId);
      if (p != null) {
        MrcpClientException ex =
            new MrcpClientException(
                "no answer to INVITE from " + ((SipURI) req.getRequestURI()).getHost());
        callbacks.execute(() -> p.future.completeExceptionally(ex));
      }
    } else if (Request.BYE.equals(req.getMethod())) {
      CompletableFuture<Void> f = byes.remove(ct);
      if (f != null) {
        callbacks.execute(() -> f.complete(null));
      }
    } else if (Request.OPTIONS.equals(req.getMethod())) {
      CompletableFuture<OptionsAnswer> f = probes.remove(ct);
      if (f != null) {
        MrcpClientException ex =
            new MrcpClientException(
                "no answer to OPTIONS from " + ((SipURI) req.getRequestURI()).getHost());
        callbacks.execute(() -> f.completeExceptionally(ex));
      }
    }
  }

  @Override
  public void processIOException(IOExceptionEvent event) {
    log.debug("SIP I/O error with {}:{}", event.getHost(), event.getPort());
  }

  @Override
  public void processTransactionTerminated(TransactionTerminatedEvent event) {}

  @Override
  public void processDialogTerminated(DialogTerminatedEvent event) {}

  @Override
  public void processDialogTimeout(DialogTimeoutEvent event) {}

  /** Stops the stack; dialogs still open are dropped without BYE (call {@link #bye} first). */
  @Override
  public synchronized void close() {
    if (stack != null) {
      stacks.stop(provider, this);
      stack = null;
      provider = null;
    }
    MrcpClientException closed = new MrcpClientException("client closed");
    for (Pending p : dialogs.values()) {
      p.future.completeExceptionally(closed);
    }
    dialogs.clear();
    byes.values().forEach(f -> f.complete(null));
    byes.clear();
    probes.values().forEach(f -> f.completeExceptionally(closed));
    probes.clear();
  }

  /** A port free for both UDP and TCP on {@code host} right now. */
  static int freePort(String host) throws java.io.IOException {
    InetAddress addr = InetAddress.getByName(host);
    for (int i = 0; i < 50; i++) {
      try (ServerSocket tcp = new ServerSocket(0, 1, addr)) {
        int port = tcp.getLocalPort();
        try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(addr, port))) {
          return port;
        } catch (java.io.IOException taken) {
          // try another
        }
      }
    }
    throw new java.io.IOException("no free port on " + host);
  }
}
