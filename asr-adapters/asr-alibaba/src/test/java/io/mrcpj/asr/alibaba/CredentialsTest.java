package io.mrcpj.asr.alibaba;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mrcpj.asr.spi.EngineException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CredentialsTest {

  @Test
  void theAppKeySettingComesBeforeTheEnvironment() throws Exception {
    Map<String, String> env = Map.of(Credentials.APP_KEY_ENV, "fromEnv");
    assertThat(Credentials.appKey(settings("app-key", "fromSetting"), env))
        .isEqualTo("fromSetting");
    assertThat(Credentials.appKey(settings(), env)).isEqualTo("fromEnv");
  }

  @Test
  void noAppKeyIsAClearError() {
    assertThatThrownBy(() -> Credentials.appKey(settings(), Map.of()))
        .isInstanceOf(EngineException.class)
        .hasMessage(
            "alibaba-nls: no app key: set engine.settings.alibaba-nls.app-key or the environment"
                + " variable ALIBABA_NLS_APP_KEY");
    assertThatThrownBy(
            () -> Credentials.appKey(settings(), Map.of(Credentials.APP_KEY_ENV, "not a key")))
        .hasMessageContaining("ALIBABA_NLS_APP_KEY is not an app key")
        .hasMessageNotContaining("not a key");
  }

  @Test
  void noTokenAndNoAccessKeyListsWhereTheyWereLookedFor() {
    assertThatThrownBy(() -> Credentials.tokens(settings(), Map.of(), Clock.systemUTC()))
        .isInstanceOf(EngineException.class)
        .hasMessageContaining("no token and no AccessKey")
        .hasMessageContaining("token-file")
        .hasMessageContaining("credentials-file")
        .hasMessageContaining("ALIBABA_NLS_TOKEN")
        .hasMessageContaining("ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET");
  }

  @Test
  void halfAnAccessKeyPairSaysWhichHalfIsMissing() {
    assertThatThrownBy(
            () ->
                Credentials.tokens(
                    settings(), Map.of(Credentials.KEY_ID_ENV, "LTAIx"), Clock.systemUTC()))
        .hasMessageContaining("has no AccessKey secret");
    assertThatThrownBy(
            () ->
                Credentials.tokens(
                    settings(), Map.of(Credentials.KEY_SECRET_ENV, "s"), Clock.systemUTC()))
        .hasMessageContaining("has no AccessKey id");
  }

  @Test
  void anEnvironmentTokenIsUsedAsItIs() throws Exception {
    TokenSource t =
        Credentials.tokens(settings(), Map.of(Credentials.TOKEN_ENV, " tok \n"), Clock.systemUTC());
    assertThat(t.current()).isEqualTo("tok");
    assertThat(t.describe()).isEqualTo("ALIBABA_NLS_TOKEN").doesNotContain("tok ");
    assertThat(t.problem()).isNull();
  }

  @Test
  void aTokenFileIsCheckedAtLoadAndReadAgainWhenItChanges(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("token");
    assertThatThrownBy(
            () ->
                Credentials.tokens(
                    settings("token-file", file.toString()), Map.of(), Clock.systemUTC()))
        .hasMessageContaining("setting token-file: cannot read " + file);
    Files.writeString(file, "  \n");
    assertThatThrownBy(() -> new FileToken(file)).hasMessageContaining("is empty");

    Files.writeString(file, "one\n");
    TokenSource t =
        Credentials.tokens(
            settings("token-file", file.toString()),
            Map.of(Credentials.TOKEN_ENV, "env"),
            Clock.systemUTC());
    assertThat(t.current()).isEqualTo("one");
    Files.writeString(file, "two");
    Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis() + 10_000));
    assertThat(t.current()).isEqualTo("two");
    Files.delete(file);
    assertThat(t.current()).isEqualTo("two"); // the last one read stays in use
  }

  @Test
  void aCredentialsFileIsReadFromItsDefaultSection(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("credentials.ini");
    Files.writeString(
        file,
        "# Alibaba Cloud credentials\n"
            + "[other]\naccess_key_id = wrong\naccess_key_secret = wrong\n"
            + "[default]\ntype = access_key\nAccess_Key_Id = LTAIabc\naccess_key_secret = s3cret\n");
    assertThat(Credentials.keyFile(file)).containsExactly("LTAIabc", "s3cret");

    Path flat = dir.resolve("flat");
    Files.writeString(flat, "access_key_id=LTAIxyz\n");
    assertThat(Credentials.keyFile(flat)).containsExactly("LTAIxyz", null);
    assertThatThrownBy(
            () ->
                Credentials.tokens(
                    settings("credentials-file", flat.toString()), Map.of(), Clock.systemUTC()))
        .hasMessageContaining("credentials-file " + flat + " has no AccessKey secret");
    assertThatThrownBy(() -> Credentials.keyFile(dir.resolve("none")))
        .hasMessageContaining("setting credentials-file: cannot read");
  }

  private static AlibabaNlsSettings settings(String... keyValues) throws EngineException {
    Map<String, String> m = new java.util.HashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      m.put(keyValues[i], keyValues[i + 1]);
    }
    return AlibabaNlsSettings.parse(m);
  }
}
