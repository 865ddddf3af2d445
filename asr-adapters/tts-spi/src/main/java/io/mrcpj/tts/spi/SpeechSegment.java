package io.mrcpj.tts.spi;

import java.util.Objects;

/**
 * A piece of what to say, in order: the server turns plain text or SSML into a list of these, so
 * engines need not parse SSML.
 */
public sealed interface SpeechSegment {

  /** Words to speak. */
  record Text(String text) implements SpeechSegment {
    public Text {
      Objects.requireNonNull(text, "text");
    }
  }

  /** An SSML {@code <mark/>}: report it once the audio before it has been delivered. */
  record Mark(String name) implements SpeechSegment {
    public Mark {
      Objects.requireNonNull(name, "name");
    }
  }

  /** An SSML {@code <break/>}: this much silence. */
  record Pause(int millis) implements SpeechSegment {
    public Pause {
      if (millis < 0) {
        throw new IllegalArgumentException("a pause must not be negative: " + millis);
      }
    }
  }
}
