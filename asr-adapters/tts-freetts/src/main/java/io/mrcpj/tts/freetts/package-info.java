/**
 * The {@code freetts} engine, the server's embedded default synthesizer: FreeTTS 1.2.2 in pure
 * Java, with its kevin16 voice and the CMU lexicon inside the jar, so it speaks out of the box with
 * no program, file or network to set up. The audio is captured in memory; no sound device is used.
 */
package io.mrcpj.tts.freetts;
