package org.alertcorrelator.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The MITRE ATT&amp;CK Enterprise tactics. Their kill-chain order is not fixed here: it is the table
 * {@code rules/kill-chain.csv}, so rule authors can change it.
 */
public enum Tactic {
    RECONNAISSANCE("TA0043", "Reconnaissance"),
    RESOURCE_DEVELOPMENT("TA0042", "ResourceDevelopment"),
    INITIAL_ACCESS("TA0001", "InitialAccess"),
    EXECUTION("TA0002", "Execution"),
    PERSISTENCE("TA0003", "Persistence"),
    PRIVILEGE_ESCALATION("TA0004", "PrivilegeEscalation"),
    DEFENSE_EVASION("TA0005", "DefenseEvasion"),
    CREDENTIAL_ACCESS("TA0006", "CredentialAccess"),
    DISCOVERY("TA0007", "Discovery"),
    LATERAL_MOVEMENT("TA0008", "LateralMovement"),
    COLLECTION("TA0009", "Collection"),
    COMMAND_AND_CONTROL("TA0011", "CommandAndControl"),
    EXFILTRATION("TA0010", "Exfiltration"),
    IMPACT("TA0040", "Impact");

    private static final Map<String, Tactic> BY_SPELLING = new HashMap<>();

    static {
        for (Tactic t : values()) {
            BY_SPELLING.put(squash(t.label), t);
            BY_SPELLING.put(squash(t.id), t);
        }
        // Defender's older "intents" (kill-chain phases before it adopted ATT&CK tactics).
        BY_SPELLING.put("preattack", RECONNAISSANCE);
        BY_SPELLING.put("probing", RECONNAISSANCE);
        BY_SPELLING.put("exploitation", INITIAL_ACCESS);
        // Spellings seen in the wild.
        BY_SPELLING.put("commandcontrol", COMMAND_AND_CONTROL);
        BY_SPELLING.put("c2", COMMAND_AND_CONTROL);
    }

    private final String id;
    private final String label;

    Tactic(String id, String label) {
        this.id = id;
        this.label = label;
    }

    /** The ATT&amp;CK id, e.g. TA0001. */
    public String id() {
        return id;
    }

    /** The name as Defender and Sentinel spell it, e.g. InitialAccess. */
    public String label() {
        return label;
    }

    /**
     * Reads one tactic in any spelling seen in the wild: {@code InitialAccess}, {@code Initial Access},
     * {@code initial-access}, {@code TA0001}, and Defender's older intents (PreAttack, Probing, Exploitation).
     *
     * @return null for Unknown, empty text or a name that is no tactic
     */
    public static Tactic parse(String text) {
        if (text == null) return null;
        return BY_SPELLING.get(squash(text));
    }

    /** Reads a list of tactics separated by commas, semicolons, slashes or pipes; unknown names are skipped. */
    public static List<Tactic> parseList(String text) {
        List<Tactic> result = new ArrayList<>();
        if (text == null || text.isBlank()) return result;
        int start = 0;
        for (int i = 0; i <= text.length(); i++) {
            if (i == text.length() || ",;/|".indexOf(text.charAt(i)) >= 0) {
                Tactic t = parse(text.substring(start, i));
                if (t != null && !result.contains(t)) result.add(t);
                start = i + 1;
            }
        }
        return result;
    }

    private static String squash(String text) {
        StringBuilder b = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != ' ' && c != '-' && c != '_' && c != '&' && c != '\t') b.append(c);
        }
        return b.toString().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return label;
    }
}
