package io.mrcpj.asr.aws;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.transcribestreaming.model.BadRequestException;
import software.amazon.awssdk.services.transcribestreaming.model.ConflictException;
import software.amazon.awssdk.services.transcribestreaming.model.InternalFailureException;
import software.amazon.awssdk.services.transcribestreaming.model.LimitExceededException;
import software.amazon.awssdk.services.transcribestreaming.model.ServiceUnavailableException;

/**
 * Words for what the SDK reports, for the recognizer's log and the MRCP Completion-Reason. The
 * service's errors arrive either as the HTTP answer or, once the stream runs, as exception events;
 * the SDK turns both into the same exception classes. Everything else is the client's side: no
 * credentials, no connection, a cancel.
 */
final class Failures {

  private Failures() {}

  static String describe(Throwable error, AwsTranscribeEngine engine) {
    Throwable t = unwrap(error);
    String where = engine.describeEndpoint();
    if (t instanceof BadRequestException e) {
      return where + " refused the request (BadRequestException): " + message(e);
    }
    if (t instanceof LimitExceededException e) {
      return where
          + " is over a limit, such as concurrent streams or audio length"
          + " (LimitExceededException): "
          + message(e);
    }
    if (t instanceof ServiceUnavailableException e) {
      return where + " is unavailable (ServiceUnavailableException): " + message(e);
    }
    if (t instanceof InternalFailureException e) {
      return where + " failed internally (InternalFailureException): " + message(e);
    }
    if (t instanceof ConflictException e) {
      return where + " reported a conflict (ConflictException): " + message(e);
    }
    if (t instanceof AwsServiceException e) {
      String code = e.awsErrorDetails() != null ? e.awsErrorDetails().errorCode() : null;
      String what =
          e.statusCode() == 403 || e.statusCode() == 401
              ? " rejected the credentials ("
              : " answered an error (";
      return where + what + e.statusCode() + (code != null ? " " + code : "") + "): " + message(e);
    }
    if (t instanceof SdkClientException e) {
      String m = String.valueOf(e.getMessage());
      if (m.contains("credentials")) {
        return "aws-transcribe has no usable AWS credentials: " + m;
      }
      return "cannot reach " + where + ": " + rootMessage(e);
    }
    if (t instanceof CancellationException) {
      return "the call to " + where + " was cancelled";
    }
    return "the stream to " + where + " failed: " + rootMessage(t);
  }

  private static Throwable unwrap(Throwable t) {
    while ((t instanceof CompletionException || t instanceof ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  private static String message(AwsServiceException e) {
    if (e.awsErrorDetails() != null && e.awsErrorDetails().errorMessage() != null) {
      return e.awsErrorDetails().errorMessage();
    }
    return String.valueOf(e.getMessage());
  }

  /** The innermost message, where a connection failure says what happened. */
  private static String rootMessage(Throwable t) {
    String last = t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
    Throwable c = t.getCause();
    while (c != null && c != t) {
      if (c.getMessage() != null) {
        last = c.getMessage();
      }
      t = c;
      c = c.getCause();
    }
    return last;
  }
}
