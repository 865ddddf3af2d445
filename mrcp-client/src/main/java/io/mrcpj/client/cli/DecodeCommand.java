package io.mrcpj.client.cli;

import io.mrcpj.core.codec.MrcpDecodeFailure;
import io.mrcpj.core.codec.MrcpDecoderConfig;
import io.mrcpj.core.codec.MrcpParser;
import io.mrcpj.core.codec.MrcpProtocolException;
import io.mrcpj.core.message.MrcpEvent;
import io.mrcpj.core.message.MrcpHeaders;
import io.mrcpj.core.message.MrcpMessage;
import io.mrcpj.core.message.MrcpRequest;
import io.mrcpj.core.message.MrcpResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Prints every MRCPv2 message in a raw byte stream (one direction of a TCP capture). */
@Command(
    name = "decode",
    mixinStandardHelpOptions = true,
    description = "Decode a raw MRCPv2 byte stream (e.g. one direction of a TCP capture).")
final class DecodeCommand implements Callable<Integer> {

  /** Larger files are not MRCP captures worth reading into memory. */
  private static final long MAX_FILE_BYTES = 64L << 20;

  @Spec private picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(paramLabel = "FILE", description = "the byte stream to decode")
  private Path file;

  @Option(names = "--body", description = "print message bodies too")
  private boolean body;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    byte[] bytes;
    try {
      if (Files.size(file) > MAX_FILE_BYTES) {
        err.println("decode: " + file + " is larger than " + MAX_FILE_BYTES + " bytes");
        return 2;
      }
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      err.println("decode: no such file: " + file);
      return 2;
    } catch (IOException e) {
      err.println("decode: cannot read " + file + ": " + e.getMessage());
      return 2;
    }
    List<Object> messages;
    try {
      messages = MrcpParser.parseAll(bytes, MrcpDecoderConfig.DEFAULT);
    } catch (MrcpProtocolException e) {
      err.println("decode: " + file + " is not an MRCPv2 stream: " + e.getMessage());
      return 2;
    }
    int failures = 0;
    for (Object o : messages) {
      if (o instanceof MrcpDecodeFailure f) {
        failures++;
        out.printf(
            "MALFORMED request-id=%s status=%d: %s%n",
            f.knownRequestId().map(String::valueOf).orElse("?"), f.status().code(), f.reason());
        continue;
      }
      MrcpMessage m = (MrcpMessage) o;
      out.println(startLine(m));
      for (MrcpHeaders.Header h : m.headers().all()) {
        out.println("  " + h.name() + ": " + h.value());
      }
      if (m.hasBody()) {
        out.println("  [body: " + m.bodyLength() + " octets]");
        if (body) {
          m.bodyAsString().lines().forEach(l -> out.println("  | " + l));
        }
      }
    }
    out.printf("%d messages, %d malformed%n", messages.size() - failures, failures);
    out.flush();
    return failures == 0 ? 0 : 2;
  }

  private static String startLine(MrcpMessage m) {
    if (m instanceof MrcpRequest r) {
      return "REQUEST " + r.method() + " " + r.requestId();
    }
    if (m instanceof MrcpResponse r) {
      return "RESPONSE " + r.requestId() + " " + r.status().code() + " " + r.state().wire();
    }
    MrcpEvent e = (MrcpEvent) m;
    return "EVENT " + e.name() + " " + e.requestId() + " " + e.state().wire();
  }
}
