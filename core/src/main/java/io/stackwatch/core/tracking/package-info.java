/**
 * Internal: the tracker the advice calls. The hot path ({@code Tracker.enter}/{@code exit} and
 * {@code ThreadStackState}) is a thread-local lookup, two additions and two compares: no allocation,
 * no lock, no logging, nothing linked or loaded. Everything else happens on the cold path, only when
 * a mark is crossed, and never logs or formats. The rules and their tests: docs/ARCHITECTURE.md,
 * "The rules of the hot path".
 */
package io.stackwatch.core.tracking;
