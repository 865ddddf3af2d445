package io.mrcpj.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Keeps the settings' documentation true: every setting the server has, with its default, must be a
 * row of docs/CONFIGURATION.md and a key of the distribution's conf/mrcp-server.yaml, and that file
 * must load to the defaults. The settings are derived from {@link ServerConfig#defaults()}, so a
 * new setting fails this test until it is documented.
 */
class ConfigurationDocTest {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /** A settings table row: {@code | `dotted.key` | default | meaning |}. */
  private static final Pattern ROW = Pattern.compile("^\\| `([a-z0-9-]+(?:\\.[a-z0-9-]+)+)` \\|");

  private static final Pattern CODE = Pattern.compile("`([^`]*)`");

  private static Path repo() {
    // Surefire runs in the module folder; an IDE may run in the repository's.
    Path up = Path.of("..");
    return Files.isDirectory(up.resolve("docs")) ? up : Path.of(".");
  }

  private static Path doc() {
    return repo().resolve("docs/CONFIGURATION.md");
  }

  private static Path distConfig() {
    return repo().resolve("mrcp-dist/src/main/dist/conf/mrcp-server.yaml");
  }

  /** Every setting as the YAML file names it (dotted path) with its default value. */
  private static Map<String, JsonNode> settings() {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    collect(YAML.valueToTree(ServerConfig.defaults()), "", out);
    return out;
  }

  /** Leaves of a tree: scalars, lists, nulls and empty maps (free-form ones, like users). */
  private static void collect(JsonNode node, String prefix, Map<String, JsonNode> out) {
    if (node.isObject() && !node.isEmpty()) {
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        collect(e.getValue(), prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), out);
      }
    } else {
      out.put(prefix, node);
    }
  }

  /** The settings from the records' components, named as Jackson names them. */
  private static void recordKeys(Class<?> type, String prefix, List<String> out) {
    for (RecordComponent c : type.getRecordComponents()) {
      // @JsonProperty's targets do not include record components: it lands on the accessor.
      JsonProperty p = c.getAccessor().getAnnotation(JsonProperty.class);
      String name = p != null && !p.value().isEmpty() ? p.value() : c.getName();
      String key = prefix.isEmpty() ? name : prefix + "." + name;
      if (c.getType().isRecord()) {
        recordKeys(c.getType(), key, out);
      } else {
        out.add(key);
      }
    }
  }

  /** A default as the documentation writes it. */
  static String render(JsonNode v) {
    if (v.isArray()) {
      List<String> items = new ArrayList<>();
      v.forEach(i -> items.add(render(i)));
      return "[" + String.join(", ", items) + "]";
    }
    if (v.isObject()) {
      return v.isEmpty() ? "{}" : v.toString();
    }
    if (v.isTextual()) {
      String s = v.textValue();
      if (s.isEmpty()) {
        return "\"\"";
      }
      // A default below the temp folder depends on the machine: the doc names the property.
      Path tmp = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath().normalize();
      Path p = Path.of(s);
      if (p.isAbsolute() && p.normalize().startsWith(tmp)) {
        return ("${java.io.tmpdir}/" + tmp.relativize(p.normalize())).replace('\\', '/');
      }
      return s;
    }
    return v.asText();
  }

  /** The default column of every settings row of the doc, by key. */
  private static Map<String, String> docRows() throws IOException {
    Map<String, String> rows = new LinkedHashMap<>();
    for (String line : Files.readAllLines(doc())) {
      Matcher m = ROW.matcher(line);
      if (m.find()) {
        String[] cells = line.split("\\|", -1);
        rows.put(m.group(1), cells.length > 2 ? cells[2].trim() : "");
      }
    }
    return rows;
  }

  @Test
  void theDefaultsSerialiseUnderTheNamesTheLoaderReads() throws Exception {
    ServerConfig defaults = ServerConfig.defaults();
    String text = YAML.writeValueAsString(defaults);
    assertThat(new ConfigLoader().parse(text, "the defaults written as YAML"))
        .as("the defaults, written as YAML and read back by the loader")
        .isEqualTo(defaults);
    List<String> fromRecords = new ArrayList<>();
    recordKeys(ServerConfig.class, "", fromRecords);
    assertThat(settings().keySet())
        .as("settings found by serialising the defaults vs. the records' components")
        .containsExactlyInAnyOrderElementsOf(fromRecords);
  }

  @Test
  void everySettingIsDocumentedWithItsDefault() throws Exception {
    Map<String, String> rows = docRows();
    List<String> problems = new ArrayList<>();
    settings()
        .forEach(
            (key, value) -> {
              String expected = value.isNull() ? "unset" : "`" + render(value) + "`";
              String cell = rows.get(key);
              if (cell == null) {
                problems.add(
                    "no row for "
                        + key
                        + ": add | `"
                        + key
                        + "` | "
                        + expected
                        + " | what it does | to its section");
                return;
              }
              Matcher code = CODE.matcher(cell);
              boolean ok =
                  value.isNull()
                      ? cell.startsWith("unset")
                      : code.find() && code.group(1).equals(render(value));
              if (!ok) {
                problems.add(key + ": the default column says '" + cell + "', not " + expected);
              }
            });
    assertThat(problems).as(doc() + " against ServerConfig.defaults()").isEmpty();
  }

  @Test
  void theDocDescribesNoSettingTheServerLacks() throws Exception {
    Map<String, JsonNode> settings = settings();
    TreeSet<String> sections = new TreeSet<>();
    settings.keySet().forEach(k -> sections.add(section(k)));
    List<String> unknown = new ArrayList<>();
    for (String key : docRows().keySet()) {
      if (sections.contains(section(key)) && !settings.containsKey(key)) {
        unknown.add(key);
      }
    }
    assertThat(unknown).as("rows of " + doc() + " the server has no setting for").isEmpty();
  }

  private static String section(String key) {
    int dot = key.indexOf('.');
    return dot < 0 ? key : key.substring(0, dot);
  }

  @Test
  void theDistributionsConfigNamesEverySettingAndLoadsToTheDefaults() throws Exception {
    Map<String, JsonNode> inFile = new LinkedHashMap<>();
    collect(YAML.readTree(distConfig().toFile()), "", inFile);
    Set<String> missing = new TreeSet<>(settings().keySet());
    missing.removeAll(inFile.keySet());
    Set<String> extra = new TreeSet<>(inFile.keySet());
    extra.removeAll(settings().keySet());
    assertThat(missing).as("settings " + distConfig() + " does not name").isEmpty();
    assertThat(extra).as("keys of " + distConfig() + " that are no setting").isEmpty();
    assertThat(new ConfigLoader().load(distConfig()))
        .as(distConfig() + " loaded")
        .isEqualTo(ServerConfig.defaults());
  }
}
