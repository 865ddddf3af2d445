package io.mrcpj.core.message;

import java.util.Map;
import java.util.Objects;

/**
 * An MRCPv2 status code (RFC 6787 section 5.4): 2xx success, 4xx client error, 5xx server error.
 * Known codes are shared constants; {@link #of(int)} accepts any three-digit code so a peer's
 * resource-specific code (421-499) or a server error is kept, not refused.
 */
public final class StatusCode {

  public static final StatusCode SUCCESS = new StatusCode(200, "Success");
  public static final StatusCode SUCCESS_WITH_IGNORE =
      new StatusCode(201, "Success with some optional header fields ignored");
  public static final StatusCode METHOD_NOT_ALLOWED = new StatusCode(401, "Method not allowed");
  public static final StatusCode METHOD_NOT_VALID_IN_STATE =
      new StatusCode(402, "Method not valid in this state");
  public static final StatusCode UNSUPPORTED_HEADER = new StatusCode(403, "Unsupported header");
  public static final StatusCode ILLEGAL_HEADER_VALUE =
      new StatusCode(404, "Illegal value for header");
  public static final StatusCode RESOURCE_NOT_ALLOCATED =
      new StatusCode(405, "Resource not allocated for this session or does not exist");
  public static final StatusCode MANDATORY_HEADER_MISSING =
      new StatusCode(406, "Mandatory header field missing");
  public static final StatusCode METHOD_OR_OPERATION_FAILED =
      new StatusCode(407, "Method or operation failed");
  public static final StatusCode UNRECOGNIZED_MESSAGE_ENTITY =
      new StatusCode(408, "Unrecognized or unsupported message entity");
  public static final StatusCode UNSUPPORTED_HEADER_VALUE =
      new StatusCode(409, "Unsupported header field value");
  public static final StatusCode NON_MONOTONIC_REQUEST_ID =
      new StatusCode(410, "Non-monotonic or out-of-order sequence number in request");
  public static final StatusCode SERVER_INTERNAL_ERROR =
      new StatusCode(501, "Server internal error");
  public static final StatusCode PROTOCOL_VERSION_NOT_SUPPORTED =
      new StatusCode(502, "Protocol version not supported");
  public static final StatusCode MESSAGE_TOO_LARGE = new StatusCode(504, "Message too large");

  private static final Map<Integer, StatusCode> KNOWN =
      Map.ofEntries(
          entry(SUCCESS),
          entry(SUCCESS_WITH_IGNORE),
          entry(METHOD_NOT_ALLOWED),
          entry(METHOD_NOT_VALID_IN_STATE),
          entry(UNSUPPORTED_HEADER),
          entry(ILLEGAL_HEADER_VALUE),
          entry(RESOURCE_NOT_ALLOCATED),
          entry(MANDATORY_HEADER_MISSING),
          entry(METHOD_OR_OPERATION_FAILED),
          entry(UNRECOGNIZED_MESSAGE_ENTITY),
          entry(UNSUPPORTED_HEADER_VALUE),
          entry(NON_MONOTONIC_REQUEST_ID),
          entry(SERVER_INTERNAL_ERROR),
          entry(PROTOCOL_VERSION_NOT_SUPPORTED),
          entry(MESSAGE_TOO_LARGE));

  private final int code;
  private final String reason;

  private StatusCode(int code, String reason) {
    this.code = code;
    this.reason = reason;
  }

  private static Map.Entry<Integer, StatusCode> entry(StatusCode s) {
    return Map.entry(s.code, s);
  }

  /**
   * The status for a code.
   *
   * @throws IllegalArgumentException unless {@code 100 <= code <= 999}
   */
  public static StatusCode of(int code) {
    StatusCode known = KNOWN.get(code);
    if (known != null) {
      return known;
    }
    if (code < 100 || code > 999) {
      throw new IllegalArgumentException("status code must have three digits: " + code);
    }
    return new StatusCode(code, code >= 421 && code <= 499 ? "Resource specific" : "Unknown");
  }

  public int code() {
    return code;
  }

  public String reason() {
    return reason;
  }

  public boolean isSuccess() {
    return code >= 200 && code < 300;
  }

  public boolean isClientError() {
    return code >= 400 && code < 500;
  }

  public boolean isServerError() {
    return code >= 500 && code < 600;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StatusCode s && s.code == code;
  }

  @Override
  public int hashCode() {
    return Objects.hashCode(code);
  }

  @Override
  public String toString() {
    return code + " " + reason;
  }
}
