package io.mrcpj.tts.flite;

import io.mrcpj.tts.spi.SynthesisEngine;
import io.mrcpj.tts.spi.SynthesisEngineProvider;
import io.mrcpj.tts.spi.SynthesisException;
import java.util.Map;

/**
 * Makes the {@code flite} engine. Settings (all optional):
 *
 * <ul>
 *   <li>{@code program}: the flite program, a name on the PATH or a path (default {@code flite});
 *   <li>{@code voice}: the default voice, {@code rms}, {@code slt}, {@code awb} or {@code kal16}
 *       (default {@code rms}); the others flite lists are offered too;
 *   <li>{@code timeout-ms}: how long one run of flite may take (default 30000, 100-600000);
 *   <li>{@code max-audio-seconds}: the most audio one run may make (default 300, 1-3600);
 *   <li>{@code threads}: flite processes at once (default 2, 1-64);
 *   <li>{@code max-queued}: syntheses that may wait for a thread (default 64, 0-100000);
 *   <li>{@code temp-dir}: where the engine makes its working folder (default {@code
 *       java.io.tmpdir}).
 * </ul>
 *
 * Loading runs {@code flite -lv}: a program that is missing, hangs or lacks the voice stops the
 * start with a message naming it.
 */
public final class FliteEngineProvider implements SynthesisEngineProvider {

  @Override
  public String name() {
    return FliteEngine.NAME;
  }

  @Override
  public SynthesisEngine create(Map<String, String> settings) throws SynthesisException {
    return FliteEngine.load(FliteSettings.parse(settings));
  }
}
