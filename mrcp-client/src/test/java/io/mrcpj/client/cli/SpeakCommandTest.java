package io.mrcpj.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** {@code speak} used wrongly: exit code 2 and a message naming the problem, before any I/O. */
class SpeakCommandTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "--out x.wav                                  | Missing required parameter: 'TEXT'",
        "hello                                        | Missing required option: '--out=FILE.wav'",
        "--out x.wav --timeout 0 hello                | --timeout must be 1-3600 seconds",
        "--out x.wav --content-type text/html hello   | the content type must be text/plain",
        "--out x.wav --ssml --content-type text/plain hi | give --ssml or --content-type, not both",
        "--out x.wav --gender robot hello             | Voice-Gender must be male, female or neutral",
        "--out x.wav --language 'en US' hello         | not a language tag",
        "--out x.wav --rate 'very fast' hello         | Prosody-Rate must be a keyword or a number",
        "--out no/such/dir/x.wav hello                | no such directory for --out",
        "--server nowhere --out x.wav hello           | --server must be HOST:PORT, not nowhere",
        "--server a:1,a:1 --out x.wav hello           | --server lists a:1 twice",
        "--codec GSM --out x.wav hello                | --codec must be PCMU, PCMA",
      })
  void wrongUsageIsExitCode2WithTheProblemNamed(String args, String message) {
    StringWriter err = new StringWriter();
    CommandLine cl = Main.commandLine();
    cl.setOut(new PrintWriter(new StringWriter()));
    cl.setErr(new PrintWriter(err));
    java.util.List<String> argv = new java.util.ArrayList<>();
    argv.add("speak");
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("'([^']*)'|(\\S+)").matcher(args);
    while (m.find()) {
      argv.add(m.group(1) != null ? m.group(1) : m.group(2));
    }
    assertThat(cl.execute(argv.toArray(String[]::new))).isEqualTo(2);
    assertThat(err.toString()).contains(message);
  }
}
