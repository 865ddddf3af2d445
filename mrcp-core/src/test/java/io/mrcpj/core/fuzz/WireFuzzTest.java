package io.mrcpj.core.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Jazzer fuzz tests of every parser that reads what a peer sends. In a normal build they run once
 * per input in {@code WireFuzzTestInputs} (regression mode: crashes found earlier stay fixed). With
 * {@code JAZZER_FUZZ=1} one of them is fuzzed: {@code scripts/fuzz.sh} runs each in turn for a
 * million executions, seeded from the captures in ../shared/interop.
 */
class WireFuzzTest {

  /** How long one target is fuzzed at most; each stops after a million runs. */
  private static final String MAX = "30m";

  /** Executions per target when fuzzing (JAZZER_FUZZ=1). */
  private static final long RUNS = 1_000_000;

  @FuzzTest(maxDuration = MAX, maxExecutions = RUNS)
  void mrcpDecoder(FuzzedDataProvider data) {
    int cuts = data.consumeInt();
    FuzzTargets.mrcp(data.consumeRemainingAsBytes(), cuts);
  }

  @FuzzTest(maxDuration = MAX, maxExecutions = RUNS)
  void sdpParser(byte[] data) {
    FuzzTargets.sdp(data);
  }

  @FuzzTest(maxDuration = MAX, maxExecutions = RUNS)
  void nlsmlReader(byte[] data) {
    FuzzTargets.nlsml(data);
  }

  @FuzzTest(maxDuration = MAX, maxExecutions = RUNS)
  void srgsXmlParser(byte[] data) {
    FuzzTargets.srgsXml(data);
  }

  @FuzzTest(maxDuration = MAX, maxExecutions = RUNS)
  void srgsAbnfParser(FuzzedDataProvider data) {
    FuzzTargets.srgsAbnf(data.consumeRemainingAsString());
  }

  @FuzzTest(maxDuration = MAX, maxExecutions = RUNS)
  void rtpPacket(byte[] data) {
    FuzzTargets.rtp(data);
  }
}
