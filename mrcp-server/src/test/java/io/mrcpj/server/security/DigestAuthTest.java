package io.mrcpj.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class DigestAuthTest {

  private final DigestAuth auth = new DigestAuth("mrcpj", Map.of("alice", "s3cret"));

  @Test
  void md5IsRfc2617s() {
    // RFC 2617 section 3.5: HA1 and the response of its worked example
    String ha1 = DigestAuth.md5("Mufasa:testrealm@host.com:Circle Of Life");
    String ha2 = DigestAuth.md5("GET:/dir/index.html");
    assertThat(
            DigestAuth.md5(
                ha1 + ":dcd98b7102dd2f0e8b11d0f600bfb0c093:00000001:0a4f113b:auth:" + ha2))
        .isEqualTo("6629fae49393a05397450978507c4ef1");
  }

  private String nonce() {
    Matcher m = Pattern.compile("nonce=\"([^\"]+)\"").matcher(auth.challenge(false));
    assertThat(m.find()).isTrue();
    return m.group(1);
  }

  private static DigestAuth.Credentials creds(String user, String pw, String nonce) {
    String ha1 = DigestAuth.md5(user + ":mrcpj:" + pw);
    String ha2 = DigestAuth.md5("INVITE:sip:mrcp@10.0.0.1");
    String response = DigestAuth.md5(ha1 + ":" + nonce + ":00000001:abcd:auth:" + ha2);
    return new DigestAuth.Credentials(
        user, "mrcpj", nonce, "sip:mrcp@10.0.0.1", response, "auth", "00000001", "abcd", "MD5");
  }

  @Test
  void theRightPasswordPassesAndAnythingElseDoesNot() {
    String nonce = nonce();
    assertThat(auth.check("INVITE", creds("alice", "s3cret", nonce)))
        .isEqualTo(DigestAuth.Verdict.OK);
    assertThat(auth.check("INVITE", creds("alice", "guess", nonce)))
        .isEqualTo(DigestAuth.Verdict.WRONG);
    assertThat(auth.check("INVITE", creds("bob", "s3cret", nonce)))
        .isEqualTo(DigestAuth.Verdict.WRONG);
    assertThat(auth.check("BYE", creds("alice", "s3cret", nonce)))
        .as("the method is part of the hash")
        .isEqualTo(DigestAuth.Verdict.WRONG);
    assertThat(auth.check("INVITE", null)).isEqualTo(DigestAuth.Verdict.MISSING);
  }

  @Test
  void aNonceThisServerDidNotIssueIsRefused() {
    String forged = java.util.Base64.getUrlEncoder().encodeToString("123:abc".getBytes());
    assertThat(auth.check("INVITE", creds("alice", "s3cret", forged)))
        .isEqualTo(DigestAuth.Verdict.WRONG);
    DigestAuth other = new DigestAuth("mrcpj", Map.of("alice", "s3cret"));
    assertThat(other.check("INVITE", creds("alice", "s3cret", nonce())))
        .as("another server's key")
        .isEqualTo(DigestAuth.Verdict.WRONG);
  }

  @Test
  void theChallengeNamesRealmAlgorithmAndQop() {
    assertThat(auth.challenge(false))
        .startsWith("Digest realm=\"mrcpj\", nonce=\"")
        .endsWith("algorithm=MD5, qop=\"auth\"");
    assertThat(auth.challenge(true)).endsWith("stale=TRUE");
  }
}
