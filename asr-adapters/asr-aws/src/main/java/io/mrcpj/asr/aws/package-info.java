/**
 * The {@code aws-transcribe} engine: Amazon Transcribe streaming recognition through the AWS SDK
 * for Java v2, one HTTP/2 stream per recognition.
 */
package io.mrcpj.asr.aws;
