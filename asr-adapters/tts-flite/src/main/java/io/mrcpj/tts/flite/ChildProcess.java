package io.mrcpj.tts.flite;

import io.mrcpj.tts.spi.SynthesisException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One run of a program, without a shell: bounded in time, watched while it runs, and killed
 * together with the processes it started when it must stop. Its standard output and error are
 * drained as it runs so it never blocks on a full pipe; only the first {@value #OUTPUT_KEPT} bytes
 * are kept, for error messages.
 *
 * <p>The calling thread does the watching, polling every {@value #POLL_MS} ms, so a run costs no
 * thread of its own. Limit: a process that its program starts in the instant between the list of
 * descendants being taken and the program being killed can outlive it.
 */
final class ChildProcess {

  static final int OUTPUT_KEPT = 2048;
  private static final long POLL_MS = 10;

  /** Drained per poll at most, so a chattering program cannot keep the watcher from its checks. */
  private static final int DRAIN_PER_POLL = 1 << 20;

  private ChildProcess() {}

  /** How a run ended. */
  record Exit(int code, String output) {}

  /** Asked between polls whether the run may go on. */
  interface Watch {

    /** Whether the run is no longer wanted (STOP): it is then killed and {@code run} returns. */
    boolean cancelled();

    /** A limit the run has passed, said in words, or null: it is then killed and fails. */
    String overLimit();
  }

  static final Watch UNWATCHED =
      new Watch() {
        @Override
        public boolean cancelled() {
          return false;
        }

        @Override
        public String overLimit() {
          return null;
        }
      };

  /**
   * Runs {@code command} in {@code dir} until it exits.
   *
   * @return how it exited, or null when {@code watch} cancelled it (it was killed)
   * @throws SynthesisException when it cannot be started, passes a limit or takes longer than
   *     {@code timeoutMs} (it was killed)
   * @throws InterruptedException when the thread was interrupted (it was killed)
   */
  static Exit run(List<String> command, Path dir, long timeoutMs, Watch watch)
      throws SynthesisException, InterruptedException {
    String program = command.get(0);
    Process process;
    try {
      process =
          new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw failure("cannot run the flite program '" + program + "': " + e.getMessage(), e);
    }
    boolean exited = false;
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
    ByteArrayOutputStream kept = new ByteArrayOutputStream();
    try (InputStream output = process.getInputStream()) {
      process.getOutputStream().close(); // nothing is typed in: a program that reads gets EOF
      while (true) {
        drain(output, kept);
        if (process.waitFor(POLL_MS, TimeUnit.MILLISECONDS)) {
          exited = true;
          drain(output, kept);
          return new Exit(process.exitValue(), kept.toString(StandardCharsets.UTF_8).strip());
        }
        if (watch.cancelled()) {
          return null;
        }
        String over = watch.overLimit();
        if (over != null) {
          throw failure(over + "; '" + program + "' was killed", null);
        }
        if (System.nanoTime() - deadline > 0) {
          throw failure(
              "'"
                  + program
                  + "' did not finish within "
                  + timeoutMs
                  + " ms (timeout-ms) and was killed",
              null);
        }
      }
    } catch (IOException e) {
      throw failure("cannot read the output of '" + program + "': " + e.getMessage(), e);
    } finally {
      if (!exited) {
        killTree(process);
      }
    }
  }

  private static void drain(InputStream in, ByteArrayOutputStream kept) throws IOException {
    byte[] buf = new byte[8192];
    int drained = 0;
    int available;
    while (drained < DRAIN_PER_POLL && (available = in.available()) > 0) {
      int n = in.read(buf, 0, Math.min(buf.length, available));
      if (n < 0) {
        return;
      }
      drained += n;
      kept.write(buf, 0, Math.max(0, Math.min(n, OUTPUT_KEPT - kept.size())));
    }
  }

  /** Kills {@code process} and every process it started, and waits a little for its end. */
  static void killTree(Process process) {
    // Listed first: once the program is dead its children are re-parented and no longer found.
    List<ProcessHandle> children = process.descendants().toList();
    process.destroyForcibly();
    children.forEach(ProcessHandle::destroyForcibly);
    try {
      process.waitFor(1, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static SynthesisException failure(String message, Throwable cause) {
    return new SynthesisException(SynthesisException.Kind.ENGINE_FAILURE, message, cause);
  }
}
