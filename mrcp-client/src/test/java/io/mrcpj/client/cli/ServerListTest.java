package io.mrcpj.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** {@code --server} as a list: bad entries are named and end with exit code 2, before any I/O. */
class ServerListTest {

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "recognize | 127.0.0.1:8060,backup | --server must be HOST:PORT, not backup",
        "recognize | a:8060,b:70000        | --server port must be 1-65535, not 70000",
        "recognize | a:8060,,b:8060        | --server has an empty entry",
        "recognize | 'a:8060, a:8060'      | --server lists a:8060 twice",
        "bench     | a:8060,b:8060         | --server takes one HOST:PORT here, not a list",
        // a good list gets past the servers to the audio file, which is checked next
        "recognize | 127.0.0.1:1,127.0.0.1:2 | no such file: no-such.wav",
      })
  void aBadListIsExitCode2WithTheProblemNamed(String command, String servers, String message) {
    StringWriter err = new StringWriter();
    CommandLine cl = Main.commandLine();
    cl.setOut(new PrintWriter(new StringWriter()));
    cl.setErr(new PrintWriter(err));
    String[] args =
        command.equals("bench")
            ? new String[] {command, "--server", servers, "--total", "1"}
            : new String[] {command, "--server", servers, "no-such.wav"};
    assertThat(cl.execute(args)).isEqualTo(2);
    assertThat(err.toString()).contains(message);
  }
}
