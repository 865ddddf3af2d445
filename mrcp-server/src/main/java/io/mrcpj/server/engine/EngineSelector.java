package io.mrcpj.server.engine;

import io.mrcpj.asr.spi.EngineException;
import io.mrcpj.asr.spi.RecognitionEngine;
import io.mrcpj.asr.spi.RecognitionListener;
import io.mrcpj.asr.spi.RecognitionStream;
import io.mrcpj.asr.spi.StreamRequest;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Several engines behind one: each recognition gets the engine its Vendor-Specific-Parameters name
 * ({@code engine=demo}, set on RECOGNIZE or for the whole session with SET-PARAMS), otherwise the
 * first (default) engine. All must want the same sample rate, since a session's audio is prepared
 * once for its channel. Owns the engines: {@link #close} closes them all.
 */
public final class EngineSelector implements RecognitionEngine {

  /** The Vendor-Specific-Parameters name that picks the engine. */
  public static final String PARAMETER = "engine";

  private final List<RecognitionEngine> engines;
  private final Set<String> languages;
  private final java.util.Map<String, RecognitionEngine> byLanguage = new java.util.HashMap<>();

  /**
   * @param engines the default engine first
   * @throws EngineException when two engines want different sample rates or share a name
   */
  public EngineSelector(List<RecognitionEngine> engines) throws EngineException {
    this(engines, java.util.Map.of());
  }

  /**
   * @param engines the default engine first
   * @param byLanguage per Speech-Language tag (or primary language), the name of the engine a
   *     recognition in that language gets when it names none
   * @throws EngineException when two engines want different sample rates or share a name, or the
   *     language map names an engine that is not among them
   */
  public EngineSelector(List<RecognitionEngine> engines, java.util.Map<String, String> byLanguage)
      throws EngineException {
    if (engines.isEmpty()) {
      throw new IllegalArgumentException("no engines");
    }
    this.engines = List.copyOf(engines);
    RecognitionEngine first = engines.get(0);
    Set<String> names = new LinkedHashSet<>();
    Set<String> langs = new LinkedHashSet<>();
    for (RecognitionEngine e : engines) {
      if (e.sampleRate() != first.sampleRate()) {
        throw new EngineException(
            EngineException.Kind.ENGINE_FAILURE,
            "engines "
                + first.name()
                + " and "
                + e.name()
                + " want different sample rates ("
                + first.sampleRate()
                + " and "
                + e.sampleRate()
                + " Hz); set them alike or load one");
      }
      if (!names.add(e.name().toLowerCase(java.util.Locale.ROOT))) {
        throw new EngineException(
            EngineException.Kind.ENGINE_FAILURE, "engine " + e.name() + " loaded twice");
      }
      langs.addAll(e.languages());
    }
    this.languages = Set.copyOf(langs);
    for (java.util.Map.Entry<String, String> e : byLanguage.entrySet()) {
      this.byLanguage.put(e.getKey().toLowerCase(java.util.Locale.ROOT), pick(e.getValue()));
    }
  }

  /**
   * The engine a recognition gets: the one it names; else the one mapped to its language (the whole
   * tag, then its primary language); else the default.
   */
  RecognitionEngine choose(String named, String language) throws EngineException {
    if (named != null && !named.isBlank()) {
      return pick(named);
    }
    if (language != null && !byLanguage.isEmpty()) {
      String tag = language.strip().toLowerCase(java.util.Locale.ROOT);
      RecognitionEngine e = byLanguage.get(tag);
      if (e == null) {
        e = byLanguage.get(tag.split("-")[0]);
      }
      if (e != null) {
        return e;
      }
    }
    return engines.get(0);
  }

  /** Whether an engine of this name is loaded. */
  public boolean has(String name) {
    return engines.stream().anyMatch(e -> e.name().equalsIgnoreCase(name.strip()));
  }

  /** The default engine's name. */
  @Override
  public String name() {
    return engines.get(0).name();
  }

  /** The names of every engine, the default first. */
  public List<String> names() {
    List<String> n = new ArrayList<>();
    engines.forEach(e -> n.add(e.name()));
    return n;
  }

  /** Every language any of the engines has. */
  @Override
  public Set<String> languages() {
    return languages;
  }

  @Override
  public int sampleRate() {
    return engines.get(0).sampleRate();
  }

  /**
   * Opens a stream on the engine the request names, or the default one.
   *
   * @throws EngineException when no loaded engine has that name (ENGINE_FAILURE), or the engine
   *     does not have the request's language (LANGUAGE_UNSUPPORTED)
   */
  @Override
  public RecognitionStream open(StreamRequest request, RecognitionListener listener)
      throws EngineException {
    RecognitionEngine e = choose(request.vendorParameters().get(PARAMETER), request.language());
    Set<String> langs = e.languages();
    if (!langs.contains("*")
        && langs.stream().noneMatch(l -> l.equalsIgnoreCase(request.language()))) {
      throw new EngineException(
          EngineException.Kind.LANGUAGE_UNSUPPORTED,
          "engine "
              + e.name()
              + " has no language "
              + request.language()
              + " (it has "
              + langs
              + ")");
    }
    return e.open(request, listener);
  }

  private RecognitionEngine pick(String name) throws EngineException {
    if (name == null || name.isBlank()) {
      return engines.get(0);
    }
    for (RecognitionEngine e : engines) {
      if (e.name().equalsIgnoreCase(name.strip())) {
        return e;
      }
    }
    throw new EngineException(
        EngineException.Kind.ENGINE_FAILURE,
        "no engine named '" + name.strip() + "' is loaded (loaded: " + names() + ")");
  }

  /** The engines, the default first. */
  public List<RecognitionEngine> engines() {
    return engines;
  }

  /** The sum over the engines that measure it; -1 when none does. */
  @Override
  public long busyNanos() {
    return sum(RecognitionEngine::busyNanos);
  }

  /** The sum over the engines that have a queue; -1 when none has. */
  @Override
  public int queuedWork() {
    return (int) sum(RecognitionEngine::queuedWork);
  }

  /** The sum of the engines' non-negative values; -1 when every engine says -1. */
  private long sum(java.util.function.ToLongFunction<RecognitionEngine> value) {
    long sum = -1;
    for (RecognitionEngine e : engines) {
      long v = value.applyAsLong(e);
      if (v >= 0) {
        sum = Math.max(sum, 0) + v;
      }
    }
    return sum;
  }

  @Override
  public void close() {
    engines.forEach(RecognitionEngine::close);
  }
}
