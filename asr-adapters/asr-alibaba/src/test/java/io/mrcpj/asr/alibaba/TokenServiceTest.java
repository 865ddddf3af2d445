package io.mrcpj.asr.alibaba;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class TokenServiceTest {

  /**
   * The worked example of Alibaba Cloud's documentation of RPC signature version 1.0 (ECS
   * DescribeRegions, AccessKey secret {@code testsecret}).
   */
  @Test
  void signsAsTheDocumentedExample() {
    SortedMap<String, String> query = new TreeMap<>();
    query.put("AccessKeyId", "testid");
    query.put("Action", "DescribeRegions");
    query.put("Format", "XML");
    query.put("SignatureMethod", "HMAC-SHA1");
    query.put("SignatureNonce", "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf");
    query.put("SignatureVersion", "1.0");
    query.put("Timestamp", "2016-02-23T12:46:24Z");
    query.put("Version", "2014-05-26");
    assertThat(TokenService.canonical(query))
        .isEqualTo(
            "AccessKeyId=testid&Action=DescribeRegions&Format=XML&SignatureMethod=HMAC-SHA1"
                + "&SignatureNonce=3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf&SignatureVersion=1.0"
                + "&Timestamp=2016-02-23T12%3A46%3A24Z&Version=2014-05-26");
    assertThat(TokenService.sign("GET", query, "testsecret"))
        .isEqualTo("OLeaidS1JvxuMvnyHOwuJ+uX5qY=");
  }

  @Test
  void percentEncodingIsRfc3986() {
    assertThat(TokenService.percentEncode("a b*c~d+e/f=g&h"))
        .isEqualTo("a%20b%2Ac~d%2Be%2Ff%3Dg%26h");
    assertThat(TokenService.percentEncode("中")).isEqualTo("%E4%B8%AD");
    assertThat(TokenService.percentEncode("AZaz09-_.")).isEqualTo("AZaz09-_.");
  }
}
