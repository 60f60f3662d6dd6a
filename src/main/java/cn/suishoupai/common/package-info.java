/**
 * The shared vocabulary every feature speaks: the request's {@code Caller} (for resources) and
 * the {@code Actor} services take, {@code Role}s, {@code ApiException}
 * rendered as problem+json, pages, JSON, texts, geometry, idempotency and rate budgets, and the HTTP edge.
 *
 * <p>May use: nothing of ours (docs/ARCHITECTURE.md; enforced by ArchitectureTest).
 */
package cn.suishoupai.common;
