/**
 * SDP (RFC 4566) model, a lenient bounded parser and a strict writer, plus the MRCPv2 session
 * establishment rules of RFC 6787 section 4 built on the offer/answer model of RFC 3264: views of
 * the control ({@code m=application ... TCP/MRCPv2}) and audio m-lines, codec selection, the
 * server's answer ({@link io.mrcpj.core.sdp.MrcpOfferAnswer}) and the client's offer and answer
 * reader ({@link io.mrcpj.core.sdp.MrcpOfferBuilder}, {@link io.mrcpj.core.sdp.MrcpAnswerReader}).
 *
 * <p>All values are immutable. Parsing untrusted text throws only {@link
 * io.mrcpj.core.sdp.SdpParseException}.
 */
package io.mrcpj.core.sdp;
