/**
 * NLSML recognition results (RFC 6787 section 6.3.1 and 9.6): the model, a writer that emits the
 * MRCPv2 namespace, and a lenient, safe reader for what real servers send (UniMRCP's
 * application/x-nlsml without namespace, legacy 0-100 confidences).
 */
package io.mrcpj.core.nlsml;
