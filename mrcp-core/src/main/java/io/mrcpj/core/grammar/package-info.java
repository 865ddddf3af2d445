/**
 * SRGS grammars (W3C Speech Recognition Grammar Specification 1.0), XML form ({@link
 * io.mrcpj.core.grammar.SrgsXmlParser}, application/srgs+xml) and ABNF form ({@link
 * io.mrcpj.core.grammar.SrgsAbnfParser}, application/srgs) into one {@link
 * io.mrcpj.core.grammar.Grammar} model; {@link io.mrcpj.core.grammar.PhraseExpander} turns a
 * grammar into a bounded phrase list for engines that take phrases; {@link
 * io.mrcpj.core.grammar.BuiltinGrammar} reads {@code builtin:} URIs.
 */
package io.mrcpj.core.grammar;
