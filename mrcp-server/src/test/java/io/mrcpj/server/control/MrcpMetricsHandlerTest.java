package io.mrcpj.server.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.mrcpj.core.message.ChannelId;
import io.mrcpj.core.message.MrcpEvent;
import io.mrcpj.core.message.MrcpEventName;
import io.mrcpj.core.message.MrcpMethod;
import io.mrcpj.core.message.MrcpRequest;
import io.mrcpj.core.message.MrcpResponse;
import io.mrcpj.core.message.RequestState;
import io.mrcpj.core.message.StatusCode;
import io.mrcpj.server.metrics.ServerMetrics;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

class MrcpMetricsHandlerTest {

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final EmbeddedChannel ch =
      new EmbeddedChannel(new MrcpMetricsHandler(new ServerMetrics(registry)));

  private static MrcpRequest request(MrcpMethod method, long id, String channel) {
    return MrcpRequest.builder()
        .method(method)
        .requestId(id)
        .channelId(ChannelId.parse(channel))
        .build();
  }

  private double requests(String method, String status) {
    return registry
        .get("mrcpj.mrcp.requests")
        .tags("method", method, "status", status)
        .counter()
        .count();
  }

  @Test
  void countsEachRequestOnceByMethodAndStatusAndTimesRecognizeToInProgress() {
    MrcpRequest recognize = request(MrcpMethod.RECOGNIZE, 2, "a1@speechrecog");
    MrcpRequest other =
        request(MrcpMethod.RECOGNIZE, 2, "b2@speechrecog"); // same id, other channel
    MrcpRequest params = request(MrcpMethod.SET_PARAMS, 3, "a1@speechrecog");
    assertThat(ch.writeInbound(recognize, other, params)).isTrue();
    ch.writeOutbound(
        MrcpResponse.to(recognize, StatusCode.SUCCESS, RequestState.IN_PROGRESS).build(),
        MrcpResponse.to(other, StatusCode.METHOD_NOT_VALID_IN_STATE, RequestState.COMPLETE).build(),
        MrcpResponse.to(params, StatusCode.SUCCESS, RequestState.COMPLETE).build(),
        MrcpEvent.builder()
            .name(MrcpEventName.RECOGNITION_COMPLETE)
            .requestId(2)
            .state(RequestState.COMPLETE)
            .channelId(ChannelId.parse("a1@speechrecog"))
            .header("Completion-Cause", "001 no-match")
            .build());
    assertThat(requests("RECOGNIZE", "200")).isEqualTo(1);
    assertThat(requests("RECOGNIZE", "402")).isEqualTo(1);
    assertThat(requests("SET-PARAMS", "200")).isEqualTo(1);
    assertThat(registry.get("mrcpj.recognize.in.progress").timer().count()).isEqualTo(1);
    assertThat(registry.get("mrcpj.recognitions").tag("cause", "001").counter().count())
        .isEqualTo(1);
    // every message passed on untouched
    assertThat(ch.inboundMessages()).hasSize(3);
    assertThat(ch.outboundMessages()).hasSize(4);
    ch.releaseInbound();
    ch.releaseOutbound();
    assertFalse(ch.finish());
  }

  @Test
  void aResponseWithoutItsRequestCountsAsUnknown() {
    ch.writeOutbound(
        MrcpResponse.builder()
            .requestId(9)
            .status(StatusCode.of(408))
            .state(RequestState.COMPLETE)
            .build());
    assertThat(requests("UNKNOWN", "408")).isEqualTo(1);
    ch.releaseOutbound();
    assertFalse(ch.finish());
  }

  @Test
  void remembersAtMostMaxPendingRequests() {
    for (int i = 1; i <= MrcpMetricsHandler.MAX_PENDING + 10; i++) {
      ch.writeInbound(request(MrcpMethod.GET_PARAMS, i, "a1@speechrecog"));
    }
    ch.releaseInbound();
    // the ten oldest were forgotten: their answers count as UNKNOWN; the newest are matched
    MrcpRequest oldest = request(MrcpMethod.GET_PARAMS, 1, "a1@speechrecog");
    MrcpRequest newest =
        request(MrcpMethod.GET_PARAMS, MrcpMetricsHandler.MAX_PENDING + 10, "a1@speechrecog");
    ch.writeOutbound(
        MrcpResponse.to(oldest, StatusCode.SUCCESS, RequestState.COMPLETE).build(),
        MrcpResponse.to(newest, StatusCode.SUCCESS, RequestState.COMPLETE).build());
    assertThat(requests("UNKNOWN", "200")).isEqualTo(1);
    assertThat(requests("GET-PARAMS", "200")).isEqualTo(1);
    ch.releaseOutbound();
    assertFalse(ch.finish());
  }
}
