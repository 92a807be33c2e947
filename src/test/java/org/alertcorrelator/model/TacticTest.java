package org.alertcorrelator.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class TacticTest {
    @ParameterizedTest
    @CsvSource({
            "InitialAccess, INITIAL_ACCESS", "Initial Access, INITIAL_ACCESS", "initial-access, INITIAL_ACCESS",
            "TA0001, INITIAL_ACCESS", "ta0001, INITIAL_ACCESS", "PreAttack, RECONNAISSANCE", "Probing, RECONNAISSANCE",
            "Exploitation, INITIAL_ACCESS", "Command and Control, COMMAND_AND_CONTROL", "CommandAndControl, COMMAND_AND_CONTROL",
            "TA0011, COMMAND_AND_CONTROL", "Impact, IMPACT", "TA0040, IMPACT", "resource_development, RESOURCE_DEVELOPMENT",
            "TA0043, RECONNAISSANCE", "Privilege Escalation, PRIVILEGE_ESCALATION"})
    void parsesEverySpellingSeenInTheWild(String text, Tactic expected) {
        assertEquals(expected, Tactic.parse(text));
    }

    @Test
    void unknownIsNoTactic() {
        assertNull(Tactic.parse("Unknown"));
        assertNull(Tactic.parse(""));
        assertNull(Tactic.parse("Defense Execution"));
    }

    @Test
    void listsSplitOnCommasSemicolonsAndSlashesAndSkipUnknown() {
        assertEquals(List.of(Tactic.EXECUTION, Tactic.PERSISTENCE, Tactic.DEFENSE_EVASION),
                Tactic.parseList("Execution, Persistence;Unknown/DefenseEvasion, Execution"));
    }
}
