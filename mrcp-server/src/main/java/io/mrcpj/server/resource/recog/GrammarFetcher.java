package io.mrcpj.server.resource.recog;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fetches grammars named by {@code http:}, {@code https:} and (when enabled) {@code file:} URIs
 * (RFC 6787 section 9.5.1: http and https are MUST), off the event loops: every fetch is
 * asynchronous, bounded in time (Fetch-Timeout, capped) and size, and limited to the hosts the
 * operator allows, so a client cannot make the server fetch what it likes. Successful fetches are
 * cached for a while. Owns its threads; {@link #close} stops them.
 */
public final class GrammarFetcher implements AutoCloseable {

  /**
   * Fetch settings.
   *
   * @param allowedHosts hosts (lower case; {@code *} for any) http(s) grammars may come from
   * @param maxBytes largest grammar accepted
   * @param maxTimeoutMillis longest fetch allowed, whatever Fetch-Timeout asks
   * @param cacheSeconds how long a fetched grammar is reused (0: never)
   * @param fileRoot the folder {@code file:} URIs may read below, or null to refuse them
   */
  public record Settings(
      Set<String> allowedHosts,
      int maxBytes,
      long maxTimeoutMillis,
      int cacheSeconds,
      Path fileRoot) {

    /** Nothing allowed: http(s) and file: grammars are refused. */
    public static final Settings NONE = new Settings(Set.of(), 1 << 20, 30_000, 60, null);
  }

  /** A fetched document: its content type (as served, or guessed from the name) and bytes. */
  public record Fetched(String uri, String contentType, byte[] body) {}

  /** A fetch that failed: the URI, a short cause (an HTTP status, "timeout") and why. */
  public static final class FetchException extends Exception {
    private static final long serialVersionUID = 1L;
    private final String uri;
    private final String cause;

    FetchException(String uri, String cause, String message) {
      super(message, null, false, false);
      this.uri = uri;
      this.cause = cause;
    }

    /** The URI that failed (for Failed-URI). */
    public String uri() {
      return uri;
    }

    /** Why, in a word or an HTTP status (for Failed-URI-Cause). */
    public String uriCause() {
      return cause;
    }
  }

  /**
   * Fetches any document (a synthesizer's SSML or audio) under the same rules as grammars: the
   * allowed hosts, the size cap, the timeout cap and the file root. The future fails with a {@link
   * FetchException}.
   */
  public CompletableFuture<Fetched> fetchDocument(String uri, long timeoutMillis) {
    CompletableFuture<Fetched> out = new CompletableFuture<>();
    fetch(uri, timeoutMillis)
        .whenComplete(
            (f, err) -> {
              if (err == null) {
                out.complete(f);
                return;
              }
              Throwable t =
                  err instanceof java.util.concurrent.CompletionException && err.getCause() != null
                      ? err.getCause()
                      : err;
              if (t instanceof Grammars.Failure g) {
                out.completeExceptionally(
                    new FetchException(
                        g.failedUri == null ? uri : g.failedUri,
                        g.failedUriCause == null ? "error" : g.failedUriCause,
                        g.getMessage()));
              } else {
                out.completeExceptionally(new FetchException(uri, "error", String.valueOf(t)));
              }
            });
    return out;
  }

  private record Cached(Fetched fetched, long until) {}

  private static final int MAX_CACHED = 256;

  private final Settings settings;
  private final ThreadPoolExecutor executor;
  private final HttpClient http;
  private final Map<String, Cached> cache = new LinkedHashMap<>(16, 0.75f, true);

  public GrammarFetcher(Settings settings) {
    this.settings = settings;
    AtomicInteger n = new AtomicInteger();
    this.executor =
        new ThreadPoolExecutor(
            2,
            2,
            30,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(1024),
            r -> {
              Thread t = new Thread(r, "grammar-fetch-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    this.executor.allowCoreThreadTimeOut(true);
    this.http =
        HttpClient.newBuilder()
            .executor(executor)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofMillis(settings.maxTimeoutMillis()))
            .build();
  }

  /**
   * Fetches {@code uri} within {@code timeoutMillis} (capped). The future fails with a {@link
   * Grammars.Failure} carrying 009 uri-failure, the URI and why (an HTTP status, "timeout", "host
   * not allowed").
   */
  CompletableFuture<Fetched> fetch(String uri, long timeoutMillis) {
    URI u;
    try {
      u = new URI(uri);
    } catch (URISyntaxException e) {
      return failed(uri, "bad-uri", "not a URI: " + e.getMessage());
    }
    String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
    Fetched hit = cached(uri);
    if (hit != null) {
      return CompletableFuture.completedFuture(hit);
    }
    long timeout = Math.max(1, Math.min(timeoutMillis, settings.maxTimeoutMillis()));
    if (scheme.equals("http") || scheme.equals("https")) {
      String host = u.getHost() == null ? "" : u.getHost().toLowerCase(Locale.ROOT);
      if (!settings.allowedHosts().contains(host) && !settings.allowedHosts().contains("*")) {
        return failed(
            uri,
            "host-not-allowed",
            "grammar host '" + host + "' is not in recognizer.grammar-fetch.allowed-hosts");
      }
      return http(u, timeout);
    }
    if (scheme.equals("file")) {
      return file(u);
    }
    return failed(
        uri, "unsupported-scheme", "grammar URIs with scheme '" + scheme + "' are not supported");
  }

  private CompletableFuture<Fetched> http(URI u, long timeoutMillis) {
    HttpRequest req =
        HttpRequest.newBuilder(u).timeout(Duration.ofMillis(timeoutMillis)).GET().build();
    CompletableFuture<Fetched> out = new CompletableFuture<>();
    try {
      http.sendAsync(req, info -> new Limited(settings.maxBytes(), info.statusCode()))
          .orTimeout(timeoutMillis + 100, TimeUnit.MILLISECONDS)
          .whenComplete(
              (resp, err) -> {
                if (err != null) {
                  Throwable c = err.getCause() != null ? err.getCause() : err;
                  String why =
                      c instanceof java.util.concurrent.TimeoutException
                              || c instanceof java.net.http.HttpTimeoutException
                          ? "timeout"
                          : c instanceof TooLarge ? "too-large" : "io-error";
                  out.completeExceptionally(
                      Grammars.Failure.uri(
                          u.toString(), why, "cannot fetch " + u + ": " + describe(c)));
                  return;
                }
                if (resp.statusCode() / 100 != 2) {
                  out.completeExceptionally(
                      Grammars.Failure.uri(
                          u.toString(),
                          Integer.toString(resp.statusCode()),
                          "fetching " + u + " gave HTTP " + resp.statusCode()));
                  return;
                }
                String type = resp.headers().firstValue("Content-Type").orElse("");
                Fetched f =
                    new Fetched(u.toString(), contentType(type, u, resp.body()), resp.body());
                remember(f);
                out.complete(f);
              });
    } catch (RuntimeException e) {
      out.completeExceptionally(
          Grammars.Failure.uri(u.toString(), "io-error", "cannot fetch " + u + ": " + e));
    }
    return out;
  }

  private CompletableFuture<Fetched> file(URI u) {
    Path root = settings.fileRoot();
    if (root == null) {
      return failed(
          u.toString(),
          "file-disabled",
          "file: grammars are off (set recognizer.grammar-fetch.file-root)");
    }
    Path p;
    try {
      p = Path.of(u).toAbsolutePath().normalize();
    } catch (IllegalArgumentException e) {
      return failed(u.toString(), "bad-uri", "not a file URI: " + u);
    }
    Path base = root.toAbsolutePath().normalize();
    if (!p.startsWith(base)) {
      return failed(u.toString(), "outside-root", "file " + p + " is outside " + base);
    }
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            if (Files.size(p) > settings.maxBytes()) {
              throw Grammars.Failure.uri(
                  u.toString(),
                  "too-large",
                  p + " is larger than " + settings.maxBytes() + " bytes");
            }
            byte[] body = Files.readAllBytes(p);
            return new Fetched(u.toString(), contentType("", u, body), body);
          } catch (IOException e) {
            throw new java.util.concurrent.CompletionException(
                Grammars.Failure.uri(
                    u.toString(), "not-found", "cannot read " + p + ": " + e.getMessage()));
          } catch (Grammars.Failure f) {
            throw new java.util.concurrent.CompletionException(f);
          }
        },
        executor);
  }

  /** The served type when it is a grammar type, else a guess from the name or the bytes. */
  static String contentType(String served, URI u, byte[] body) {
    String t = served.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    if (Grammars.isInline(t)) {
      return t;
    }
    String path = u.getPath() == null ? "" : u.getPath().toLowerCase(Locale.ROOT);
    if (path.endsWith(".grxml") || path.endsWith(".xml")) {
      return Grammars.SRGS_XML;
    }
    if (path.endsWith(".gram") || path.endsWith(".abnf")) {
      return Grammars.SRGS_ABNF;
    }
    for (byte b : body) {
      if (!Character.isWhitespace(b)) {
        return b == '<' ? Grammars.SRGS_XML : Grammars.SRGS_ABNF;
      }
    }
    return Grammars.SRGS_ABNF;
  }

  private synchronized Fetched cached(String uri) {
    Cached c = cache.get(uri);
    if (c == null) {
      return null;
    }
    if (System.nanoTime() - c.until > 0) {
      cache.remove(uri);
      return null;
    }
    return c.fetched;
  }

  private synchronized void remember(Fetched f) {
    if (settings.cacheSeconds() <= 0) {
      return;
    }
    cache.put(f.uri(), new Cached(f, System.nanoTime() + settings.cacheSeconds() * 1_000_000_000L));
    while (cache.size() > MAX_CACHED) {
      String eldest = cache.keySet().iterator().next();
      cache.remove(eldest);
    }
  }

  private static CompletableFuture<Fetched> failed(String uri, String cause, String why) {
    return CompletableFuture.failedFuture(Grammars.Failure.uri(uri, cause, why));
  }

  private static String describe(Throwable t) {
    String m = t.getMessage();
    return t.getClass().getSimpleName() + (m == null ? "" : ": " + m);
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }

  /** The body is larger than allowed. */
  private static final class TooLarge extends IOException {
    private static final long serialVersionUID = 1L;

    TooLarge(int max) {
      super("grammar larger than " + max + " bytes");
    }
  }

  /** Collects a response body up to a size, then gives up (cancelling the download). */
  private static final class Limited implements HttpResponse.BodySubscriber<byte[]> {
    private final int max;
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private final java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    private Flow.Subscription subscription;

    Limited(int max, int ignoredStatus) {
      this.max = max;
    }

    @Override
    public CompletionStage<byte[]> getBody() {
      return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
      subscription = s;
      s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
      for (ByteBuffer b : items) {
        if (bytes.size() + b.remaining() > max) {
          subscription.cancel();
          result.completeExceptionally(new TooLarge(max));
          return;
        }
        byte[] chunk = new byte[b.remaining()];
        b.get(chunk);
        bytes.writeBytes(chunk);
      }
    }

    @Override
    public void onError(Throwable t) {
      result.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
      result.complete(bytes.toByteArray());
    }
  }
}
