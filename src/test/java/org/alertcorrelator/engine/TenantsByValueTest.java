package org.alertcorrelator.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * The ledger's open-addressing table of tenants per value gives what a map of maps gives, through additions,
 * removals and growth, with values made to share slots (so that removal has to move others back).
 */
class TenantsByValueTest {
    @Test
    void agreesWithAMapOfMapsThroughAddsRemovesAndGrowth() {
        for (long seed : List.of(1L, 2L, 3L)) {
            Random rnd = new Random(seed);
            TenantsByValue table = new TenantsByValue();
            Map<List<Long>, Map<Integer, Integer>> model = new HashMap<>();
            for (int step = 0; step < 200_000; step++) {
                // 5,000 values whose first words share their low bits in runs: long probe chains, wrap-around included
                long v = rnd.nextInt(5_000);
                long w0 = (v % 7) * 1023 + (v << 40);
                long w1 = v * 31;
                int tenant = rnd.nextInt(6);
                int delta = rnd.nextInt(3) == 0 ? -1 : 1;
                Map<Integer, Integer> counts = model.computeIfAbsent(List.of(w0, w1), k -> new HashMap<>());
                if (delta > 0 || counts.containsKey(tenant)) counts.merge(tenant, delta, (x, y) -> x + y == 0 ? null : x + y);
                if (counts.isEmpty()) model.remove(List.of(w0, w1));
                int tenants = table.add(w0, w1, tenant, delta);
                assertEquals(counts.size(), tenants, "step " + step + " of seed " + seed);
                assertEquals(model.size(), table.size(), "step " + step + " of seed " + seed);
            }
            for (Map.Entry<List<Long>, Map<Integer, Integer>> e : model.entrySet()) {
                // adding nothing to a tenant already there reads its value's tenants back
                int tenant = e.getValue().keySet().iterator().next();
                assertEquals(e.getValue().size(), table.add(e.getKey().get(0), e.getKey().get(1), tenant, 0));
            }
        }
    }
}
