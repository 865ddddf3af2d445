package io.mrcpj.core.sip;

import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import javax.sip.PeerUnavailableException;
import javax.sip.SipFactory;
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

    /** Stops the stack, then ends its scanner threads. */
    public void stop() {
      stack.stop();
      for (Thread t : scanners) {
        t.interrupt();
      }
    }
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
