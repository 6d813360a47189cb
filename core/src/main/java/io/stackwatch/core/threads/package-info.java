/**
 * The thread-start breaker behind {@code threadRateAction=reject}. API:
 * {@link io.stackwatch.core.threads.ThreadStartRefusedException}, what {@code Thread#start()} throws while
 * the breaker is open. Internal: {@link io.stackwatch.core.threads.ThreadStartBreaker}, public only for
 * the advice the agent puts into {@code Thread#start()}.
 */
package io.stackwatch.core.threads;
