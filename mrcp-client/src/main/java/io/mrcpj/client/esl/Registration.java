package io.mrcpj.client.esl;

/** Undoes a registration (a listener, a consumer). Closing twice is harmless. */
@FunctionalInterface
public interface Registration extends AutoCloseable {
  @Override
  void close();
}
