package io.mrcpj.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OpsHttpServerTest {

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final AtomicReference<OpsHttpServer.Status> status =
      new AtomicReference<>(new OpsHttpServer.Status(true, true, "accepting sessions", 3));
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private OpsHttpServer server;

  private HttpResponse<String> get(String path, String method) throws Exception {
    if (server == null) {
      server = new OpsHttpServer("127.0.0.1", 0, registry, status::get);
    }
    URI uri = URI.create("http://127.0.0.1:" + server.address().getPort() + path);
    return http.send(
        HttpRequest.newBuilder(uri)
            .method(method, HttpRequest.BodyPublishers.noBody())
            .timeout(Duration.ofSeconds(5))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void servesTheMetersInPrometheusFormat() throws Exception {
    new ServerMetrics(registry).sipResponse("INVITE", 200);
    HttpResponse<String> r = get("/metrics", "GET");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("text/plain; version=0.0.4"));
    assertThat(r.body())
        .contains("# TYPE mrcpj_sip_responses_total counter")
        .contains("mrcpj_sip_responses_total{method=\"INVITE\",status=\"200\"} 1.0")
        .contains("# TYPE mrcpj_session_setup_seconds histogram");
  }

  @Test
  void healthAndReadinessFollowTheServersState() throws Exception {
    assertThat(get("/health", "GET").statusCode()).isEqualTo(200);
    HttpResponse<String> ready = get("/ready", "GET");
    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(ready.body())
        .isEqualTo("{\"status\":\"UP\",\"reason\":\"accepting sessions\",\"sessions\":3}\n");

    status.set(new OpsHttpServer.Status(true, false, "draining", 2));
    assertThat(get("/health", "GET").statusCode()).isEqualTo(200);
    ready = get("/ready", "GET");
    assertThat(ready.statusCode()).isEqualTo(503);
    assertThat(ready.body()).contains("\"status\":\"DOWN\"").contains("\"reason\":\"draining\"");

    status.set(new OpsHttpServer.Status(false, false, "stopped", 0));
    assertThat(get("/health", "GET").statusCode()).isEqualTo(503);
    assertThat(get("/health", "HEAD").statusCode()).isEqualTo(503);
  }

  @Test
  void answersOtherPathsAndMethodsClearly() throws Exception {
    HttpResponse<String> missing = get("/nope", "GET");
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.body()).contains("/metrics");
    HttpResponse<String> post = get("/metrics", "POST");
    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
  }

  @Test
  void aTakenPortIsAnError() throws Exception {
    get("/health", "GET");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> new OpsHttpServer("127.0.0.1", server.address().getPort(), registry, status::get))
        .isInstanceOf(java.net.BindException.class);
  }
}
