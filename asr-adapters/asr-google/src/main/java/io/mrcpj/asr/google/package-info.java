/**
 * The {@code google} engine: Google Cloud Speech-to-Text (API v1) streaming recognition through
 * Google's official Java client, one gRPC stream per recognition.
 */
package io.mrcpj.asr.google;
