package io.mrcpj.client.esl;

/**
 * Receives events. Called on the client's event pool: a call's events one at a time in wire order,
 * different calls in parallel. It may block briefly or wait for a command's answer (answers come on
 * another pool); if it falls behind by the client's event queue capacity, events are dropped and
 * counted ({@link EslStats#dropped()}).
 */
@FunctionalInterface
public interface EslEventListener {
  void onEvent(EslEvent event);
}
