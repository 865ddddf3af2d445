/**
 * The {@code flite} engine: CMU Flite's voices through the Debian {@code flite} program, one child
 * process per piece of text, bounded in time and in the audio it may write, killed on STOP. No
 * shell is involved and the text never appears on a command line.
 */
package io.mrcpj.tts.flite;
