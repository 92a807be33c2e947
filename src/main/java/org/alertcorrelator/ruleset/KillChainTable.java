package org.alertcorrelator.ruleset;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.alertcorrelator.model.KillChain;
import org.alertcorrelator.model.Tactic;

/** Reads {@code rules/kill-chain.csv}: {@code stage,tactic} rows; several tactics may share a stage. */
final class KillChainTable {
    static final String FILE = "kill-chain.csv";

    private KillChainTable() {
    }

    static KillChain load(Path file, String displayName, List<BuildProblem> problems) {
        if (!file.toFile().exists()) return KillChain.attackEnterpriseOrder();
        Map<Tactic, Integer> stages = new EnumMap<>(Tactic.class);
        for (TableFile.Row row : TableFile.readCsv(file, displayName, List.of("stage", "tactic"), problems)) {
            int stage;
            try {
                stage = Integer.parseInt(row.cell(0));
            } catch (NumberFormatException e) {
                problems.add(BuildProblem.error(displayName, row.line(), "stage \"" + row.cell(0) + "\" is not a whole number"));
                continue;
            }
            Tactic t = Tactic.parse(row.cell(1));
            if (t == null) {
                problems.add(BuildProblem.error(displayName, row.line(), "\"" + row.cell(1) + "\" is not a MITRE ATT&CK tactic"));
            } else if (stage < 1) {
                problems.add(BuildProblem.error(displayName, row.line(), "stages start at 1"));
            } else if (stages.containsKey(t)) {
                problems.add(BuildProblem.error(displayName, row.line(), t.label() + " is listed twice"));
            } else {
                stages.put(t, stage);
            }
        }
        if (stages.isEmpty()) {
            problems.add(BuildProblem.error(displayName, 0, "no tactics listed"));
            return KillChain.attackEnterpriseOrder();
        }
        return new KillChain(stages);
    }
}
