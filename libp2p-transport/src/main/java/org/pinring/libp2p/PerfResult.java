package org.pinring.libp2p;

import java.time.Duration;

/**
 * The outcome of a perf run.
 *
 * @param time from opening the stream to receiving the last byte
 */
public record PerfResult(Duration time, long uploadBytes, long downloadBytes) {}
