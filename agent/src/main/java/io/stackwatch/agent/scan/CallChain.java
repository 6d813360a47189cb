package io.stackwatch.agent.scan;

/** A call chain without repeated recursion: methods from an entry point down, with the bytes it takes. */
final class CallChain {

    final int[] methods;
    final long bytes;
    final long compiledBytes;

    CallChain(int[] methods, long bytes, long compiledBytes) {
        this.methods = methods;
        this.bytes = bytes;
        this.compiledBytes = compiledBytes;
    }
}
