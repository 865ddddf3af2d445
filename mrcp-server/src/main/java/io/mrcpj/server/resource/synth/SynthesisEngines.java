package io.mrcpj.server.resource.synth;

import io.mrcpj.tts.spi.SynthesisEngine;
import io.mrcpj.tts.spi.SynthesisException;
import io.mrcpj.tts.spi.Voice;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The synthesis engines the server loaded, and the choice of engine and voice for a SPEAK (RFC 6787
 * section 8.4.1 Voice-* headers, section 8.4.14 Speech-Language).
 *
 * <p>How a voice is chosen:
 *
 * <ol>
 *   <li>A Vendor-Specific-Parameters {@code engine=NAME} limits the choice to that engine (an
 *       engine not loaded fails the SPEAK with 004 error).
 *   <li>A Voice-Name that one of the engines has (the default engine first) is taken as it is.
 *   <li>Otherwise (no Voice-Name, {@code default}, or a name no engine has: the documented
 *       fallback) the voices that speak the language are considered, the default engine's first:
 *       those of the asked Voice-Gender first, then the one nearest the asked Voice-Age;
 *       Voice-Variant n takes the n-th of them in that order.
 *   <li>No voice for the language at all: 005 language-unsupported.
 * </ol>
 */
public final class SynthesisEngines implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(SynthesisEngines.class);

  /** What was chosen for a SPEAK. */
  record Choice(SynthesisEngine engine, Voice voice) {}

  private final Map<String, SynthesisEngine> engines;
  private final String defaultEngine;
  private final String language;

  /**
   * @param engines by name; the default one must be among them
   * @param defaultEngine the engine used when nothing asks for another
   * @param language the Speech-Language of a SPEAK that names none (e.g. {@code en-US})
   */
  public SynthesisEngines(
      Map<String, SynthesisEngine> engines, String defaultEngine, String language) {
    if (!engines.containsKey(defaultEngine)) {
      throw new IllegalArgumentException(
          "default synthesis engine '" + defaultEngine + "' is not loaded: " + engines.keySet());
    }
    Map<String, SynthesisEngine> ordered = new LinkedHashMap<>();
    ordered.put(defaultEngine, engines.get(defaultEngine));
    ordered.putAll(engines);
    this.engines = ordered;
    this.defaultEngine = defaultEngine;
    this.language = language;
  }

  /** The engines by name, the default first. */
  public Map<String, SynthesisEngine> engines() {
    return java.util.Collections.unmodifiableMap(engines);
  }

  public String defaultEngine() {
    return defaultEngine;
  }

  /** The language of a SPEAK that names none. */
  public String language() {
    return language;
  }

  /** The default engine's default voice. */
  public String defaultVoice() {
    return engines.get(defaultEngine).voices().get(0).name();
  }

  /**
   * The engine and voice for a SPEAK with {@code params} in {@code lang}.
   *
   * @throws SynthesisException LANGUAGE_UNSUPPORTED when no voice speaks {@code lang},
   *     ENGINE_FAILURE when the engine asked for is not loaded
   */
  Choice choose(SynthParams params, String lang) throws SynthesisException {
    List<SynthesisEngine> pool = new ArrayList<>(engines.values());
    String wanted = params.vendor().get(SynthParams.ENGINE);
    if (wanted != null) {
      SynthesisEngine e = engines.get(wanted);
      if (e == null) {
        throw new SynthesisException(
            SynthesisException.Kind.ENGINE_FAILURE,
            "no synthesis engine named '" + wanted + "' (loaded: " + engines.keySet() + ")");
      }
      pool = List.of(e);
    }
    Optional<String> name = params.voiceName();
    if (name.isPresent()) {
      for (SynthesisEngine e : pool) {
        for (Voice v : e.voices()) {
          if (v.name().equalsIgnoreCase(name.get())) {
            return new Choice(e, v);
          }
        }
      }
      log.info(
          "no engine has a voice named '{}': choosing by language, gender and age", name.get());
    }
    List<Choice> fits = new ArrayList<>();
    for (SynthesisEngine e : pool) {
      for (Voice v : e.voices()) {
        if (v.speaks(lang)) {
          fits.add(new Choice(e, v));
        }
      }
    }
    if (fits.isEmpty()) {
      throw new SynthesisException(
          SynthesisException.Kind.LANGUAGE_UNSUPPORTED,
          "no voice speaks "
              + lang
              + " (voices: "
              + pool.stream()
                  .flatMap(e -> e.voices().stream())
                  .map(v -> v.name() + " " + v.language())
                  .collect(Collectors.joining(", "))
              + ")");
    }
    Optional<String> gender = params.gender();
    Optional<Integer> age = params.age();
    // a stable order: gender match first, then age distance; ties keep engine and voice order
    List<Choice> ranked = new ArrayList<>(fits);
    ranked.sort(
        Comparator.<Choice>comparingInt(
                c -> gender.isPresent() && !c.voice().gender().equals(gender.get()) ? 1 : 0)
            .thenComparingInt(
                c ->
                    age.isPresent() && c.voice().age() > 0
                        ? Math.abs(c.voice().age() - age.get())
                        : 0));
    int variant = params.variant();
    int index = variant <= 0 ? 0 : Math.min(variant, ranked.size()) - 1;
    return ranked.get(index);
  }

  /** Closes every engine. */
  @Override
  public void close() {
    for (SynthesisEngine e : engines.values()) {
      try {
        e.close();
      } catch (RuntimeException x) {
        log.warn("synthesis engine {} did not close cleanly", e.name(), x);
      }
    }
  }
}
