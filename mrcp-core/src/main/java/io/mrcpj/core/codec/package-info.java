/**
 * The MRCPv2 netty codec (RFC 6787 section 5). {@link io.mrcpj.core.codec.MrcpDecoder} frames by
 * message-length, enforces the limits of {@link io.mrcpj.core.codec.MrcpDecoderConfig} and turns a
 * malformed but well-framed message into an {@link io.mrcpj.core.codec.MrcpDecodeFailure}
 * (answerable with a 4xx); only framing errors close the connection. {@link
 * io.mrcpj.core.codec.MrcpEncoder} writes canonical messages with a self-consistent message-length.
 */
package io.mrcpj.core.codec;
