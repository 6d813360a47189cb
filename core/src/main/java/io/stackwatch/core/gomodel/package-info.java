/**
 * Internal: Go's goroutine stack policy, run per thread over the instrumented calls (start size,
 * StackGuard, doubling and copy, shrinking after a collection, the fatal maximum), and its totals.
 */
package io.stackwatch.core.gomodel;
