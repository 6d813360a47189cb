/*
 * stackwatch's native probe: the current thread's stack pointer and stack bounds.
 * Called from io.stackwatch.core.stack.NativeStack on the tracker's cold path only.
 */
#define _GNU_SOURCE
#include <jni.h>
#include <pthread.h>
#include <stdint.h>

/* The address of a local of this frame: the stack pointer to within a few dozen bytes. */
JNIEXPORT jlong JNICALL Java_io_stackwatch_core_stack_NativeStack_stackPointer(JNIEnv *env, jclass cls) {
    volatile char marker = 0;
    return (jlong) (uintptr_t) &marker;
}

/* out[0] = lowest address of the thread's stack, out[1] = highest; returns 0 on success. */
JNIEXPORT jint JNICALL Java_io_stackwatch_core_stack_NativeStack_stackBounds(JNIEnv *env, jclass cls, jlongArray out) {
    pthread_attr_t attr;
    void *addr = 0;
    size_t size = 0;
    if (pthread_getattr_np(pthread_self(), &attr) != 0) {
        return -1;
    }
    int rc = pthread_attr_getstack(&attr, &addr, &size);
    pthread_attr_destroy(&attr);
    if (rc != 0) {
        return -2;
    }
    jlong values[2];
    values[0] = (jlong) (uintptr_t) addr;
    values[1] = (jlong) ((uintptr_t) addr + size);
    (*env)->SetLongArrayRegion(env, out, 0, 2, values);
    return 0;
}
