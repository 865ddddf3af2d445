package io.mrcpj.server.resource.recog;

import io.mrcpj.asr.spi.EngineException;
import io.mrcpj.asr.spi.Hypothesis;
import io.mrcpj.asr.spi.RecognitionListener;
import io.mrcpj.asr.spi.RecognitionStream;
import io.mrcpj.asr.spi.StreamRequest;
import io.mrcpj.core.grammar.GrammarMatcher;
import io.mrcpj.core.media.EnergyVad;
import io.mrcpj.core.message.MrcpRequest;
import io.mrcpj.core.message.RecognizerCompletionCause;
import io.mrcpj.core.nlsml.InputMode;
import io.mrcpj.core.nlsml.Interpretation;
import io.mrcpj.core.nlsml.NlsmlResult;
import io.mrcpj.server.control.ResourceChannel.ControlConnection;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * One RECOGNIZE from IN-PROGRESS to RECOGNITION-COMPLETE (RFC 6787 section 9.9): speech through the
 * energy endpointer into one engine stream (a new one per utterance in hotword mode), DTMF into
 * {@link DtmfInput}, the timers, and the completion cause. Every method runs under the channel's
 * lock ({@link RecognizerChannel#lock}); engine callbacks and timers act only while this
 * recognition is the channel's active one and its current utterance.
 */
final class Recognition {

  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Recognition.class);

  /** How often a recognition in speech checks whether audio stopped arriving. */
  static final long AUDIO_GAP_CHECK_MILLIS = 50;

  /** What a RECOGNIZE asked for besides parameters (request-only headers, section 9.4). */
  record Options(
      boolean startInputTimers,
      boolean cancelIfQueue,
      boolean hotword,
      boolean earlyNoMatch,
      boolean clearDtmfBuffer) {}

  final MrcpRequest request;
  final ControlConnection connection;
  final RecognizerParams params;
  final Options options;
  final List<ActiveGrammar> grammars;
  private final RecognizerChannel channel;
  private final List<ActiveGrammar> speechGrammars;
  private final boolean freeSpeech;
  private final DtmfInput dtmf;
  private final int rate;
  private final long completeMillis;
  private final long incompleteMillis;

  private Utterance utterance;
  private boolean timersStarted;
  private boolean inputStarted;
  private boolean dtmfTookOver;
  private boolean maxtime;
  private long lastAudioNanos;
  private long inputEndedNanos; // when the current utterance's input ended (0: not yet)
  private short[] waveform;
  private int waveformLength;
  private RecognizerChannel.Timer noInput;
  private RecognizerChannel.Timer fallback;
  private RecognizerChannel.Timer maxTime;
  private RecognizerChannel.Timer dtmfWait;

  Recognition(
      RecognizerChannel channel,
      MrcpRequest request,
      ControlConnection connection,
      RecognizerParams params,
      Options options,
      List<ActiveGrammar> grammars) {
    this.channel = channel;
    this.request = request;
    this.connection = connection;
    this.params = params;
    this.options = options;
    this.grammars = List.copyOf(grammars);
    this.speechGrammars = grammars.stream().filter(ActiveGrammar::speech).toList();
    this.freeSpeech = speechGrammars.stream().anyMatch(ActiveGrammar::freeSpeech);
    this.dtmf = new DtmfInput(grammars);
    this.rate = channel.sampleRate();
    this.completeMillis = params.millis(RecognizerParams.SPEECH_COMPLETE_TIMEOUT);
    this.incompleteMillis = params.millis(RecognizerParams.SPEECH_INCOMPLETE_TIMEOUT);
    if (params.saveWaveform()) {
      waveform = new short[rate]; // grows to the store's limit
    }
  }

  long requestId() {
    return request.requestId();
  }

  /** Whether speech grammars make this recognition listen to audio. */
  boolean wantsSpeech() {
    return !speechGrammars.isEmpty();
  }

  boolean wantsDtmf() {
    return dtmf.wanted();
  }

  boolean timersStarted() {
    return timersStarted;
  }

  boolean inputStarted() {
    return inputStarted;
  }

  /**
   * Opens the engine stream (speech grammars only), before IN-PROGRESS is answered.
   *
   * @throws EngineException when the engine refuses (language, grammar): the RECOGNIZE fails
   */
  void open() throws EngineException {
    if (wantsSpeech()) {
      utterance = new Utterance();
    }
  }

  /** After IN-PROGRESS: feeds the type-ahead keys and starts the timers. */
  void go(String typeAhead, long timersFallbackMillis) {
    if (!typeAhead.isEmpty() && wantsDtmf()) {
      for (char c : typeAhead.toCharArray()) {
        if (channel.active() != this) {
          return; // the buffered keys completed it
        }
        dtmf(c);
      }
    }
    if (channel.active() != this || inputStarted) {
      return;
    }
    if (options.startInputTimers()) {
      startTimers();
    } else if (timersFallbackMillis > 0) {
      fallback = channel.schedule(this, this::startTimers, timersFallbackMillis);
    }
  }

  /** START-INPUT-TIMERS (section 9.13), or the fallback. */
  void startTimers() {
    if (timersStarted || inputStarted) {
      return;
    }
    timersStarted = true;
    RecognizerChannel.cancel(fallback);
    noInput =
        channel.schedule(
            this, this::noInputTimeout, params.millis(RecognizerParams.NO_INPUT_TIMEOUT));
  }

  // ---------------------------------------------------------------- audio

  void audio(short[] pcm, int offset, int length) {
    if (waveform != null) {
      record(pcm, offset, length);
    }
    Utterance u = utterance;
    if (u == null || dtmfTookOver) {
      return;
    }
    lastAudioNanos = System.nanoTime();
    u.audio(pcm, offset, length);
  }

  private void record(short[] pcm, int offset, int length) {
    int max = channel.waveformMaxSamples();
    int n = Math.min(length, max - waveformLength);
    if (n <= 0) {
      return;
    }
    if (waveformLength + n > waveform.length) {
      waveform =
          java.util.Arrays.copyOf(
              waveform, Math.min(max, Math.max(waveformLength + n, waveform.length * 2)));
    }
    System.arraycopy(pcm, offset, waveform, waveformLength, n);
    waveformLength += n;
  }

  /** Speech began (the endpointer's onset). */
  private void speechStarted() {
    if (!options.hotword() && !inputStarted) {
      inputStarted = true;
      channel.startOfInput(this, "speech");
    }
    inputStarted = true;
    RecognizerChannel.cancel(noInput);
    RecognizerChannel.cancel(fallback);
    if (maxTime == null) {
      maxTime =
          channel.schedule(
              this, this::recognitionTimeout, params.millis(RecognizerParams.RECOGNITION_TIMEOUT));
    }
  }

  // ---------------------------------------------------------------- DTMF

  /** A key arrived for this recognition (it wants DTMF). */
  void dtmf(char key) {
    if (!dtmf.started()) {
      if (!options.hotword() && !inputStarted) {
        channel.startOfInput(this, "dtmf");
      }
      inputStarted = true;
      dtmfTookOver = true; // the first modality wins: no speech result from now on
      if (utterance != null) {
        utterance.close();
        utterance = null;
      }
      RecognizerChannel.cancel(noInput);
      RecognizerChannel.cancel(fallback);
      if (maxTime == null) {
        maxTime =
            channel.schedule(
                this,
                this::recognitionTimeout,
                params.millis(RecognizerParams.RECOGNITION_TIMEOUT));
      }
    }
    RecognizerChannel.cancel(dtmfWait);
    dtmfWait = null;
    char term = params.termChar();
    if (term != 0 && key == term) {
      finishDtmf(false);
      return;
    }
    switch (dtmf.add(key, term != 0)) {
      case MATCH_NOW -> finishDtmf(false);
      case NO_MATCH -> {
        if (options.hotword()) {
          dtmf.clear();
          restartHotwordTimer();
        } else {
          completeDtmfNoMatch();
        }
      }
      case WAIT_TERM ->
          dtmfWait =
              channel.schedule(
                  this, () -> finishDtmf(false), params.millis(RecognizerParams.DTMF_TERM_TIMEOUT));
      case WAIT_MORE_MATCHED, WAIT_MORE_UNMATCHED ->
          dtmfWait =
              channel.schedule(
                  this,
                  () -> finishDtmf(false),
                  params.millis(RecognizerParams.DTMF_INTERDIGIT_TIMEOUT));
    }
  }

  /** The keys are complete (term char, a timeout, or nothing more can follow). */
  private void finishDtmf(boolean atMaxtime) {
    DtmfInput.Matched m = dtmf.matched();
    if (m == null) {
      if (options.hotword() && !atMaxtime) {
        dtmf.clear();
        restartHotwordTimer();
        return;
      }
      completeDtmfNoMatch();
      return;
    }
    Interpretation i =
        new Interpretation(
            m.grammar().name(),
            1f,
            m.match().semantic().text(),
            m.match().semantic().xml(),
            dtmf.spaced(),
            InputMode.DTMF,
            io.mrcpj.core.nlsml.InputStatus.MATCH);
    complete(
        atMaxtime ? RecognizerCompletionCause.SUCCESS_MAXTIME : RecognizerCompletionCause.SUCCESS,
        new NlsmlResult(firstName(), List.of(i)),
        null,
        List.of());
  }

  private void completeDtmfNoMatch() {
    complete(
        maxtime ? RecognizerCompletionCause.NO_MATCH_MAXTIME : RecognizerCompletionCause.NO_MATCH,
        NlsmlResult.noMatch(firstName(), dtmf.spaced(), InputMode.DTMF),
        null,
        List.of());
  }

  // ---------------------------------------------------------------- timers

  private void noInputTimeout() {
    if (inputStarted) {
      return;
    }
    complete(
        RecognizerCompletionCause.NO_INPUT_TIMEOUT,
        NlsmlResult.noInput(firstName(), InputMode.SPEECH),
        null,
        List.of());
  }

  private void recognitionTimeout() {
    maxtime = true;
    if (dtmf.started()) {
      finishDtmf(true);
      return;
    }
    if (options.hotword()) {
      complete(
          RecognizerCompletionCause.HOTWORD_MAXTIME,
          NlsmlResult.noMatch(firstName(), "", InputMode.SPEECH),
          null,
          List.of());
      return;
    }
    if (utterance != null) {
      utterance.end();
    }
  }

  /**
   * Hotword mode after input that was not the hotword (section 9.9): the Recognition-Timeout stops
   * and restarts with the next input; until then the no-input timer runs again, so a line that
   * falls silent still ends.
   */
  private void restartHotwordTimer() {
    RecognizerChannel.cancel(maxTime);
    maxTime = null;
    inputStarted = false;
    if (timersStarted) {
      RecognizerChannel.cancel(noInput);
      noInput =
          channel.schedule(
              this, this::noInputTimeout, params.millis(RecognizerParams.NO_INPUT_TIMEOUT));
    }
  }

  // ---------------------------------------------------------------- results

  /** The final hypotheses of an utterance. */
  private void finalResult(List<Hypothesis> nBest) {
    float threshold = params.fraction(RecognizerParams.CONFIDENCE_THRESHOLD);
    List<Interpretation> matches = interpret(nBest, threshold, params.nBest());
    String heard = nBest.isEmpty() ? "" : nBest.get(0).text();
    if (!matches.isEmpty()) {
      complete(
          maxtime ? RecognizerCompletionCause.SUCCESS_MAXTIME : RecognizerCompletionCause.SUCCESS,
          new NlsmlResult(firstName(), matches),
          null,
          nBest);
      return;
    }
    if (options.hotword() && !maxtime) {
      // not the hotword: ignore it and listen on, with the timer reset (section 9.9)
      restartHotwordTimer();
      utterance = newUtterance();
      return;
    }
    boolean partial = !heard.isBlank() && bestStatus(heard) == GrammarMatcher.Status.PREFIX;
    RecognizerCompletionCause cause;
    if (options.hotword()) {
      cause = RecognizerCompletionCause.HOTWORD_MAXTIME;
    } else if (partial) {
      cause =
          maxtime
              ? RecognizerCompletionCause.PARTIAL_MATCH_MAXTIME
              : RecognizerCompletionCause.PARTIAL_MATCH;
    } else {
      cause =
          maxtime ? RecognizerCompletionCause.NO_MATCH_MAXTIME : RecognizerCompletionCause.NO_MATCH;
    }
    complete(cause, NlsmlResult.noMatch(firstName(), heard, InputMode.SPEECH), null, nBest);
  }

  /**
   * The interpretations of hypotheses against the speech grammars, best first: each hypothesis
   * above the threshold (a 0 threshold takes everything) that a grammar matches (the earlier
   * grammar wins), at most {@code n}.
   */
  List<Interpretation> interpret(List<Hypothesis> nBest, float threshold, int n) {
    List<Interpretation> out = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    for (Hypothesis h : nBest) {
      if (out.size() == n) {
        break;
      }
      // section 9.4.1: only a confidence greater than the threshold matches
      boolean sure = h.confidence() > threshold || (threshold == 0f && h.confidence() == 0f);
      if (!sure || h.text().isBlank() || !seen.add(h.text())) {
        continue;
      }
      for (ActiveGrammar g : speechGrammars) {
        GrammarMatcher.Match m = g.matchSpeech(h.text());
        if (m.complete()) {
          out.add(
              new Interpretation(
                  g.name(),
                  h.confidence(),
                  m.semantic().text(),
                  m.semantic().xml(),
                  h.text(),
                  InputMode.SPEECH,
                  io.mrcpj.core.nlsml.InputStatus.MATCH));
          break;
        }
      }
    }
    return out;
  }

  /** The furthest any speech grammar gets with {@code words}. */
  private GrammarMatcher.Status bestStatus(String words) {
    GrammarMatcher.Status best = GrammarMatcher.Status.NONE;
    for (ActiveGrammar g : speechGrammars) {
      GrammarMatcher.Status s = g.matchSpeech(words).status();
      if (s.ordinal() > best.ordinal()) {
        best = s;
      }
    }
    return best;
  }

  /** NLSML's result-level grammar: the first grammar's name. */
  private String firstName() {
    return grammars.isEmpty() ? null : grammars.get(0).name();
  }

  private void complete(
      RecognizerCompletionCause cause, NlsmlResult result, String reason, List<Hypothesis> nBest) {
    if (inputEndedNanos != 0) {
      channel.metrics().completedAfterSpeech(System.nanoTime() - inputEndedNanos);
    }
    release();
    channel.finished(this, cause, result, reason, nBest);
  }

  /** The recorded audio (Save-Waveform), or null. */
  short[] waveform() {
    return waveform;
  }

  int waveformLength() {
    return waveformLength;
  }

  /** Closes the stream and cancels every timer. Idempotent. */
  void release() {
    RecognizerChannel.cancel(noInput);
    RecognizerChannel.cancel(fallback);
    RecognizerChannel.cancel(maxTime);
    RecognizerChannel.cancel(dtmfWait);
    noInput = fallback = maxTime = dtmfWait = null;
    if (utterance != null) {
      utterance.close();
      utterance = null;
    }
  }

  /** A fresh utterance (hotword mode listens on); null when the engine fails (then completed). */
  private Utterance newUtterance() {
    inputEndedNanos = 0;
    try {
      return new Utterance();
    } catch (EngineException e) {
      engineFailed(e.getMessage());
      return null;
    }
  }

  /** The engine failed or gave no result. */
  private void engineFailed(String why) {
    complete(RecognizerCompletionCause.RECOGNIZER_ERROR, null, why, List.of());
  }

  // ---------------------------------------------------------------- one utterance

  /**
   * One engine stream with its endpointer: in normal mode the whole recognition, in hotword mode
   * one stretch of speech. Its callbacks act only while it is the recognition's current utterance.
   */
  private final class Utterance implements RecognitionListener {
    private final RecognitionStream stream;
    private final EnergyVad vad;
    private boolean speech;
    private boolean ended;
    private boolean partialComplete;
    private long speechSamples;
    private RecognizerChannel.Timer gapCheck;
    private RecognizerChannel.Timer finalWait;

    Utterance() throws EngineException {
      float sensitivity = params.fraction(RecognizerParams.SENSITIVITY_LEVEL);
      this.vad =
          new EnergyVad(
              rate,
              EnergyVad.Config.builder()
                  .silenceMillis((int) Math.min(60_000, Math.max(completeMillis, incompleteMillis)))
                  .speechAboveFloorDb(6 + 12 * (1 - sensitivity))
                  .build());
      List<String> phrases = new ArrayList<>();
      if (!freeSpeech) {
        Set<String> all = new LinkedHashSet<>();
        speechGrammars.forEach(g -> all.addAll(g.phrases()));
        phrases.addAll(all);
      }
      this.stream =
          channel.openStream(
              new StreamRequest(
                  params.text(RecognizerParams.SPEECH_LANGUAGE),
                  phrases,
                  params.nBest(),
                  params.vendorParameters()),
              this);
    }

    private boolean current() {
      return channel.active() == Recognition.this && utterance == this;
    }

    void audio(short[] pcm, int offset, int length) {
      if (ended) {
        return;
      }
      try {
        stream.feed(pcm, offset, length);
      } catch (RuntimeException e) {
        // an engine bug must not reach the RTP event loop: this recognition fails, others go on
        log.warn("engine failed taking audio", e);
        engineFailed("the engine failed: " + e);
        return;
      }
      int frame = Math.max(1, rate / 50);
      for (int off = 0; off < length && !ended && current(); off += frame) {
        int n = Math.min(frame, length - off);
        EnergyVad.Event e = vad.process(pcm, offset + off, n);
        if (speech) {
          speechSamples += n;
        }
        if (e == EnergyVad.Event.START_OF_SPEECH && !speech) {
          speech = true;
          speechSamples = vad.position() - vad.speechStartSample();
          speechStarted();
          long check = Math.max(10, Math.min(AUDIO_GAP_CHECK_MILLIS, completeMillis));
          gapCheck = channel.scheduleRepeating(Recognition.this, this::checkAudioGap, check);
        } else if (speech && endOfSpeech(e)) {
          end();
        } else if (speech && options.hotword() && tooLong()) {
          ignore(); // longer than any hotword (section 9.4.28)
        }
      }
    }

    /** The endpointer's end, or a shorter silence when the input is already a complete match. */
    private boolean endOfSpeech(EnergyVad.Event e) {
      if (e == EnergyVad.Event.END_OF_SPEECH) {
        return true;
      }
      long silentMs = vad.trailingSilenceSamples() * 1000 / rate;
      long needed = freeSpeech || partialComplete ? completeMillis : incompleteMillis;
      return silentMs > 0 && silentMs >= needed;
    }

    /** Hotword mode: this stretch of speech cannot be the hotword; listen on afresh. */
    private void ignore() {
      if (ended) {
        return;
      }
      ended = true;
      close();
      restartHotwordTimer();
      utterance = newUtterance();
    }

    private boolean tooLong() {
      long max = params.millis(RecognizerParams.HOTWORD_MAX_DURATION);
      return max > 0 && speechSamples * 1000 / rate > max;
    }

    private void checkAudioGap() {
      if (!current() || ended || !speech) {
        return;
      }
      long silentNanos = System.nanoTime() - lastAudioNanos;
      if (silentNanos >= TimeUnit.MILLISECONDS.toNanos(completeMillis)) {
        end(); // RTP stopped mid-utterance: what was said is all there is
      }
    }

    /** No more audio for this utterance: the engine's final result decides. */
    void end() {
      if (ended) {
        return;
      }
      ended = true;
      RecognizerChannel.cancel(gapCheck);
      gapCheck = null;
      if (options.hotword() && speech) {
        long min = params.millis(RecognizerParams.HOTWORD_MIN_DURATION);
        if (speechSamples * 1000 / rate < min) {
          ended = false;
          ignore(); // shorter than any hotword (section 9.4.29)
          return;
        }
      }
      inputEndedNanos = System.nanoTime();
      try {
        stream.endOfInput();
      } catch (RuntimeException e) {
        log.warn("engine failed at the end of input", e);
        engineFailed("the engine failed: " + e);
        return;
      }
      finalWait =
          channel.schedule(
              Recognition.this, this::finalMissing, channel.support.engineTimeoutMillis());
    }

    private void finalMissing() {
      if (current()) {
        engineFailed(
            "no result from the engine within "
                + channel.support.engineTimeoutMillis()
                + " ms (limits.engine-timeout)");
      }
    }

    void close() {
      RecognizerChannel.cancel(gapCheck);
      RecognizerChannel.cancel(finalWait);
      gapCheck = finalWait = null;
      channel.closeStream(stream);
    }

    @Override
    public void onPartial(Hypothesis partial) {
      synchronized (channel.lock) {
        if (!current() || ended) {
          return;
        }
        boolean complete = false;
        boolean alive = false;
        for (ActiveGrammar g : speechGrammars) {
          GrammarMatcher.Match m = g.matchSpeech(partial.text());
          alive |= m.status() != GrammarMatcher.Status.NONE;
          complete |= m.complete() && !m.canExtend();
        }
        partialComplete = complete;
        if (!alive && !freeSpeech && options.earlyNoMatch() && !options.hotword()) {
          complete(
              RecognizerCompletionCause.NO_MATCH,
              NlsmlResult.noMatch(firstName(), partial.text(), InputMode.SPEECH),
              "early no-match",
              List.of(partial));
        }
      }
    }

    @Override
    public void onFinal(List<Hypothesis> nBest) {
      synchronized (channel.lock) {
        if (!current()) {
          return;
        }
        RecognizerChannel.cancel(finalWait);
        finalWait = null;
        utterance = null;
        channel.closeStream(stream);
        finalResult(nBest);
      }
    }

    @Override
    public void onError(EngineException error) {
      synchronized (channel.lock) {
        if (current()) {
          engineFailed(error.getMessage());
        }
      }
    }
  }
}
