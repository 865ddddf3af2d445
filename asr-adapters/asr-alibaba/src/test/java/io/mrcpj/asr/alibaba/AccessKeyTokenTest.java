package io.mrcpj.asr.alibaba;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AccessKeyTokenTest {

  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void aTokenIsRenewedWhenMostOfItsLifetimeHasPassed() {
    assertThat(AccessKeyToken.renewDelay(NOW, NOW.plus(Duration.ofHours(24))))
        .isEqualTo(Duration.ofMinutes(24 * 60 * 80 / 100));
    assertThat(AccessKeyToken.renewDelay(NOW, NOW.plusSeconds(10)))
        .isEqualTo(Duration.ofSeconds(8));
    // Never sooner than a second, and a token already expired by the local clock does not spin.
    assertThat(AccessKeyToken.renewDelay(NOW, NOW.plusMillis(500)))
        .isEqualTo(Duration.ofSeconds(1));
    assertThat(AccessKeyToken.renewDelay(NOW, NOW.minusSeconds(5)))
        .isEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void aFailedRenewalIsTriedAgainAfterHalfTheTimeLeftWithinBounds() {
    assertThat(AccessKeyToken.retryDelay(NOW, NOW.plusSeconds(40)))
        .isEqualTo(Duration.ofSeconds(20));
    assertThat(AccessKeyToken.retryDelay(NOW, NOW.plus(Duration.ofHours(3))))
        .isEqualTo(Duration.ofMinutes(1));
    assertThat(AccessKeyToken.retryDelay(NOW, NOW.minusSeconds(30)))
        .isEqualTo(Duration.ofSeconds(1));
  }
}
