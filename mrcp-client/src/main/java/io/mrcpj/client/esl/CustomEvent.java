package io.mrcpj.client.esl;

/** CUSTOM: an event a module or an application defined, told apart by its subclass. */
public final class CustomEvent extends EslEvent {
  CustomEvent(EslEvent e) {
    super(e);
  }
}
