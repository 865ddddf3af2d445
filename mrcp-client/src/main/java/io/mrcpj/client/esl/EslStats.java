package io.mrcpj.client.esl;

/**
 * Counters of an ESL client or outbound server since it started.
 *
 * @param events events received and delivered (after removing duplicates)
 * @param duplicates byte-identical repeats of an event that were delivered once
 * @param dropped events dropped because listeners were {@code eventQueueCapacity} events behind
 * @param malformed frames or events that broke the protocol (each also reported to listeners)
 * @param reconnects connections made again after a connection was lost
 * @param watchdogCloses connections closed because a silent FreeSWITCH did not answer a probe
 */
public record EslStats(
    long events,
    long duplicates,
    long dropped,
    long malformed,
    long reconnects,
    long watchdogCloses) {}
