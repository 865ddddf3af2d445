package io.mrcpj.client.esl;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What the inbound client asked FreeSWITCH to send (events, CUSTOM subclasses, filters, log level),
 * kept so that a new connection gets the same after a reconnect. Thread-safe.
 */
final class Subscriptions {

  private final EventFormat format;
  private boolean all;
  private final Set<String> names = new LinkedHashSet<>();
  private final Set<String> custom = new LinkedHashSet<>();
  private final List<String[]> filters = new ArrayList<>();
  private String logLevel;

  Subscriptions(EventFormat format) {
    this.format = format;
  }

  EventFormat format() {
    return format;
  }

  /**
   * Records {@code event <format> <words>} (words after CUSTOM are subclasses, as FreeSWITCH reads
   * them) and returns the command to send.
   */
  synchronized EslCommand subscribe(List<String> words) {
    if (words.isEmpty()) {
      throw new IllegalArgumentException("no event names");
    }
    boolean inCustom = false;
    for (String w : words) {
      EslCommand.checkLine("event name", w);
      if (w.isBlank() || w.chars().anyMatch(Character::isWhitespace)) {
        throw new IllegalArgumentException("not an event name: \"" + w + "\"");
      }
      if (inCustom) {
        custom.add(w);
      } else if (w.equalsIgnoreCase("ALL")) {
        all = true;
      } else if (w.equalsIgnoreCase("CUSTOM")) {
        inCustom = true;
      } else {
        names.add(w.toUpperCase(Locale.ROOT));
      }
    }
    return EslCommand.of("event " + format.word() + " " + String.join(" ", words));
  }

  /** The names of these not subscribed yet; empty when all are. */
  synchronized List<String> missing(List<String> wanted) {
    if (all) {
      return List.of();
    }
    return wanted.stream().filter(n -> !names.contains(n)).toList();
  }

  synchronized EslCommand unsubscribe(List<String> words) {
    for (String w : words) {
      names.remove(w.toUpperCase(Locale.ROOT));
      custom.remove(w);
      if (w.equalsIgnoreCase("ALL")) {
        all = false;
        names.clear();
        custom.clear();
      }
    }
    return EslCommand.of("nixevent " + String.join(" ", words));
  }

  synchronized EslCommand noEvents() {
    all = false;
    names.clear();
    custom.clear();
    return EslCommand.of("noevents");
  }

  synchronized EslCommand filter(String header, String value) {
    EslCommand cmd = EslCommand.of("filter " + header + " " + value);
    filters.add(new String[] {header, value});
    return cmd;
  }

  synchronized EslCommand filterDelete(String header, String value) {
    EslCommand cmd = EslCommand.of("filter delete " + header + " " + value);
    filters.removeIf(f -> f[0].equalsIgnoreCase(header) && f[1].equals(value));
    return cmd;
  }

  /** Whether filters are set (then only matching events come) and none lets this header pass. */
  synchronized boolean filtersBlock(String header, String value) {
    if (filters.isEmpty()) {
      return false;
    }
    return filters.stream().noneMatch(f -> f[0].equalsIgnoreCase(header) && f[1].equals(value));
  }

  synchronized EslCommand log(String level) {
    EslCommand cmd = EslCommand.of(level == null ? "nolog" : "log " + level);
    logLevel = level;
    return cmd;
  }

  /** The commands that rebuild all of this on a new connection, in order. */
  synchronized List<EslCommand> replay() {
    List<EslCommand> out = new ArrayList<>();
    String prefix = "event " + format.word() + " ";
    if (all) {
      out.add(EslCommand.of(prefix + "ALL"));
    } else if (!names.isEmpty()) {
      out.add(EslCommand.of(prefix + String.join(" ", names)));
    }
    if (!custom.isEmpty()) {
      out.add(EslCommand.of(prefix + "CUSTOM " + String.join(" ", custom)));
    }
    for (String[] f : filters) {
      out.add(EslCommand.of("filter " + f[0] + " " + f[1]));
    }
    if (logLevel != null) {
      out.add(EslCommand.of("log " + logLevel));
    }
    return out;
  }
}
