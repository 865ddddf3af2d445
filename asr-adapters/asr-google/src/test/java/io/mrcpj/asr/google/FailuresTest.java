package io.mrcpj.asr.google;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.api.gax.grpc.GrpcStatusCode;
import com.google.api.gax.rpc.ApiExceptionFactory;
import io.grpc.Status;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;

class FailuresTest {

  private static final String WHERE = "Google Speech-to-Text at x:443";

  @Test
  void anApiExceptionIsExplainedByItsCodeAndTheServicesWords() {
    Status status = Status.UNAUTHENTICATED.withDescription("Request had invalid credentials.");
    Exception e =
        ApiExceptionFactory.createException(
            status.asRuntimeException(), GrpcStatusCode.of(status.getCode()), false);
    assertThat(Failures.explain(e, WHERE))
        .isEqualTo(
            WHERE
                + " did not accept the credentials (UNAUTHENTICATED: Request had invalid"
                + " credentials.); check engine.settings.google.credentials-file or"
                + " GOOGLE_APPLICATION_CREDENTIALS");
  }

  @Test
  void aBareGrpcStatusIsExplainedToo() {
    assertThat(Failures.explain(Status.DEADLINE_EXCEEDED.asRuntimeException(), WHERE))
        .isEqualTo(WHERE + " did not answer in time (DEADLINE_EXCEEDED)");
  }

  @Test
  void otherFailuresKeepTheirMessage() {
    assertThat(Failures.explain(new IllegalStateException("boom"), WHERE))
        .isEqualTo(WHERE + " failed: boom");
    assertThat(Failures.explain(new CancellationException("stop"), WHERE))
        .contains("cancelled (stop)");
  }

  @Test
  void responseErrorCodesAreNamed() {
    assertThat(Failures.codeName(3)).isEqualTo("INVALID_ARGUMENT");
    assertThat(Failures.explain("RESOURCE_EXHAUSTED", "", WHERE))
        .isEqualTo(WHERE + " refused the request: quota exhausted (RESOURCE_EXHAUSTED)");
  }
}
