/**
 * Internal: the real stack. Readings of the stack pointer and bounds (the JNI probe), frames captured on
 * the cold path, and the recursion cycle and its origin found in them (off the instrumented thread).
 */
package io.stackwatch.core.stack;
