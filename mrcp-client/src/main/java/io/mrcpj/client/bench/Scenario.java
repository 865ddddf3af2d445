package io.mrcpj.client.bench;

/** What one harness session does between its INVITE and its BYE. */
public enum Scenario {
  /** RECOGNIZE with the audio sent at real-time pace; the result is checked. */
  RECOGNIZE,
  /** RECOGNIZE with a DTMF grammar; the keys go as RFC 4733 events; the digits are checked. */
  DTMF,
  /**
   * RECOGNIZE, and as soon as it is IN-PROGRESS a STOP: the cost of setting up and tearing down.
   */
  SETUP,
  /** Nothing between INVITE and BYE but the hold time: what an idle session costs the server. */
  IDLE
}
