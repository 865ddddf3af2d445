package io.mrcpj.core.sip;

import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import javax.sip.ListeningPoint;
import javax.sip.ObjectInUseException;
import javax.sip.PeerUnavailableException;
import javax.sip.SipFactory;
import javax.sip.SipListener;
import javax.sip.SipProvider;
import javax.sip.SipStack;

/**
 * Creates and stops jain-sip stacks without leaking a thread each time.
 *
 * <p>jain-sip 1.3.0-91 starts a non-daemon "EventScannerThread" per stack that blocks on an event
 * queue; with a re-entrant listener no event ever reaches that queue, and {@code SipStack.stop()}
 * only sets a flag, so the thread stays blocked forever and keeps the JVM from exiting. This class
 * notes which scanner threads a new stack started and interrupts them once the stack has stopped.
 */
public final class SipStacks {

  private static final String SCANNER = "EventScannerThread";
  private static final Object CREATING = new Object();

  private SipStacks() {}

  /** A running stack and the scanner threads it started. */
  public record Stack(SipStack stack, List<Thread> scanners) {

    /**
     * Removes {@code listener} and {@code provider} (with its listening points, closing their
     * sockets), stops the stack, then ends its scanner threads. {@code provider} may be null.
     */
    public void stop(SipProvider provider, SipListener listener) {
      try {
        if (provider != null) {
          provider.removeSipListener(listener);
          for (ListeningPoint lp : provider.getListeningPoints()) {
            provider.removeListeningPoint(lp);
            stack.deleteListeningPoint(lp);
          }
          stack.deleteSipProvider(provider);
        }
      } catch (ObjectInUseException e) {
        // the stack stops below whatever was left in use
      }
      try {
        stack.stop();
      } catch (RuntimeException e) {
        // jain-sip throws (NullPointerException) stopping a TCP listening point that never bound,
        // e.g. after a failed start on a taken port: the caller's own error is the one to report
      }
      for (Thread t : scanners) {
        t.interrupt();
      }
    }
  }

  /**
   * The settings both sides use: automatic dialogs, a re-entrant listener (no event queue), our
   * SLF4J loggers, the lenient parser, 64 KiB messages, no message trace.
   *
   * @param stackName unique per JVM
   * @param threads jain-sip's message-processing threads
   */
  public static Properties defaults(String stackName, int threads) {
    Properties p = new Properties();
    p.setProperty("javax.sip.STACK_NAME", stackName);
    p.setProperty("javax.sip.AUTOMATIC_DIALOG_SUPPORT", "on");
    p.setProperty("gov.nist.javax.sip.STACK_LOGGER", Slf4jStackLogger.class.getName());
    p.setProperty("gov.nist.javax.sip.SERVER_LOGGER", Slf4jServerLogger.class.getName());
    p.setProperty(
        "gov.nist.javax.sip.MESSAGE_PARSER_FACTORY", LenientMessageParserFactory.class.getName());
    p.setProperty("gov.nist.javax.sip.TRACE_LEVEL", "0");
    p.setProperty("gov.nist.javax.sip.THREAD_POOL_SIZE", Integer.toString(threads));
    p.setProperty("gov.nist.javax.sip.REENTRANT_LISTENER", "true");
    p.setProperty("gov.nist.javax.sip.MAX_MESSAGE_SIZE", "65536");
    return p;
  }

  /**
   * Gives the stack a TLS layer (jain-sip builds it from these stack properties, not the JVM's):
   * {@code keyStore} holds the key (or, on a client, only trusted certificates) and serves as the
   * trust store too; TLS 1.3 and 1.2 with current cipher suites instead of jain-sip's RSA-only
   * defaults; no client certificate is asked for.
   */
  public static void tls(Properties p, String keyStore, String password, String type) {
    p.setProperty("javax.net.ssl.keyStore", keyStore);
    p.setProperty("javax.net.ssl.keyStorePassword", password);
    p.setProperty("javax.net.ssl.keyStoreType", type);
    p.setProperty("javax.net.ssl.trustStore", keyStore);
    p.setProperty("javax.net.ssl.trustStorePassword", password);
    p.setProperty("javax.net.ssl.trustStoreType", type);
    p.setProperty("gov.nist.javax.sip.TLS_CLIENT_AUTH_TYPE", "Disabled");
    p.setProperty("gov.nist.javax.sip.TLS_CLIENT_PROTOCOLS", "TLSv1.3,TLSv1.2");
    p.setProperty(
        "gov.nist.javax.sip.ENABLED_CIPHER_SUITES",
        "TLS_AES_128_GCM_SHA256,TLS_AES_256_GCM_SHA384,TLS_CHACHA20_POLY1305_SHA256,"
            + "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,"
            + "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384");
  }

  /** Creates a stack with {@code properties} (see jain-sip's SipStackImpl). */
  public static Stack create(SipFactory factory, Properties properties)
      throws PeerUnavailableException {
    synchronized (CREATING) {
      Set<Thread> before = scanners();
      SipStack stack = factory.createSipStack(properties);
      Set<Thread> after = scanners();
      after.removeAll(before);
      return new Stack(stack, List.copyOf(after));
    }
  }

  private static Set<Thread> scanners() {
    Set<Thread> out = new HashSet<>();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (SCANNER.equals(t.getName())) {
        out.add(t);
      }
    }
    return out;
  }
}
