package io.mrcpj.client.internal;

import io.mrcpj.core.media.TelephoneEvent;

/**
 * DTMF digits for sending: their RFC 4733 event codes and their ITU-T Q.23 dual tones as PCM. Each
 * digit takes {@link #TONE_MS} of tone (or of telephone-event) and then {@link #GAP_MS} of silence.
 */
public final class DtmfTones {

  /** How long a key is down. */
  public static final int TONE_MS = 100;

  /** Silence after each key. */
  public static final int GAP_MS = 100;

  /** Level of each of the two tones, dB relative to a full-scale sine. */
  public static final double TONE_DBFS = -10;

  /** The keypad, row by row: rows are the low group, columns the high group (Q.23). */
  private static final String KEYPAD = "123A456B789C*0#D";

  private static final int[] LOW = {697, 770, 852, 941};
  private static final int[] HIGH = {1209, 1336, 1477, 1633};

  private DtmfTones() {}

  /**
   * The RFC 4733 event codes (section 3.2: 0-9, 10 = *, 11 = #, 12-15 = A-D) of {@code digits}.
   *
   * @throws IllegalArgumentException naming the first character that is not 0-9, *, #, A-D
   */
  public static int[] events(String digits) {
    if (digits == null) {
      throw new IllegalArgumentException("digits must not be null");
    }
    int[] out = new int[digits.length()];
    for (int i = 0; i < out.length; i++) {
      char c = digits.charAt(i);
      int event = Character.isLowerCase(c) ? -1 : TelephoneEvent.toEvent(c);
      if (event < 0) {
        throw new IllegalArgumentException(
            String.format(
                "not a DTMF digit: '%c' (U+%04X) at index %d; use 0-9, *, #, A-D", c, (int) c, i));
      }
      out[i] = event;
    }
    return out;
  }

  /**
   * The digits as audio at {@code rate}: for each, {@link #TONE_MS} of its two tones at {@link
   * #TONE_DBFS} each, then {@link #GAP_MS} of silence.
   */
  public static short[] pcm(int[] events, int rate) {
    int tone = rate * TONE_MS / 1000;
    int perDigit = tone + rate * GAP_MS / 1000;
    short[] out = new short[events.length * perDigit];
    double amplitude = 32767 * Math.pow(10, TONE_DBFS / 20);
    for (int d = 0; d < events.length; d++) {
      int key = KEYPAD.indexOf(TelephoneEvent.toDigit(events[d]));
      double wLow = 2 * Math.PI * LOW[key / 4] / rate;
      double wHigh = 2 * Math.PI * HIGH[key % 4] / rate;
      int base = d * perDigit;
      for (int i = 0; i < tone; i++) {
        out[base + i] = (short) Math.round(amplitude * (Math.sin(wLow * i) + Math.sin(wHigh * i)));
      }
    }
    return out;
  }
}
