package io.mrcpj.server.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operations endpoint (JDK HTTP server, one worker thread with a short queue):
 *
 * <ul>
 *   <li>{@code GET /metrics}: the meters in Prometheus text format 0.0.4;
 *   <li>{@code GET /health}: 200 while the server runs (liveness);
 *   <li>{@code GET /ready}: 200 when engines are loaded and new sessions are accepted, 503 while
 *       draining, full or stopping (readiness: a load balancer sends it nothing new).
 * </ul>
 *
 * Both status endpoints answer a small JSON object. Other paths get 404, other methods 405.
 */
public final class OpsHttpServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(OpsHttpServer.class);

  /** What {@code /health} and {@code /ready} report. */
  public record Status(boolean live, boolean ready, String reason, int sessions) {}

  private final HttpServer http;
  private final ThreadPoolExecutor worker;
  private final PrometheusMeterRegistry registry;
  private final Supplier<Status> status;

  /**
   * Binds {@code host:port} (0: a free port) and starts serving.
   *
   * @throws IOException when the address cannot be bound
   */
  public OpsHttpServer(
      String host, int port, PrometheusMeterRegistry registry, Supplier<Status> status)
      throws IOException {
    this.registry = registry;
    this.status = status;
    this.http = HttpServer.create(new InetSocketAddress(host, port), 16);
    this.worker =
        new ThreadPoolExecutor(
            1,
            1,
            0,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(16),
            r -> {
              Thread t = new Thread(r, "ops-http");
              t.setDaemon(true);
              return t;
            });
    http.setExecutor(
        task -> {
          try {
            worker.execute(task);
          } catch (RejectedExecutionException e) {
            // more scrapes at once than one worker and its queue hold: the client times out
            log.debug("ops HTTP request dropped: busy");
          }
        });
    http.createContext("/", this::handle);
    http.start();
    log.info("metrics and health on http://{}:{}/metrics", host, address().getPort());
  }

  /** The bound address. */
  public InetSocketAddress address() {
    return http.getAddress();
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String path = ex.getRequestURI().getPath();
      boolean head = "HEAD".equals(ex.getRequestMethod());
      if (!"GET".equals(ex.getRequestMethod()) && !head) {
        ex.getResponseHeaders().set("Allow", "GET, HEAD");
        send(ex, 405, "text/plain", "method not allowed\n", head);
        return;
      }
      switch (path) {
        case "/metrics" ->
            send(ex, 200, "text/plain; version=0.0.4; charset=utf-8", registry.scrape(), head);
        case "/health", "/health/live" -> {
          Status s = status.get();
          send(ex, s.live() ? 200 : 503, "application/json", json(s, s.live()), head);
        }
        case "/ready", "/health/ready" -> {
          Status s = status.get();
          send(ex, s.ready() ? 200 : 503, "application/json", json(s, s.ready()), head);
        }
        default -> send(ex, 404, "text/plain", "not found: try /metrics, /health, /ready\n", head);
      }
    } catch (IOException | RuntimeException e) {
      log.debug("ops HTTP request failed: {}", e.toString());
    }
  }

  private static String json(Status s, boolean up) {
    return "{\"status\":\""
        + (up ? "UP" : "DOWN")
        + "\",\"reason\":\""
        + s.reason().replace("\\", "\\\\").replace("\"", "\\\"")
        + "\",\"sessions\":"
        + s.sessions()
        + "}\n";
  }

  private static void send(HttpExchange ex, int code, String type, String body, boolean head)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", type);
    ex.getResponseHeaders().set("Cache-Control", "no-store");
    if (head) {
      ex.sendResponseHeaders(code, -1);
      return;
    }
    ex.sendResponseHeaders(code, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  /** Stops serving (waits up to a second for a request in progress). */
  @Override
  public void close() {
    http.stop(1);
    worker.shutdownNow();
  }
}
