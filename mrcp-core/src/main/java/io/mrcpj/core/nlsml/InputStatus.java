package io.mrcpj.core.nlsml;

/** Whether an interpretation is a match or one of NLSML's empty shapes. */
public enum InputStatus {
  /** Input that matched a grammar. */
  MATCH,
  /** {@code <input><noinput/></input>}: nothing was heard. */
  NOINPUT,
  /** {@code <input><nomatch/></input>}: something was heard that matched no grammar. */
  NOMATCH
}
