/**
 * The MRCPv2 wire model shared by the server and the client (RFC 6787): messages and their netty
 * codec, SDP offer/answer, NLSML results, SRGS grammars and the media primitives (RTP, G.711,
 * resampling, DTMF, voice activity). No threads live here and no sockets are opened.
 */
package io.mrcpj.core;
