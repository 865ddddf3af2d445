package io.mrcpj.core.message;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The header fields of a message (RFC 6787 section 6): an ordered, case-insensitive multimap that
 * keeps every header, unknown and vendor ones included, with the peer's spelling of the name and
 * the exact value text, so a decoded message re-encodes byte for byte. Immutable; change it through
 * {@link #toBuilder()}.
 */
public final class MrcpHeaders {

  /** One header line. */
  public record Header(String name, String value) {
    public Header {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(value, "value");
    }
  }

  private static final MrcpHeaders EMPTY = new MrcpHeaders(List.of());

  private final List<Header> headers;

  private MrcpHeaders(List<Header> headers) {
    this.headers = headers;
  }

  public static MrcpHeaders empty() {
    return EMPTY;
  }

  public static Builder builder() {
    return new Builder(new ArrayList<>());
  }

  public Builder toBuilder() {
    return new Builder(new ArrayList<>(headers));
  }

  /** All headers in wire order. */
  public List<Header> all() {
    return headers;
  }

  public int size() {
    return headers.size();
  }

  public boolean isEmpty() {
    return headers.isEmpty();
  }

  public boolean contains(String name) {
    return first(name) != null;
  }

  public boolean contains(HeaderField<?> field) {
    return contains(field.name());
  }

  /** The first value of a header (case-insensitive name), as written. */
  public Optional<String> get(String name) {
    Header h = first(name);
    return h == null ? Optional.empty() : Optional.of(h.value());
  }

  /** Every value of a header, in order. */
  public List<String> getAll(String name) {
    List<String> out = new ArrayList<>(1);
    for (Header h : headers) {
      if (h.name().equalsIgnoreCase(name)) {
        out.add(h.value());
      }
    }
    return out;
  }

  /**
   * The typed value of a header.
   *
   * @throws HeaderValueException naming the header when its value does not fit the type
   */
  public <T> Optional<T> get(HeaderField<T> field) {
    Header h = first(field.name());
    return h == null ? Optional.empty() : Optional.of(field.parse(h.value()));
  }

  private Header first(String name) {
    for (Header h : headers) {
      if (h.name().equalsIgnoreCase(name)) {
        return h;
      }
    }
    return null;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MrcpHeaders other && other.headers.equals(headers);
  }

  @Override
  public int hashCode() {
    return headers.hashCode();
  }

  @Override
  public String toString() {
    return headers.toString();
  }

  /** Builds headers; names and values are checked so nothing can inject a line. */
  public static final class Builder {
    private final List<Header> list;

    private Builder(List<Header> list) {
      this.list = list;
    }

    /** Appends a header, keeping any of the same name. */
    public Builder add(String name, String value) {
      list.add(checked(name, value));
      return this;
    }

    /** Replaces the first header of that name in place (dropping others), or appends. */
    public Builder set(String name, String value) {
      Header h = checked(name, value);
      int at = -1;
      for (int i = 0; i < list.size(); i++) {
        if (list.get(i).name().equalsIgnoreCase(name)) {
          if (at < 0) {
            at = i;
            list.set(i, new Header(list.get(i).name(), value));
          } else {
            list.remove(i--);
          }
        }
      }
      if (at < 0) {
        list.add(h);
      }
      return this;
    }

    public <T> Builder set(HeaderField<T> field, T value) {
      return set(field.name(), field.format(value));
    }

    public <T> Builder add(HeaderField<T> field, T value) {
      return add(field.name(), field.format(value));
    }

    /** Removes every header of that name. */
    public Builder remove(String name) {
      list.removeIf(h -> h.name().equalsIgnoreCase(name));
      return this;
    }

    public Builder remove(HeaderField<?> field) {
      return remove(field.name());
    }

    public Builder addAll(MrcpHeaders other) {
      list.addAll(other.headers);
      return this;
    }

    public MrcpHeaders build() {
      return list.isEmpty()
          ? EMPTY
          : new MrcpHeaders(Collections.unmodifiableList(new ArrayList<>(list)));
    }

    private static Header checked(String name, String value) {
      Token.checkToken(name, 256);
      if (name.indexOf(':') >= 0) {
        throw new IllegalArgumentException("a header name cannot hold ':': " + name);
      }
      Objects.requireNonNull(value, "value");
      if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
        throw new IllegalArgumentException("a header value cannot hold CR or LF: " + name);
      }
      return new Header(name, value);
    }
  }
}
