/**
 * The seam between PinRing's logic and the outside world: time ({@link org.pinring.runtime.Clock}),
 * deferred work ({@link org.pinring.runtime.Scheduler}) and randomness ({@link
 * org.pinring.runtime.RandomSource}).
 *
 * <p>Logic modules never read the wall clock, sleep, create threads or draw from a global random
 * generator; they receive an {@link org.pinring.runtime.Environment}. The daemon hands them real
 * implementations ({@link org.pinring.runtime.SystemClock}, {@link
 * org.pinring.runtime.ExecutorScheduler}, {@link org.pinring.runtime.SecureRandomSource}); tests
 * and the testbed hand them a {@link org.pinring.runtime.Simulation}, in which virtual time only
 * moves when the caller advances it and every run with the same seed replays the same events in the
 * same order.
 */
package org.pinring.runtime;
