package org.pinring.crdt;

/**
 * Decides whether an operation is authorized for the ring. Called for every operation of every
 * delta before anything of the delta is merged, and for local submissions.
 *
 * <p>The production authorizer checks an Ed25519 signature by the curators' group key (produced
 * with FROST) over {@link SignedOperation#signingInput()}, and that the operation's ring is this
 * ring; {@link org.pinring.crdt.auth.Ed25519Authorizer} is that check for one fixed key. Whether a
 * checkpoint may be trusted for bootstrapping is also this port's decision.
 *
 * <p>Contract: deterministic for a given operation and key material (replicas must agree), fast,
 * non-blocking, thread-safe. Use {@link Authorization.Verdict#DEFER} when the answer depends on
 * something this node may learn later.
 */
public interface Authorizer {

  Authorization authorize(SignedOperation operation, Carrier carrier);
}
