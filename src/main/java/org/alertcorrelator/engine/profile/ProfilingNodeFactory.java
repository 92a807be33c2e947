package org.alertcorrelator.engine.profile;

import org.drools.core.common.ReteEvaluator;
import org.drools.core.common.TupleSets;
import org.drools.core.phreak.PhreakAccumulateNode;
import org.drools.core.phreak.PhreakEvalNode;
import org.drools.core.phreak.PhreakExistsNode;
import org.drools.core.phreak.PhreakFromNode;
import org.drools.core.phreak.PhreakJoinNode;
import org.drools.core.phreak.PhreakNetworkNodeFactoryImpl;
import org.drools.core.phreak.PhreakNotNode;
import org.drools.core.reteoo.AccumulateNode;
import org.drools.core.reteoo.BetaMemory;
import org.drools.core.reteoo.EvalConditionNode;
import org.drools.core.reteoo.ExistsNode;
import org.drools.core.reteoo.FromNode;
import org.drools.core.reteoo.JoinNode;
import org.drools.core.reteoo.LeftTupleSink;
import org.drools.core.reteoo.NotNode;

/**
 * Drools' factory of the code that evaluates rule-network nodes (a service Drools looks up once, registered in
 * META-INF/services). For a session made while a {@link RuleProfile} is collecting, it gives nodes that time
 * each evaluation and report it to the profile; otherwise Drools' own nodes, untouched.
 */
public final class ProfilingNodeFactory extends PhreakNetworkNodeFactoryImpl {
    @Override
    public int servicePriority() {
        return 100;
    }

    @Override
    public PhreakJoinNode createPhreakJoinNode(ReteEvaluator r) {
        RuleProfile p = RuleProfile.collecting();
        return p == null ? super.createPhreakJoinNode(r) : new PhreakJoinNode(r) {
            @Override
            @SuppressWarnings("rawtypes")
            public void doNode(JoinNode node, LeftTupleSink sink, BetaMemory bm, TupleSets src, TupleSets trg, TupleSets staged) {
                long t = System.nanoTime();
                super.doNode(node, sink, bm, src, trg, staged);
                p.addNodeTime(node, System.nanoTime() - t);
            }
        };
    }

    @Override
    public PhreakNotNode createPhreakNotNode(ReteEvaluator r) {
        RuleProfile p = RuleProfile.collecting();
        return p == null ? super.createPhreakNotNode(r) : new PhreakNotNode(r) {
            @Override
            @SuppressWarnings("rawtypes")
            public void doNode(NotNode node, LeftTupleSink sink, BetaMemory bm, TupleSets src, TupleSets trg, TupleSets staged) {
                long t = System.nanoTime();
                super.doNode(node, sink, bm, src, trg, staged);
                p.addNodeTime(node, System.nanoTime() - t);
            }
        };
    }

    @Override
    public PhreakExistsNode createPhreakExistsNode(ReteEvaluator r) {
        RuleProfile p = RuleProfile.collecting();
        return p == null ? super.createPhreakExistsNode(r) : new PhreakExistsNode(r) {
            @Override
            @SuppressWarnings("rawtypes")
            public void doNode(ExistsNode node, LeftTupleSink sink, BetaMemory bm, TupleSets src, TupleSets trg, TupleSets staged) {
                long t = System.nanoTime();
                super.doNode(node, sink, bm, src, trg, staged);
                p.addNodeTime(node, System.nanoTime() - t);
            }
        };
    }

    @Override
    public PhreakAccumulateNode createPhreakAccumulateNode(ReteEvaluator r) {
        RuleProfile p = RuleProfile.collecting();
        return p == null ? super.createPhreakAccumulateNode(r) : new PhreakAccumulateNode(r) {
            @Override
            public void doNode(AccumulateNode node, LeftTupleSink sink, AccumulateNode.AccumulateMemory am, TupleSets src,
                               TupleSets trg, TupleSets staged) {
                long t = System.nanoTime();
                super.doNode(node, sink, am, src, trg, staged);
                p.addNodeTime(node, System.nanoTime() - t);
            }
        };
    }

    @Override
    public PhreakFromNode createPhreakFromNode(ReteEvaluator r) {
        RuleProfile p = RuleProfile.collecting();
        return p == null ? super.createPhreakFromNode(r) : new PhreakFromNode(r) {
            @Override
            public void doNode(FromNode node, FromNode.FromMemory fm, LeftTupleSink sink, TupleSets src, TupleSets trg, TupleSets staged) {
                long t = System.nanoTime();
                super.doNode(node, fm, sink, src, trg, staged);
                p.addNodeTime(node, System.nanoTime() - t);
            }
        };
    }

    @Override
    public PhreakEvalNode createPhreakEvalNode(ReteEvaluator r) {
        RuleProfile p = RuleProfile.collecting();
        return p == null ? super.createPhreakEvalNode(r) : new PhreakEvalNode(r) {
            @Override
            public void doNode(EvalConditionNode node, EvalConditionNode.EvalMemory em, LeftTupleSink sink, TupleSets src,
                               TupleSets trg, TupleSets staged) {
                long t = System.nanoTime();
                super.doNode(node, em, sink, src, trg, staged);
                p.addNodeTime(node, System.nanoTime() - t);
            }
        };
    }
}
