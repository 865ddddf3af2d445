package io.mrcpj.asr.google;

import com.google.api.gax.rpc.ApiException;
import io.grpc.Status;
import java.util.concurrent.CancellationException;

/** Words for what the service answered when a stream failed, for logs and Completion-Reason. */
final class Failures {

  private Failures() {}

  /** Why a call ended with {@code error}; {@code where} names the service. */
  static String explain(Throwable error, String where) {
    Throwable t = error;
    while (t != null) {
      if (t instanceof ApiException api) {
        String detail = Status.fromThrowable(api).getDescription();
        return explain(
            api.getStatusCode().getCode().name(), detail != null ? detail : message(api), where);
      }
      if (t instanceof CancellationException) {
        return where + ": the call was cancelled (" + message(t) + ")";
      }
      t = t.getCause();
    }
    Status status = Status.fromThrowable(error);
    if (status.getCode() != Status.Code.UNKNOWN || status.getDescription() != null) {
      return explain(status.getCode().name(), status.getDescription(), where);
    }
    return where + " failed: " + message(error);
  }

  /** Why a call ended with a status code (by name) and the service's own words. */
  static String explain(String code, String detail, String where) {
    String said = " (" + code + (detail == null || detail.isBlank() ? "" : ": " + detail) + ")";
    return switch (code) {
      case "UNAUTHENTICATED" ->
          where
              + " did not accept the credentials"
              + said
              + "; check engine.settings.google."
              + GoogleSettings.CREDENTIALS_FILE
              + " or GOOGLE_APPLICATION_CREDENTIALS";
      case "PERMISSION_DENIED" ->
          where
              + " refused the request"
              + said
              + "; the credentials' project needs the Speech-to-Text API enabled and the account"
              + " allowed to use it";
      case "UNAVAILABLE" -> where + " is unavailable" + said;
      case "DEADLINE_EXCEEDED" -> where + " did not answer in time" + said;
      case "INVALID_ARGUMENT" ->
          where + " rejected the request" + said + "; check the language, model and phrases";
      case "RESOURCE_EXHAUSTED" -> where + " refused the request: quota exhausted" + said;
      default -> where + " failed" + said;
    };
  }

  /** The status code's name for a {@code google.rpc.Status} code number. */
  static String codeName(int code) {
    return Status.fromCodeValue(code).getCode().name();
  }

  private static String message(Throwable t) {
    Throwable c = t;
    while (c.getMessage() == null && c.getCause() != null) {
      c = c.getCause();
    }
    return c.getMessage() != null ? c.getMessage() : c.getClass().getSimpleName();
  }
}
