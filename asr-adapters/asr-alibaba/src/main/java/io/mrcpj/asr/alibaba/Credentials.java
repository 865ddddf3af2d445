package io.mrcpj.asr.alibaba;

import io.mrcpj.asr.spi.EngineException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Finds the engine's credentials when it loads: an app key, and a token or an AccessKey pair to
 * make tokens from. Settings come before the environment, so a configuration file says what it
 * means even on a machine with variables set:
 *
 * <ol>
 *   <li>app key: setting {@code app-key}, else {@value #APP_KEY_ENV};
 *   <li>token: setting {@code token-file}; else setting {@code credentials-file} (an AccessKey
 *       pair); else {@value #TOKEN_ENV}; else {@value #KEY_ID_ENV} and {@value #KEY_SECRET_ENV}.
 * </ol>
 *
 * A credentials file is the INI form Alibaba Cloud's credential tools write: {@code access_key_id =
 * ...} and {@code access_key_secret = ...}, at the top or under {@code [default]}. Anything missing
 * is an {@link EngineException} that lists where it was looked for.
 */
final class Credentials {

  static final String APP_KEY_ENV = "ALIBABA_NLS_APP_KEY";
  static final String TOKEN_ENV = "ALIBABA_NLS_TOKEN";
  static final String KEY_ID_ENV = "ALIBABA_CLOUD_ACCESS_KEY_ID";
  static final String KEY_SECRET_ENV = "ALIBABA_CLOUD_ACCESS_KEY_SECRET";

  private Credentials() {}

  /** The app key, from the settings or {@code env}. */
  static String appKey(AlibabaNlsSettings settings, Map<String, String> env)
      throws EngineException {
    if (settings.appKey() != null) {
      return settings.appKey();
    }
    String key = env(env, APP_KEY_ENV);
    if (key == null) {
      throw missing(
          "no app key: set engine.settings.alibaba-nls."
              + AlibabaNlsSettings.APP_KEY
              + " or the environment variable "
              + APP_KEY_ENV);
    }
    if (!AlibabaNlsSettings.ID.matcher(key).matches()) {
      throw missing(APP_KEY_ENV + " is not an app key (letters, digits, '-' and '_')");
    }
    return key;
  }

  /** The tokens to connect with; an AccessKey pair makes the first one now. */
  static TokenSource tokens(AlibabaNlsSettings settings, Map<String, String> env, Clock clock)
      throws EngineException {
    if (settings.tokenFile() != null) {
      return new FileToken(settings.tokenFile());
    }
    String[] pair;
    String where;
    if (settings.credentialsFile() != null) {
      pair = keyFile(settings.credentialsFile());
      where = AlibabaNlsSettings.CREDENTIALS_FILE + " " + settings.credentialsFile();
    } else {
      String token = env(env, TOKEN_ENV);
      if (token != null) {
        return new TokenSource.Fixed(token, TOKEN_ENV);
      }
      pair = new String[] {env(env, KEY_ID_ENV), env(env, KEY_SECRET_ENV)};
      where = KEY_ID_ENV + " and " + KEY_SECRET_ENV;
      if (pair[0] == null && pair[1] == null) {
        throw missing(
            "no token and no AccessKey: set engine.settings.alibaba-nls."
                + AlibabaNlsSettings.TOKEN_FILE
                + " or "
                + AlibabaNlsSettings.CREDENTIALS_FILE
                + ", or the environment variable "
                + TOKEN_ENV
                + ", or "
                + KEY_ID_ENV
                + " and "
                + KEY_SECRET_ENV);
      }
    }
    if (pair[0] == null || pair[1] == null) {
      throw missing(
          where + " has " + (pair[0] == null ? "no AccessKey id" : "no AccessKey secret"));
    }
    TokenService service =
        new TokenService(
            settings.tokenUrl(),
            settings.region(),
            pair[0],
            pair[1],
            Math.max(settings.connectTimeoutMs(), 10_000),
            clock);
    return AccessKeyToken.start(service, clock);
  }

  /** The AccessKey id and secret of an INI credentials file (either may be null). */
  static String[] keyFile(Path file) throws EngineException {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw missing(
          "setting " + AlibabaNlsSettings.CREDENTIALS_FILE + ": cannot read " + file + ": " + e);
    }
    Map<String, String> values = new HashMap<>();
    String section = null;
    for (String raw : lines) {
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
        continue;
      }
      if (line.startsWith("[") && line.endsWith("]")) {
        section = line.substring(1, line.length() - 1).strip();
        continue;
      }
      int eq = line.indexOf('=');
      if (eq > 0 && (section == null || section.equals("default"))) {
        values.put(
            line.substring(0, eq).strip().toLowerCase(Locale.ROOT), line.substring(eq + 1).strip());
      }
    }
    return new String[] {
      blankToNull(values.get("access_key_id")), blankToNull(values.get("access_key_secret"))
    };
  }

  private static String env(Map<String, String> env, String name) {
    return blankToNull(env.get(name));
  }

  private static String blankToNull(String v) {
    return v == null || v.isBlank() ? null : v.strip();
  }

  private static EngineException missing(String what) {
    return new EngineException(EngineException.Kind.ENGINE_FAILURE, "alibaba-nls: " + what);
  }
}
