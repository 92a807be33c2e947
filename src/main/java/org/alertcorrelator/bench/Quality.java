package org.alertcorrelator.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.alertcorrelator.model.Incident;

/**
 * How well incidents group a stream against its ground truth (alert id to campaign id, empty for noise).
 *
 * <p>Pairwise scores of "these two alerts are in the same incident": a pair is predicted when both alerts are in
 * one incident, true when both belong to one campaign (noise alerts pair with nothing). The counts come from the
 * contingency table of incidents against campaigns, never from enumerating pairs: true positives are the sum of
 * C(n,2) over its cells, predicted pairs the sum of C(size,2) over incidents, true pairs the same over campaigns.
 * An incident is one page: a group cut at maxAlertsPerIncident is several incidents, as an analyst sees it.
 *
 * @param precision          true positives / predicted pairs (1 when nothing is predicted)
 * @param recall             true positives / true pairs (1 when there are none)
 * @param campaignsAsOne     campaigns whose alerts are all in one single incident
 * @param noiseOnlyIncidents incidents none of whose alerts belongs to a campaign
 * @param reduction          alerts in the stream / incidents
 */
public record Quality(long alerts, int incidents, int campaigns, int campaignsAsOne, int noiseOnlyIncidents,
                      long truePositivePairs, long predictedPairs, long truePairs,
                      double precision, double recall, double f1, double reduction) {

    /** The truth file: CSV {@code alertId,campaignId} with a header; campaignId empty for noise. */
    public static Map<String, String> readTruth(Path file) throws IOException {
        Map<String, String> truth = new HashMap<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line = in.readLine(); // header
            while ((line = in.readLine()) != null) {
                int comma = line.indexOf(',');
                if (comma < 0) continue;
                truth.put(line.substring(0, comma), line.substring(comma + 1));
            }
        }
        return truth;
    }

    public static Quality of(List<Incident> incidents, Map<String, String> truth) {
        long predicted = 0;
        long tp = 0;
        int noiseOnly = 0;
        Map<String, Integer> campaignSize = new HashMap<>();
        for (String c : truth.values()) if (!c.isEmpty()) campaignSize.merge(c, 1, Integer::sum);
        long truePairs = 0;
        for (int n : campaignSize.values()) truePairs += pairs(n);
        // Per campaign: the incidents its alerts are in, and how many of its alerts are in one.
        Map<String, Set<Integer>> incidentsOf = new HashMap<>();
        Map<String, Integer> inIncidents = new HashMap<>();
        for (int i = 0; i < incidents.size(); i++) {
            List<String> ids = incidents.get(i).alertIds();
            predicted += pairs(ids.size());
            Map<String, Integer> cells = new HashMap<>();
            for (String id : ids) {
                String c = truth.getOrDefault(id, "");
                if (c.isEmpty()) continue;
                cells.merge(c, 1, Integer::sum);
            }
            if (cells.isEmpty()) noiseOnly++;
            for (Map.Entry<String, Integer> cell : cells.entrySet()) {
                tp += pairs(cell.getValue());
                incidentsOf.computeIfAbsent(cell.getKey(), k -> new HashSet<>()).add(i);
                inIncidents.merge(cell.getKey(), cell.getValue(), Integer::sum);
            }
        }
        int asOne = 0;
        for (Map.Entry<String, Integer> c : campaignSize.entrySet()) {
            Set<Integer> in = incidentsOf.get(c.getKey());
            if (in != null && in.size() == 1 && inIncidents.get(c.getKey()).equals(c.getValue())) asOne++;
        }
        double precision = predicted == 0 ? 1.0 : (double) tp / predicted;
        double recall = truePairs == 0 ? 1.0 : (double) tp / truePairs;
        double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        double reduction = incidents.isEmpty() ? Double.NaN : (double) truth.size() / incidents.size();
        return new Quality(truth.size(), incidents.size(), campaignSize.size(), asOne, noiseOnly, tp, predicted, truePairs,
                precision, recall, f1, reduction);
    }

    private static long pairs(long n) {
        return n * (n - 1) / 2;
    }
}
