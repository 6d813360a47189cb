package io.stackwatch.agent.instrument;

import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.implementation.bytecode.assign.Assigner;
import net.bytebuddy.implementation.bytecode.constant.IntegerConstant;

/**
 * Binds an advice parameter to a per-method constant from the plan, so the inlined advice pushes an
 * int literal: nothing to look up at run time.
 */
final class PlannedConstant implements Advice.OffsetMapping {

    enum Kind { METHOD_ID, FRAME_BYTES, LIMIT_SLOT }

    private final InstrumentationPlanner planner;
    private final Kind kind;

    PlannedConstant(InstrumentationPlanner planner, Kind kind) {
        this.planner = planner;
        this.kind = kind;
    }

    @Override
    public Target resolve(TypeDescription instrumentedType, MethodDescription instrumentedMethod, Assigner assigner,
                          Advice.ArgumentHandler argumentHandler, Sort sort) {
        MethodPlan plan = planner.lookup(instrumentedType, instrumentedMethod);
        if (plan == null) {
            throw new IllegalStateException("no plan for " + instrumentedType.getName() + "#" + instrumentedMethod.getName());
        }
        int value;
        switch (kind) {
            case METHOD_ID: value = plan.methodId; break;
            case FRAME_BYTES: value = plan.frameBytes; break;
            default: value = plan.limitSlot;
        }
        return new Target.ForStackManipulation(IntegerConstant.forValue(value));
    }
}
