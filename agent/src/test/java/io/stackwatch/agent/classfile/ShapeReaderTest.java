package io.stackwatch.agent.classfile;

import io.stackwatch.agent.instrument.fixtures.FieldLoopCycle;
import io.stackwatch.agent.instrument.fixtures.LambdaRecursion;
import io.stackwatch.agent.instrument.fixtures.SelfRecursive;
import io.stackwatch.agent.instrument.fixtures.VisitorCycle;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static io.stackwatch.agent.classfile.FrameCostTest.method;
import static io.stackwatch.agent.classfile.FrameCostTest.shapeOf;
import static org.assertj.core.api.Assertions.assertThat;

class ShapeReaderTest {

    private static final String PKG = "io/stackwatch/agent/instrument/fixtures/";

    @Test
    void aCallInsideALoopIsRecordedAsSuchAndOneAfterItIsNot() throws IOException {
        MethodShape readObject = method(shapeOf(FieldLoopCycle.class), "readObject");
        List<Call> calls = readObject.calls();
        int readField = -1;
        for (int i = 0; i < calls.size(); i++) {
            if (calls.get(i).target().name().equals("readField")) {
                readField = i;
            }
        }
        assertThat(readField).isNotNegative();
        assertThat(calls.get(readField).inLoop()).isTrue();
        // iterator() is called once, before the loop.
        assertThat(calls.get(0).inLoop()).as(calls.get(0).toString()).isFalse();
    }

    @Test
    void classShapeRecordsNestHierarchyAndFrameShape() throws IOException {
        ClassShape group = shapeOf(VisitorCycle.Group.class);
        assertThat(group.name()).isEqualTo(PKG + "VisitorCycle$Group");
        assertThat(group.superName()).isEqualTo(PKG + "VisitorCycle$Shape");
        assertThat(group.nestHost()).isEqualTo(PKG + "VisitorCycle");
        assertThat(group.version()).isEqualTo(61);

        ClassShape host = shapeOf(VisitorCycle.class);
        assertThat(host.nestHost()).isNull();
        assertThat(host.nestMembers()).contains(PKG + "VisitorCycle$Group", PKG + "VisitorCycle$Leaf",
                PKG + "VisitorCycle$Shape", PKG + "VisitorCycle$Visitor");

        MethodShape depth = method(shapeOf(SelfRecursive.class), "depth");
        assertThat(depth.maxLocals()).isEqualTo(1);
        assertThat(depth.maxStack()).isGreaterThanOrEqualTo(2);
        assertThat(depth.instrumentable()).isTrue();
        assertThat(depth.writesParameters()).isFalse();
        assertThat(depth.calls()).anySatisfy(c -> {
            assertThat(c.target()).isEqualTo(new MethodRef(PKG + "SelfRecursive", "depth", "(I)I"));
            assertThat(c.kind()).isEqualTo(CallKind.STATIC);
            assertThat(c.viaHandle()).isFalse();
        });
    }

    @Test
    void aLambdaIsACallOfItsBodyMadeWhereItIsCreated() throws IOException {
        ClassShape shape = shapeOf(LambdaRecursion.class);
        assertThat(shape.methods()).flatExtracting(MethodShape::calls)
                .anySatisfy(c -> {
                    assertThat(c.viaHandle()).isTrue();
                    assertThat(c.target().name()).startsWith("lambda$");
                });
    }

    @Test
    void abstractMethodsAndConstructorsAreNotInstrumentable() throws IOException {
        ClassShape shape = shapeOf(VisitorCycle.Shape.class);
        assertThat(shape.methods()).filteredOn(m -> m.name().equals("accept")).singleElement()
                .satisfies(m -> assertThat(m.instrumentable()).isFalse());
        assertThat(shape.methods()).filteredOn(m -> m.name().equals("<init>")).singleElement()
                .satisfies(m -> assertThat(m.instrumentable()).isFalse());
    }

    @Test
    void aMethodKeyParsesBackIntoItsParts() {
        MethodRef ref = new MethodRef("com/acme/Tree$Node", "walk", "(Lcom/acme/Node;I)I");
        assertThat(MethodRef.parseKey(ref.key())).isEqualTo(ref);
        assertThat(ref.qualifiedName()).isEqualTo("com.acme.Tree$Node#walk");
        assertThat(MethodRef.parseKey("no method here")).isNull();
    }
}
