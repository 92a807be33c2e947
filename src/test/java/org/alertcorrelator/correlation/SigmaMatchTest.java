package org.alertcorrelator.correlation;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Instant;

import org.alertcorrelator.model.Alert;
import org.alertcorrelator.model.Severity;
import org.alertcorrelator.model.Tactic;
import org.junit.jupiter.api.Test;

/** Sigma value matching on alert fields: modifiers, wildcards, case, several values. */
class SigmaMatchTest {
    private static final Alert A = Alert.builder().id("a1").tenant("t").alertType("VM_SuspiciousCommand")
            .displayName("Suspicious command: net group \"Domain Admins\" /domain").severity(Severity.MEDIUM)
            .tactics(java.util.List.of(Tactic.DISCOVERY, Tactic.EXECUTION)).startTime(Instant.parse("2024-03-04T08:00:00Z"))
            .entity("host", "web01.contoso.com").entity("ip", "10.1.2.3").entity("ip", "2001:db8::5").build();

    @Test
    void plainValuesAreWholeCaseInsensitiveWithWildcards() {
        assertTrue(SigmaMatch.test(A, "AlertType", "vm_suspiciouscommand"));
        assertFalse(SigmaMatch.test(A, "AlertType", "VM_Suspicious"));
        assertTrue(SigmaMatch.test(A, "AlertType", "VM_*Command"));
        assertTrue(SigmaMatch.test(A, "AlertType", "VM_Suspicious?ommand"));
        assertFalse(SigmaMatch.test(A, "AlertType", "VM\\*"));
        assertFalse(SigmaMatch.test(A, "AlertType|cased", "vm_suspiciouscommand"));
    }

    @Test
    void modifiers() {
        assertTrue(SigmaMatch.test(A, "AlertName|contains", "DOMAIN ADMINS"));
        assertTrue(SigmaMatch.test(A, "AlertName|contains|all", "net", "group", "/domain"));
        assertFalse(SigmaMatch.test(A, "AlertName|contains|all", "net", "user"));
        assertTrue(SigmaMatch.test(A, "AlertName|startswith", "suspicious command"));
        assertTrue(SigmaMatch.test(A, "Host|endswith", ".contoso.com"));
        assertTrue(SigmaMatch.test(A, "AlertName|re", "net (group|user) \"Domain"));
        assertFalse(SigmaMatch.test(A, "AlertName|re", "NET GROUP"));
        assertTrue(SigmaMatch.test(A, "AlertName|re|i", "NET GROUP"));
        assertTrue(SigmaMatch.test(A, "IP|cidr", "10.0.0.0/8"));
        assertTrue(SigmaMatch.test(A, "IP|cidr", "2001:db8::/32"));
        assertFalse(SigmaMatch.test(A, "IP|cidr", "192.168.0.0/16"));
        assertTrue(SigmaMatch.test(A, "AlertName|windash|contains", "-domain"));
        assertTrue(SigmaMatch.test(A, "Account|exists", "false"));
        assertTrue(SigmaMatch.test(A, "Host|exists", "true"));
        assertTrue(SigmaMatch.test(A, "Account", (String) null));
        assertFalse(SigmaMatch.test(A, "Host", (String) null));
        assertTrue(SigmaMatch.test(A, "Tactics", "Execution"));
        assertTrue(SigmaMatch.test(A, RiskTable.defaults(), "RiskScore|gte", "50")); // Medium: 50 by default
        assertFalse(SigmaMatch.test(A, RiskTable.defaults(), "RiskScore|gt", "50"));
        assertTrue(SigmaMatch.keywords(A, "domain admins"));
        assertFalse(SigmaMatch.keywords(A, "mimikatz"));
    }

    @Test
    void badInputIsRefusedWithAReason() {
        assertThrows(IllegalArgumentException.class, () -> SigmaMatch.validate("Nope", "x"));
        assertThrows(IllegalArgumentException.class, () -> SigmaMatch.validate("Host|base64", "x"));
        assertThrows(IllegalArgumentException.class, () -> SigmaMatch.validate("IP|cidr", "host.example"));
        assertThrows(IllegalArgumentException.class, () -> SigmaMatch.validate("Host|exists", "maybe"));
        assertThrows(IllegalArgumentException.class, () -> SigmaMatch.validate("RiskScore|gt", "many"));
    }
}
