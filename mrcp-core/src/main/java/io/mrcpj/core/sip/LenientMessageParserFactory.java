package io.mrcpj.core.sip;

import gov.nist.javax.sip.header.Contact;
import gov.nist.javax.sip.header.Via;
import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.parser.MessageParser;
import gov.nist.javax.sip.parser.MessageParserFactory;
import gov.nist.javax.sip.parser.StringMsgParser;
import gov.nist.javax.sip.parser.StringMsgParserFactory;
import gov.nist.javax.sip.stack.SIPTransactionStack;
import java.text.ParseException;
import java.util.Locale;
import javax.sip.message.Request;

/**
 * jain-sip's message parser, made to accept what real MRCP clients send. FreeSWITCH's mod_unimrcp
 * (through sofia-sip) sends its INVITE without a Contact header (see the capture
 * interop/mod_unimrcp/fs-mrcp-recog-sip-00-INVITE-5090to8060.sip), which RFC 3261 section 8.1.1.8
 * requires and jain-sip therefore refuses before the application sees it. For such an INVITE this
 * parser adds the Contact the client evidently means: the address of its top Via (where it wants
 * responses), with the Via's transport. Everything else is parsed exactly as jain-sip does.
 *
 * <p>Named in the stack property {@code gov.nist.javax.sip.MESSAGE_PARSER_FACTORY}; jain-sip makes
 * it by reflection.
 */
public final class LenientMessageParserFactory implements MessageParserFactory {

  private final StringMsgParserFactory delegate = new StringMsgParserFactory();

  public LenientMessageParserFactory() {}

  @Override
  public MessageParser createMessageParser(SIPTransactionStack stack) {
    MessageParser inner = delegate.createMessageParser(stack);
    return (bytes, readBody, strict, listener) -> {
      SIPMessage m = inner.parseSIPMessage(bytes, readBody, strict, listener);
      if (m instanceof SIPRequest r
          && Request.INVITE.equals(r.getMethod())
          && r.getContactHeader() == null
          && r.getTopmostVia() != null) {
        addContact(r);
      }
      return m;
    };
  }

  /** Adds {@code Contact: <sip:host:port;transport=t>} from the top Via of {@code r}. */
  static void addContact(SIPRequest r) throws ParseException {
    Via via = r.getTopmostVia();
    String host = via.getHost();
    if (host == null) {
      return;
    }
    if (host.indexOf(':') >= 0 && !host.startsWith("[")) {
      host = "[" + host + "]";
    }
    StringBuilder uri = new StringBuilder("sip:").append(host);
    if (via.getPort() > 0) {
      uri.append(':').append(via.getPort());
    }
    String transport = via.getTransport();
    if (transport != null && !"udp".equalsIgnoreCase(transport)) {
      uri.append(";transport=").append(transport.toLowerCase(Locale.ROOT));
    }
    Contact contact = new Contact();
    contact.setAddress(new StringMsgParser().parseAddress("<" + uri + ">"));
    r.setHeader(contact);
  }
}
