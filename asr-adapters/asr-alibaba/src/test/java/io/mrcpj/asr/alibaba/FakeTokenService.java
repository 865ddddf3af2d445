package io.mrcpj.asr.alibaba;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A stand-in for the CreateToken service on loopback, on the JDK's HTTP server. Like the service it
 * checks the request's signature with the secret it knows (an unsigned or wrongly signed request
 * gets 400 SignatureDoesNotMatch, an unknown key 404), and answers {@code Token.Id} {@code
 * ak-token-N} for the N-th request, expiring {@code lifetimeSeconds} later.
 */
final class FakeTokenService implements AutoCloseable {

  final String keyId;
  private final String secret;
  private final HttpServer server;
  final List<Map<String, String>> requests = new CopyOnWriteArrayList<>();
  volatile long lifetimeSeconds = 3600;

  FakeTokenService(String keyId, String secret) throws IOException {
    this.keyId = keyId;
    this.secret = secret;
    this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
  }

  private void handle(HttpExchange exchange) throws IOException {
    Map<String, String> query = new TreeMap<>();
    for (String pair : exchange.getRequestURI().getRawQuery().split("&")) {
      int eq = pair.indexOf('=');
      query.put(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
    }
    requests.add(query);
    String signature = query.remove("Signature");
    int status;
    String body;
    if (!keyId.equals(query.get("AccessKeyId"))) {
      status = 404;
      body =
          "{\"Code\":\"InvalidAccessKeyId.NotFound\",\"Message\":\"Specified access key is"
              + " not found.\"}";
    } else if (!expectedSignature(query).equals(signature)) {
      status = 400;
      body = "{\"Code\":\"SignatureDoesNotMatch\",\"Message\":\"bad signature\"}";
    } else {
      status = 200;
      long expires = System.currentTimeMillis() / 1000 + lifetimeSeconds;
      body =
          "{\"Token\":{\"Id\":\"ak-token-"
              + requests.size()
              + "\",\"ExpireTime\":"
              + expires
              + ",\"UserId\":\"1\"},\"RequestId\":\"r\",\"ErrMsg\":\"\"}";
    }
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  /** The service's side of signature version 1.0, from the parameters as received. */
  private String expectedSignature(Map<String, String> query) {
    String canonical =
        query.entrySet().stream()
            .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
            .collect(Collectors.joining("&"));
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec((secret + "&").getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
      byte[] raw = mac.doFinal(("GET&%2F&" + encode(canonical)).getBytes(StandardCharsets.UTF_8));
      return Base64.getEncoder().encodeToString(raw);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8)
        .replace("+", "%20")
        .replace("*", "%2A")
        .replace("%7E", "~");
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
