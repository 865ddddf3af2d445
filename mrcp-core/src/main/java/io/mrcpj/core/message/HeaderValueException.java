package io.mrcpj.core.message;

/**
 * A header's value does not fit its type. The server answers 404 (Illegal value for header); {@link
 * #headerName()} names the header for the log and the Completion-Reason.
 */
public final class HeaderValueException extends IllegalArgumentException {

  private final String headerName;
  private final String value;

  public HeaderValueException(String headerName, String value, String problem) {
    super(headerName + ": " + problem + ": '" + truncate(value) + "'");
    this.headerName = headerName;
    this.value = value;
  }

  private static String truncate(String v) {
    return v.length() > 80 ? v.substring(0, 80) + "..." : v;
  }

  public String headerName() {
    return headerName;
  }

  public String value() {
    return value;
  }
}
