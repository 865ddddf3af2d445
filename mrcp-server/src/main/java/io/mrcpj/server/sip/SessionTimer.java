package io.mrcpj.server.sip;

import io.mrcpj.server.config.SipConfig;
import java.util.Locale;
import javax.sip.header.Header;
import javax.sip.header.RequireHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;

/**
 * The session timer (RFC 4028) agreed for one INVITE, re-INVITE or UPDATE.
 *
 * <p>When the request carries {@code Session-Expires}, its interval and refresher are kept (the
 * refresher defaults to the client when it supports timers); an interval below our Min-SE makes the
 * request fail with 422. When the client only says {@code Supported: timer}, we pick our configured
 * interval with the client as refresher and answer {@code Require: timer}, as UniMRCP's server
 * does. A client that knows nothing of timers gets none.
 *
 * @param intervalSeconds the session interval, 0 when no timer runs
 * @param uasRefreshes true when we must refresh (the client asked refresher=uas)
 * @param tooSmall the requested interval is below our Min-SE (answer 422)
 * @param minSe the Min-SE we put in answers
 */
record SessionTimer(int intervalSeconds, boolean uasRefreshes, boolean tooSmall, int minSe) {

  boolean active() {
    return intervalSeconds > 0 && !tooSmall;
  }

  static SessionTimer negotiate(Request req, SipConfig config) {
    boolean supported = SipServer.supportsTimer(req) || requiresTimer(req);
    int minSe = Math.max(config.minSe(), parseInterval(value(req.getHeader("Min-SE")), 0));
    String se = value(req.getHeader("Session-Expires"));
    if (se == null) {
      se = value(req.getHeader("x"));
    }
    if (se != null) {
      int interval = parseInterval(se, -1);
      if (interval < 0) {
        return new SessionTimer(0, false, false, config.minSe());
      }
      if (interval < config.minSe()) {
        return new SessionTimer(interval, false, true, config.minSe());
      }
      String refresher = refresher(se);
      boolean uas = "uas".equals(refresher) || (refresher == null && !supported);
      return new SessionTimer(interval, uas, false, config.minSe());
    }
    if (supported) {
      return new SessionTimer(
          Math.max(config.sessionExpires(), minSe), false, false, config.minSe());
    }
    return new SessionTimer(0, false, false, config.minSe());
  }

  /** Adds Session-Expires, Require and Supported to a 2xx. */
  void addTo(Response r, SipServer server) {
    r.addHeader(server.header("Supported", "timer"));
    if (!active()) {
      return;
    }
    r.addHeader(
        server.header(
            "Session-Expires", intervalSeconds + ";refresher=" + (uasRefreshes ? "uas" : "uac")));
    r.addHeader(server.header("Min-SE", Integer.toString(minSe)));
    if (!uasRefreshes) {
      r.addHeader(server.header("Require", "timer"));
    }
  }

  private static boolean requiresTimer(Request req) {
    for (var it = req.getHeaders(RequireHeader.NAME); it.hasNext(); ) {
      if ("timer".equalsIgnoreCase(((RequireHeader) it.next()).getOptionTag())) {
        return true;
      }
    }
    return false;
  }

  /** The header's value: the text after "Name:" without the line end. */
  static String value(Header h) {
    if (h == null) {
      return null;
    }
    String s = h.toString();
    int colon = s.indexOf(':');
    return (colon >= 0 ? s.substring(colon + 1) : s).trim();
  }

  private static int parseInterval(String value, int dflt) {
    if (value == null) {
      return dflt;
    }
    int semi = value.indexOf(';');
    String n = (semi >= 0 ? value.substring(0, semi) : value).trim();
    try {
      long v = Long.parseLong(n);
      return v < 0 ? dflt : (int) Math.min(v, Integer.MAX_VALUE);
    } catch (NumberFormatException e) {
      return dflt;
    }
  }

  private static String refresher(String value) {
    for (String param : value.split(";")) {
      String p = param.trim().toLowerCase(Locale.ROOT);
      if (p.startsWith("refresher=")) {
        return p.substring("refresher=".length()).trim();
      }
    }
    return null;
  }
}
