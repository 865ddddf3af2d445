package io.mrcpj.server.resource.recog;

import io.mrcpj.core.message.MrcpHeaders;
import io.mrcpj.core.message.MrcpRequest;
import io.mrcpj.core.message.MrcpResponse;
import io.mrcpj.core.message.RecognizerHeaders;
import io.mrcpj.core.message.RequestState;
import io.mrcpj.core.message.StatusCode;
import java.util.ArrayList;
import java.util.List;

/**
 * Header problems of one request, answered as RFC 6787 section 6.1.1 says: 404 (illegal value)
 * before 403 (unsupported header) before 409 (unsupported value), echoing the offending headers as
 * the client sent them.
 */
final class Rejection extends Exception {
  private static final long serialVersionUID = 1L;

  final StatusCode status;
  final transient List<MrcpHeaders.Header> echoed;

  private Rejection(StatusCode status, List<MrcpHeaders.Header> echoed, String reason) {
    super(reason, null, false, false);
    this.status = status;
    this.echoed = List.copyOf(echoed);
  }

  /** The response to {@code request}: the status and the offending headers. */
  MrcpResponse answer(MrcpRequest request, boolean withReason) {
    MrcpResponse.Builder b = MrcpResponse.to(request, status, RequestState.COMPLETE);
    for (MrcpHeaders.Header h : echoed) {
      b.header(h.name(), h.value());
    }
    if (withReason) {
      b.header(RecognizerHeaders.COMPLETION_REASON, Grammars.oneLine(getMessage()));
    }
    return b.build();
  }

  /** Collects problems, then throws the one answer. */
  static final class Builder {
    private final List<Item> items = new ArrayList<>();

    private record Item(StatusCode status, MrcpHeaders.Header header, String why) {}

    void add(StatusCode status, MrcpHeaders.Header header, String why) {
      items.add(new Item(status, header, why));
    }

    boolean isEmpty() {
      return items.isEmpty();
    }

    void throwIfAny() throws Rejection {
      if (items.isEmpty()) {
        return;
      }
      StatusCode chosen = StatusCode.UNSUPPORTED_HEADER_VALUE;
      for (Item i : items) {
        if (rank(i.status) > rank(chosen)) {
          chosen = i.status;
        }
      }
      List<MrcpHeaders.Header> echo = new ArrayList<>();
      List<String> reasons = new ArrayList<>();
      for (Item i : items) {
        if (i.status.equals(chosen)) {
          echo.add(i.header);
          reasons.add(i.header.name() + ": " + i.why);
        }
      }
      throw new Rejection(chosen, echo, String.join("; ", reasons));
    }

    private static int rank(StatusCode s) {
      if (s.equals(StatusCode.ILLEGAL_HEADER_VALUE)) {
        return 3;
      }
      return s.equals(StatusCode.UNSUPPORTED_HEADER) ? 2 : 1;
    }
  }
}
