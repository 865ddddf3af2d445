package io.mrcpj.client.esl;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Controls one call (channel) in FreeSWITCH: from the inbound client ({@link EslClient#call}) or an
 * outbound socket connection ({@link OutboundCall}). The call's events it needs (execution, hangup,
 * speech, DTMF) are subscribed to for you.
 */
public interface EslCall {

  /** The channel's Unique-ID. */
  String uuid();

  /**
   * Runs a dialplan application on the call ({@code sendmsg} with {@code call-command: execute} and
   * an {@code Event-UUID}); completes with its CHANNEL_EXECUTE_COMPLETE. Fails with {@link
   * EslCommandException} when FreeSWITCH refuses it, {@link CallHangupException} when the call ends
   * before it completes.
   */
  CompletableFuture<ExecuteCompleteEvent> execute(String application, String argument);

  /** Hangs the call up with a cause (e.g. NORMAL_CLEARING). */
  CompletableFuture<EslReply> hangup(String cause);

  /** Sets a channel variable; a null value unsets it. */
  CompletableFuture<EslReply> setVariable(String name, String value);

  /**
   * Plays a prompt and recognizes speech through a speech engine, e.g. {@code
   * playAndDetectSpeech("ivr/please-say.wav", "unimrcp:mrcpj", "builtin:grammar/boolean",
   * Map.of("no-input-timeout", "5000"))} for mod_unimrcp's profile {@code mrcpj}. Sets {@code
   * fire_asr_events}, clears the previous {@code detect_speech_result}, runs {@code
   * play_and_detect_speech} and completes with what it ended with: the NLSML, or the key that
   * interrupted the prompt.
   *
   * @param prompt a file or tone stream FreeSWITCH can play (no " detect:" inside)
   * @param engine {@code <module>:<profile>}, e.g. {@code unimrcp:mrcpj}
   * @param grammar a grammar reference (URI, {@code builtin:...}) mod_unimrcp passes on
   * @param params recognizer parameters sent as {@code {name=value,...}} (e.g. start-input-timers,
   *     no-input-timeout, recognition-timeout)
   */
  CompletableFuture<SpeechResult> playAndDetectSpeech(
      String prompt, String engine, String grammar, Map<String, String> params);

  /**
   * Has FreeSWITCH hang the call up after a delay (whole seconds, rounded up; cause
   * ALLOTTED_TIMEOUT). The returned handle cancels it.
   */
  CompletableFuture<ScheduledHangup> hangupAfter(Duration delay);

  /** {@link #hangupAfter(Duration)} with a hangup cause of your choice. */
  CompletableFuture<ScheduledHangup> hangupAfter(Duration delay, String cause);

  /** Listens to this call's events only. */
  Registration addListener(EslEventListener listener);
}
