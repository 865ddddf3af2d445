/** The Vosk engine, the server's embedded default (work in progress: lands with P2). */
package io.mrcpj.asr.vosk;
