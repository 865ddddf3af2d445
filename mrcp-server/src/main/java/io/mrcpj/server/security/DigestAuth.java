package io.mrcpj.server.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * SIP digest authentication (RFC 3261 section 22.4, RFC 2617 with MD5 and qop=auth), server side:
 * challenges and checks credentials. Nonces are stateless (a timestamp and its HMAC under a key
 * made at start), valid for {@link #NONCE_SECONDS}; an expired one is answered with a fresh
 * challenge marked stale. Thread-safe.
 */
public final class DigestAuth {

  /** How long a nonce is accepted. */
  public static final int NONCE_SECONDS = 300;

  /** What a request's credentials came to. */
  public enum Verdict {
    OK,
    MISSING,
    WRONG,
    STALE
  }

  /** The fields of an Authorization header that the check needs, as sent. */
  public record Credentials(
      String username,
      String realm,
      String nonce,
      String uri,
      String response,
      String qop,
      String nc,
      String cnonce,
      String algorithm) {}

  private final String realm;
  private final Map<String, String> passwords;
  private final byte[] key = new byte[32];

  /**
   * @param realm the realm in challenges
   * @param passwords user name to password
   */
  public DigestAuth(String realm, Map<String, String> passwords) {
    this.realm = realm;
    this.passwords = Map.copyOf(passwords);
    new SecureRandom().nextBytes(key);
  }

  public String realm() {
    return realm;
  }

  /** The WWW-Authenticate value of a 401. */
  public String challenge(boolean stale) {
    return "Digest realm=\""
        + realm
        + "\", nonce=\""
        + nonce(System.currentTimeMillis())
        + "\", algorithm=MD5, qop=\"auth\""
        + (stale ? ", stale=TRUE" : "");
  }

  /** Checks credentials for {@code method}; null credentials are MISSING. */
  public Verdict check(String method, Credentials c) {
    if (c == null || c.username() == null || c.response() == null) {
      return Verdict.MISSING;
    }
    String password = passwords.get(c.username());
    if (password == null
        || !realm.equals(c.realm())
        || c.uri() == null
        || (c.algorithm() != null && !c.algorithm().equalsIgnoreCase("MD5"))) {
      return Verdict.WRONG;
    }
    long issued = issued(c.nonce());
    if (issued < 0) {
      return Verdict.WRONG;
    }
    String ha1 = md5(c.username() + ":" + realm + ":" + password);
    String ha2 = md5(method + ":" + c.uri());
    String expected =
        c.qop() == null
            ? md5(ha1 + ":" + c.nonce() + ":" + ha2)
            : md5(
                ha1
                    + ":"
                    + c.nonce()
                    + ":"
                    + c.nc()
                    + ":"
                    + c.cnonce()
                    + ":"
                    + c.qop()
                    + ":"
                    + ha2);
    if (!MessageDigest.isEqual(
        expected.getBytes(StandardCharsets.US_ASCII),
        c.response().toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII))) {
      return Verdict.WRONG;
    }
    if (System.currentTimeMillis() - issued > NONCE_SECONDS * 1000L) {
      return Verdict.STALE;
    }
    return Verdict.OK;
  }

  private String nonce(long now) {
    String t = Long.toString(now);
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString((t + ":" + mac(t)).getBytes(StandardCharsets.US_ASCII));
  }

  /** When the nonce was issued by this server, or -1 when it was not. */
  private long issued(String nonce) {
    if (nonce == null) {
      return -1;
    }
    try {
      String text = new String(Base64.getUrlDecoder().decode(nonce), StandardCharsets.US_ASCII);
      int colon = text.indexOf(':');
      if (colon <= 0) {
        return -1;
      }
      String t = text.substring(0, colon);
      if (!MessageDigest.isEqual(
          mac(t).getBytes(StandardCharsets.US_ASCII),
          text.substring(colon + 1).getBytes(StandardCharsets.US_ASCII))) {
        return -1;
      }
      return Long.parseLong(t);
    } catch (IllegalArgumentException e) {
      return -1;
    }
  }

  private String mac(String text) {
    try {
      Mac m = Mac.getInstance("HmacSHA256");
      m.init(new SecretKeySpec(key, "HmacSHA256"));
      return HexFormat.of().formatHex(m.doFinal(text.getBytes(StandardCharsets.US_ASCII)));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
    }
  }

  static String md5(String s) {
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("MD5 is missing from this JDK", e);
    }
  }
}
