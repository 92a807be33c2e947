package org.alertcorrelator.bench;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.alertcorrelator.model.Incident;

/**
 * How well the multi-tenant low-severity campaigns of a generated stream (truth ids {@code Pnnnn-tK}, one per
 * tenant) are found: how many are one incident holding all their alerts, and the pairwise recall over their alerts.
 *
 * @param campaigns  such campaign parts in the truth
 * @param foundAsOne those whose alerts are all in one single incident
 * @param recall     pairs of their alerts in one incident / pairs of their alerts (1 when none)
 */
public record PrevalentCampaigns(int campaigns, int foundAsOne, double recall) {

    public static boolean isPrevalentCampaign(String campaignId) {
        return campaignId.startsWith("P");
    }

    public static PrevalentCampaigns of(List<Incident> incidents, Map<String, String> truth) {
        Map<String, Integer> size = new HashMap<>();
        for (String c : truth.values()) if (isPrevalentCampaign(c)) size.merge(c, 1, Integer::sum);
        Map<String, Set<Integer>> incidentsOf = new HashMap<>();
        Map<String, Integer> inIncidents = new HashMap<>();
        long tp = 0;
        for (int i = 0; i < incidents.size(); i++) {
            Map<String, Integer> cells = new HashMap<>();
            for (String id : incidents.get(i).alertIds()) {
                String c = truth.getOrDefault(id, "");
                if (isPrevalentCampaign(c)) cells.merge(c, 1, Integer::sum);
            }
            for (Map.Entry<String, Integer> cell : cells.entrySet()) {
                tp += pairs(cell.getValue());
                incidentsOf.computeIfAbsent(cell.getKey(), k -> new HashSet<>()).add(i);
                inIncidents.merge(cell.getKey(), cell.getValue(), Integer::sum);
            }
        }
        long truePairs = 0;
        int asOne = 0;
        for (Map.Entry<String, Integer> c : size.entrySet()) {
            truePairs += pairs(c.getValue());
            Set<Integer> in = incidentsOf.get(c.getKey());
            if (in != null && in.size() == 1 && inIncidents.get(c.getKey()).equals(c.getValue())) asOne++;
        }
        return new PrevalentCampaigns(size.size(), asOne, truePairs == 0 ? 1.0 : (double) tp / truePairs);
    }

    private static long pairs(long n) {
        return n * (n - 1) / 2;
    }
}
