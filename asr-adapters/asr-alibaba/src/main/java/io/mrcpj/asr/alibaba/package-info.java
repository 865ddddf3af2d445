/**
 * The {@code alibaba-nls} engine: Alibaba Cloud Intelligent Speech Interaction real-time speech
 * recognition ({@code SpeechTranscriber}) through the vendor's Java SDK, one WebSocket connection
 * per recognition.
 */
package io.mrcpj.asr.alibaba;
