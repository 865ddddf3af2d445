package io.mrcpj.core.media;

/**
 * An energy-based voice activity detector and endpointer for 16-bit PCM, fed in frames (normally 20
 * ms). It keeps an adaptive noise floor and calls a frame "speech" when its level (RMS, dBFS) is at
 * least {@link Config#speechAboveFloorDb()} above the floor and above {@link
 * Config#minSpeechDbfs()}.
 *
 * <ul>
 *   <li>{@link Event#START_OF_SPEECH} once speech frames have lasted {@link Config#onsetMillis()}
 *       without interruption; {@link #speechStartSample()} is then the offset (in samples since the
 *       start or the last {@link #reset()}) of the first frame of that run, so the detection
 *       latency is the difference to the current position.
 *   <li>{@link Event#END_OF_SPEECH} once non-speech frames have lasted {@link
 *       Config#silenceMillis()}; {@link #speechEndSample()} is the offset of the first silent
 *       frame.
 * </ul>
 *
 * <p>The noise floor starts at the first frame's level (so a stream that starts with speech begins
 * with a too-high floor until it falls), drops at once to any quieter frame and rises slowly
 * ({@link Config#floorRiseDbPerSecond()}) on non-speech frames only. Levels are clamped to -100
 * dBFS (digital silence). Not thread-safe; no allocation per frame.
 */
public final class EnergyVad {

  private static final double MIN_LEVEL_DBFS = -100;

  /** What a frame changed. */
  public enum Event {
    /** No transition. */
    NONE,
    /** Speech has started (after the onset duration). */
    START_OF_SPEECH,
    /** Speech has ended (after the silence duration). */
    END_OF_SPEECH
  }

  private final Config config;
  private final int sampleRate;
  private boolean inSpeech;
  private boolean floorInitialized;
  private double noiseFloorDbfs;
  private long position;
  private long runStart = -1;
  private long runSamples;
  private long speechStart = -1;
  private long speechEnd = -1;
  private double lastLevel = MIN_LEVEL_DBFS;

  /**
   * @param sampleRate sample rate of the frames in Hz (8000..48000)
   */
  public EnergyVad(int sampleRate, Config config) {
    if (sampleRate < 8000 || sampleRate > 48000 || config == null) {
      throw new IllegalArgumentException("sample rate 8000..48000 and a config are required");
    }
    this.sampleRate = sampleRate;
    this.config = config;
  }

  /**
   * Processes one frame of {@code length} samples.
   *
   * @return the transition caused by this frame, if any
   */
  public Event process(short[] pcm, int offset, int length) {
    G711.checkRanges(pcm.length, offset, length, 0, 0, 0);
    if (length == 0) {
      return Event.NONE;
    }
    double sum = 0;
    for (int i = 0; i < length; i++) {
      double x = pcm[offset + i];
      sum += x * x;
    }
    double level = 10 * Math.log10(sum / length / (32768.0 * 32768.0) + 1e-30);
    level = Math.max(MIN_LEVEL_DBFS, level);
    lastLevel = level;
    if (!floorInitialized) {
      noiseFloorDbfs = level;
      floorInitialized = true;
    }
    boolean speech =
        level >= config.minSpeechDbfs() && level >= noiseFloorDbfs + config.speechAboveFloorDb();
    if (level < noiseFloorDbfs) {
      noiseFloorDbfs = level;
    } else if (!speech) {
      double rise = config.floorRiseDbPerSecond() * length / sampleRate;
      noiseFloorDbfs = Math.min(level, noiseFloorDbfs + rise);
    }
    long frameStart = position;
    position += length;
    Event event = Event.NONE;
    // A run counts frames that disagree with the current state.
    if (speech != inSpeech) {
      if (runStart < 0) {
        runStart = frameStart;
        runSamples = 0;
      }
      runSamples += length;
      long needed = (inSpeech ? config.silenceMillis() : config.onsetMillis()) * sampleRate / 1000;
      if (runSamples >= needed) {
        inSpeech = !inSpeech;
        if (inSpeech) {
          speechStart = runStart;
          speechEnd = -1;
          event = Event.START_OF_SPEECH;
        } else {
          speechEnd = runStart;
          event = Event.END_OF_SPEECH;
        }
        runStart = -1;
      }
    } else {
      runStart = -1;
    }
    return event;
  }

  public boolean inSpeech() {
    return inSpeech;
  }

  /**
   * While in speech, how many samples of non-speech have followed the last speech frame (0 when the
   * last frame was speech or no speech is going on): lets a caller end an utterance after a shorter
   * silence than {@link Config#silenceMillis()} when it knows the input is complete.
   */
  public long trailingSilenceSamples() {
    return inSpeech && runStart >= 0 ? runSamples : 0;
  }

  /** Sample offset of the start of the current or last speech segment, or -1. */
  public long speechStartSample() {
    return speechStart;
  }

  /** Sample offset of the first silent frame after the last speech, or -1. */
  public long speechEndSample() {
    return speechEnd;
  }

  /** Samples processed since creation or {@link #reset()}. */
  public long position() {
    return position;
  }

  public double noiseFloorDbfs() {
    return noiseFloorDbfs;
  }

  /** Level of the last frame in dBFS (RMS relative to full scale). */
  public double lastLevelDbfs() {
    return lastLevel;
  }

  /** Forgets everything, including the noise floor (new stream). */
  public void reset() {
    inSpeech = false;
    floorInitialized = false;
    position = 0;
    runStart = -1;
    speechStart = -1;
    speechEnd = -1;
    lastLevel = MIN_LEVEL_DBFS;
  }

  /**
   * Endpointer thresholds; immutable, built with {@link #builder()}.
   *
   * @param speechAboveFloorDb how far above the noise floor a speech frame must be (dB)
   * @param minSpeechDbfs absolute minimum level of a speech frame (dBFS)
   * @param onsetMillis continuous speech needed for START_OF_SPEECH
   * @param silenceMillis continuous non-speech needed for END_OF_SPEECH
   * @param floorRiseDbPerSecond how fast the noise floor may rise during non-speech
   */
  public record Config(
      double speechAboveFloorDb,
      double minSpeechDbfs,
      int onsetMillis,
      int silenceMillis,
      double floorRiseDbPerSecond) {

    /** Validates the ranges. */
    public Config {
      if (speechAboveFloorDb < 0 || minSpeechDbfs > 0 || floorRiseDbPerSecond < 0) {
        throw new IllegalArgumentException("level thresholds out of range");
      }
      if (onsetMillis < 0 || onsetMillis > 60_000 || silenceMillis < 0 || silenceMillis > 60_000) {
        throw new IllegalArgumentException("durations must be 0..60000 ms");
      }
    }

    public static Builder builder() {
      return new Builder();
    }

    /** Builder; defaults: 12 dB above floor, -50 dBFS, 60 ms onset, 800 ms silence, 3 dB/s. */
    public static final class Builder {
      private double speechAboveFloorDb = 12;
      private double minSpeechDbfs = -50;
      private int onsetMillis = 60;
      private int silenceMillis = 800;
      private double floorRiseDbPerSecond = 3;

      public Builder speechAboveFloorDb(double v) {
        speechAboveFloorDb = v;
        return this;
      }

      public Builder minSpeechDbfs(double v) {
        minSpeechDbfs = v;
        return this;
      }

      public Builder onsetMillis(int v) {
        onsetMillis = v;
        return this;
      }

      public Builder silenceMillis(int v) {
        silenceMillis = v;
        return this;
      }

      public Builder floorRiseDbPerSecond(double v) {
        floorRiseDbPerSecond = v;
        return this;
      }

      public Config build() {
        return new Config(
            speechAboveFloorDb, minSpeechDbfs, onsetMillis, silenceMillis, floorRiseDbPerSecond);
      }
    }
  }
}
