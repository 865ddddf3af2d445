package io.mrcpj.core.grammar;

/**
 * A grammar that cannot be used. The message names the line and column (1-based) when the problem
 * has a place; the recognizer reports it as Completion-Cause 005 with this text.
 */
public final class GrammarException extends Exception {

  private final int line;
  private final int column;

  public GrammarException(String problem, int line, int column) {
    super(line > 0 ? "line " + line + ", column " + column + ": " + problem : problem);
    this.line = line;
    this.column = column;
  }

  public GrammarException(String problem) {
    this(problem, -1, -1);
  }

  /** 1-based line, or -1 when the problem has no single place. */
  public int line() {
    return line;
  }

  /** 1-based column, or -1. */
  public int column() {
    return column;
  }
}
