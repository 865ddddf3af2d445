package io.mrcpj.client.esl;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The headers of an ESL message or event: names in the order they arrived, looked up without regard
 * to case, each with one or more values (FreeSWITCH repeats some headers, and multi-valued channel
 * variables arrive as {@code ARRAY::a|:b} in plain events, JSON arrays, or repeated XML elements).
 * Immutable.
 */
public final class EslHeaders {

  /** No headers. */
  public static final EslHeaders EMPTY = new Builder().build();

  private final Map<String, List<String>> byKey;
  private final List<String> names;

  private EslHeaders(Map<String, List<String>> byKey, List<String> names) {
    this.byKey = byKey;
    this.names = names;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The first value of a header, or null. */
  public String get(String name) {
    List<String> v = byKey.get(key(name));
    return v == null ? null : v.get(0);
  }

  /** The first value of a header, or {@code fallback}. */
  public String get(String name, String fallback) {
    String v = get(name);
    return v == null ? fallback : v;
  }

  /** Every value of a header, in arrival order; empty when absent. */
  public List<String> values(String name) {
    List<String> v = byKey.get(key(name));
    return v == null ? List.of() : v;
  }

  public boolean contains(String name) {
    return byKey.containsKey(key(name));
  }

  /** Header names as they were first spelled, in arrival order, each once. */
  public List<String> names() {
    return names;
  }

  public int size() {
    return names.size();
  }

  /** Every header with all its values, in arrival order (names as first spelled). */
  public Map<String, List<String>> asMap() {
    Map<String, List<String>> m = new LinkedHashMap<>();
    for (String n : names) {
      m.put(n, byKey.get(key(n)));
    }
    return Collections.unmodifiableMap(m);
  }

  @Override
  public String toString() {
    return asMap().toString();
  }

  private static String key(String name) {
    return name.toLowerCase(Locale.ROOT);
  }

  /** Collects headers; a name added twice keeps both values. */
  public static final class Builder {
    private final Map<String, List<String>> byKey = new LinkedHashMap<>();
    private final List<String> names = new ArrayList<>();

    public Builder add(String name, String value) {
      List<String> v = byKey.get(key(name));
      if (v == null) {
        v = new ArrayList<>(1);
        byKey.put(key(name), v);
        names.add(name);
      }
      v.add(value);
      return this;
    }

    /** Replaces every value of the header with this one (adds it when absent). */
    public Builder set(String name, String value) {
      List<String> v = byKey.get(key(name));
      if (v == null) {
        return add(name, value);
      }
      v.clear();
      v.add(value);
      return this;
    }

    public EslHeaders build() {
      Map<String, List<String>> frozen = new LinkedHashMap<>();
      byKey.forEach((k, v) -> frozen.put(k, List.copyOf(v)));
      return new EslHeaders(Collections.unmodifiableMap(frozen), List.copyOf(names));
    }
  }
}
