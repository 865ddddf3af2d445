package io.mrcpj.asr.alibaba;

import com.alibaba.nls.client.protocol.InputFormatEnum;
import com.alibaba.nls.client.protocol.SampleRateEnum;
import com.alibaba.nls.client.protocol.asr.SpeechTranscriber;
import io.mrcpj.asr.spi.EngineException;
import io.mrcpj.asr.spi.StreamRequest;
import java.util.Locale;

/**
 * What one recognition asks of the service, checked as it opens. Its language must be the app key's
 * model's (the service takes none per request): the same primary language is enough ({@code zh-CN}
 * serves {@code zh}, {@code zh-CN}, {@code zh-TW}), a blank tag means the model's. Beyond the
 * engine's settings it may ask for a hot-word vocabulary and a custom model, each from the
 * request's vendor parameters ({@value #VOCABULARY_ID}, {@value #CUSTOMIZATION_ID}, e.g. {@code
 * Vendor-Specific-Parameters: alibaba-nls.vocabulary-id=0123abcd}) or else the setting of the same
 * name.
 *
 * @param vocabularyId sent as {@code vocabulary_id}, or null
 * @param customizationId sent as {@code customization_id}, or null
 */
record StreamOptions(String vocabularyId, String customizationId) {

  static final String VOCABULARY_ID = "alibaba-nls.vocabulary-id";
  static final String CUSTOMIZATION_ID = "alibaba-nls.customization-id";

  static StreamOptions of(StreamRequest request, AlibabaNlsSettings settings)
      throws EngineException {
    if (!speaks(settings.language(), request.language())) {
      throw new EngineException(
          EngineException.Kind.LANGUAGE_UNSUPPORTED,
          "the alibaba-nls app key's model is "
              + settings.language()
              + ", not "
              + request.language());
    }
    return new StreamOptions(
        pick(request, VOCABULARY_ID, settings.vocabularyId()),
        pick(request, CUSTOMIZATION_ID, settings.customizationId()));
  }

  /** Whether a model in {@code model} serves a recognition in {@code tag}. */
  static boolean speaks(String model, String tag) {
    if (tag.isBlank()) {
      return true;
    }
    String want = Locale.forLanguageTag(tag.strip().replace('_', '-')).getLanguage();
    return want.equals(Locale.forLanguageTag(model).getLanguage());
  }

  /** Sets what the SDK sends in {@code StartTranscription}'s header and payload. */
  void configure(SpeechTranscriber st, AlibabaNlsSettings settings, String appKey) {
    st.setAppKey(appKey);
    st.setFormat(InputFormatEnum.PCM);
    st.setSampleRate(
        settings.sampleRate() == 8000
            ? SampleRateEnum.SAMPLE_RATE_8K
            : SampleRateEnum.SAMPLE_RATE_16K);
    st.setEnableIntermediateResult(true);
    st.setEnablePunctuation(settings.enablePunctuation());
    st.setEnableITN(settings.enableItn());
    if (vocabularyId != null) {
      st.addCustomedParam("vocabulary_id", vocabularyId);
    }
    if (customizationId != null) {
      st.addCustomedParam("customization_id", customizationId);
    }
  }

  private static String pick(StreamRequest request, String key, String dflt)
      throws EngineException {
    String v = request.vendorParameters().get(key);
    if (v == null || v.isBlank()) {
      return dflt;
    }
    if (!AlibabaNlsSettings.ID.matcher(v.strip()).matches()) {
      throw new EngineException(
          EngineException.Kind.ENGINE_FAILURE,
          "vendor parameter " + key + " must be an id of letters, digits, '-' and '_'");
    }
    return v.strip();
  }
}
