package io.mrcpj.client.esl;

/** HEARTBEAT: FreeSWITCH's periodic status (every 20 s by default). */
public final class HeartbeatEvent extends EslEvent {

  HeartbeatEvent(EslEvent e) {
    super(e);
  }

  /** {@code Session-Count}: calls legs up now; -1 when absent. */
  public int sessionCount() {
    try {
      return Integer.parseInt(header("Session-Count").strip());
    } catch (RuntimeException e) {
      return -1;
    }
  }

  /** {@code Idle-CPU} in percent; NaN when absent. */
  public double idleCpu() {
    try {
      return Double.parseDouble(header("Idle-CPU").strip());
    } catch (RuntimeException e) {
      return Double.NaN;
    }
  }

  /** {@code Up-Time}, as FreeSWITCH words it. */
  public String upTime() {
    return header("Up-Time");
  }

  /** {@code FreeSWITCH-Version}. */
  public String version() {
    return header("FreeSWITCH-Version");
  }
}
