/* A JNI method that uses a chosen amount of C stack, like a native library with large buffers on
 * the stack. Test fixture for native calls at the end of a thread's stack. */
#include <jni.h>

JNIEXPORT jlong JNICALL Java_testapps_NativeCallAtStackEnd_burn(JNIEnv *env, jclass cls, jint kib) {
    int n = kib * 1024;
    volatile char buf[n];
    long sum = 0;
    /* Touch every page, from the top of the buffer (nearest the caller) downwards. */
    for (int i = n - 1; i >= 0; i -= 1024) {
        buf[i] = (char) i;
        sum += buf[i];
    }
    return sum;
}
