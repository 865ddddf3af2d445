package io.mrcpj.asr.aws;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import software.amazon.awssdk.services.transcribestreaming.model.LanguageCode;

/**
 * From BCP 47 tags (RFC 5646, as MRCP's Speech-Language carries them) to Transcribe's language
 * codes, which are a language and a region in the same spelling ({@code en-US}, {@code de-DE}):
 * case is fixed, a bare language gets a region, anything the SDK does not list is refused.
 */
final class Languages {

  /** The codes the SDK knows as streaming languages, in its spelling. */
  static final Set<String> CODES;

  static {
    Set<String> codes = new LinkedHashSet<>();
    for (LanguageCode c : LanguageCode.knownValues()) {
      codes.add(c.toString());
    }
    CODES = Collections.unmodifiableSet(codes);
  }

  private Languages() {}

  /** The code for the {@code language} setting, or null when Transcribe has no such language. */
  static String configured(String tag) {
    return exact(tag);
  }

  /**
   * The code a recognition in {@code tag} is sent with, or null when Transcribe has no such
   * language. A bare language ({@code en}) takes the region of {@code dflt} when that is the same
   * language, else the first region the SDK lists for it; an empty tag means {@code dflt}.
   */
  static String resolve(String tag, String dflt) {
    if (tag == null || tag.isBlank()) {
      return dflt;
    }
    String found = exact(tag);
    if (found != null) {
      return found;
    }
    String language = Locale.forLanguageTag(tag.trim()).getLanguage();
    if (language.isEmpty()) {
      return null;
    }
    if (dflt.toLowerCase(Locale.ROOT).startsWith(language + "-")) {
      return dflt;
    }
    for (String c : CODES) {
      if (c.toLowerCase(Locale.ROOT).startsWith(language + "-")) {
        return c;
      }
    }
    return null;
  }

  /** The listed code equal to {@code tag} but for case and {@code _} for {@code -}, or null. */
  private static String exact(String tag) {
    String want = tag.trim().replace('_', '-');
    for (String c : CODES) {
      if (c.equalsIgnoreCase(want)) {
        return c;
      }
    }
    return null;
  }
}
