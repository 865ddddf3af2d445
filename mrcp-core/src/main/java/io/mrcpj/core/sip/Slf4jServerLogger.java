package io.mrcpj.core.sip;

import gov.nist.core.ServerLogger;
import gov.nist.javax.sip.message.SIPMessage;
import java.util.Properties;
import javax.sip.SipStack;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs every SIP message the stack sends or receives at TRACE on logger {@code
 * io.mrcpj.sip.messages} (off by default); replaces jain-sip's file-based message log.
 */
public final class Slf4jServerLogger implements ServerLogger {

  private static final Logger log = LoggerFactory.getLogger("io.mrcpj.sip.messages");

  public Slf4jServerLogger() {}

  @Override
  public void closeLogFile() {}

  @Override
  public void logMessage(SIPMessage message, String from, String to, boolean sender, long time) {
    if (log.isTraceEnabled()) {
      log.trace("{} {} -> {}\n{}", sender ? "sent" : "received", from, to, message);
    }
  }

  @Override
  public void logMessage(
      SIPMessage message, String from, String to, String status, boolean sender, long time) {
    logMessage(message, from, to, sender, time);
  }

  @Override
  public void logMessage(
      SIPMessage message, String from, String to, String status, boolean sender) {
    logMessage(message, from, to, sender, 0);
  }

  @Override
  public void logException(Exception ex) {
    log.debug("jain-sip exception", ex);
  }

  @Override
  public void setStackProperties(Properties stackProperties) {}

  @Override
  public void setSipStack(SipStack sipStack) {}
}
