package io.mrcpj.server.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * SIP digest authentication of new sessions (RFC 3261 section 22): on when users are listed. An
 * INVITE without valid credentials gets 401 with a challenge; OPTIONS, and requests inside an
 * established dialog, are not challenged.
 *
 * @param realm the realm in challenges (default mrcpj)
 * @param users user name to password; a password written {@code env:NAME} is read from the
 *     environment variable NAME
 */
public record SipAuthConfig(
    @JsonProperty("realm") String realm, @JsonProperty("users") Map<String, String> users) {

  public SipAuthConfig {
    realm = ServerConfig.notBlank("sip.auth.realm", realm, "mrcpj");
    if (realm.contains("\"")) {
      throw new IllegalArgumentException("sip.auth.realm must not contain '\"'");
    }
    users = users == null ? Map.of() : Map.copyOf(users);
    for (String u : users.keySet()) {
      if (u.isBlank() || u.contains("\"") || u.contains(":")) {
        throw new IllegalArgumentException("sip.auth.users: bad user name '" + u + "'");
      }
    }
  }

  /** Off. */
  public static SipAuthConfig off() {
    return new SipAuthConfig(null, null);
  }

  public boolean enabled() {
    return !users.isEmpty();
  }

  /** The passwords, with env:NAME ones read from the environment. */
  public Map<String, String> passwords() {
    Map<String, String> out = new LinkedHashMap<>();
    users.forEach(
        (u, p) -> {
          if (p != null && p.startsWith("env:")) {
            String v = System.getenv(p.substring(4));
            if (v == null) {
              throw new IllegalArgumentException(
                  "sip.auth.users."
                      + u
                      + " names the unset environment variable "
                      + p.substring(4));
            }
            out.put(u, v);
          } else {
            out.put(u, p == null ? "" : p);
          }
        });
    return out;
  }
}
