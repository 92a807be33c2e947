package org.alertcorrelator.ruleset;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.alertcorrelator.model.Entity;
import org.alertcorrelator.model.EntityType;

/**
 * The lists in rules/ that say which entities are no evidence: {@code generic-accounts.txt} (account names
 * and well-known SIDs) and {@code allow-list.csv} (entities the team knows to be harmless: scanners, jump
 * hosts). The rules in rules/30-evidence.drl use them through the global {@code lists}.
 */
public final class EvidenceLists {
    static final String GENERIC_ACCOUNTS = "generic-accounts.txt";
    static final String ALLOW_LIST = "allow-list.csv";

    private final Set<String> genericAccounts;
    private final Map<Entity, String> allowed;

    EvidenceLists(Set<String> genericAccounts, Map<Entity, String> allowed) {
        this.genericAccounts = genericAccounts;
        this.allowed = allowed;
    }

    public static EvidenceLists empty() {
        return new EvidenceLists(Set.of(), Map.of());
    }

    static EvidenceLists load(Path dir, List<BuildProblem> problems) {
        Set<String> generic = new HashSet<>();
        for (TableFile.Row row : TableFile.readList(dir.resolve(GENERIC_ACCOUNTS), GENERIC_ACCOUNTS, problems)) {
            generic.add(normaliseAccount(row.cell(0)));
        }
        Map<Entity, String> allowed = new HashMap<>();
        List<String> header = List.of("type", "key", "reason");
        for (TableFile.Row row : TableFile.readCsv(dir.resolve(ALLOW_LIST), ALLOW_LIST, header, problems)) {
            String type = row.cell(0).toLowerCase(Locale.ROOT);
            String key = row.cell(1);
            if (type.isEmpty() || key.isEmpty()) {
                problems.add(BuildProblem.error(ALLOW_LIST, row.line(), "type and key are both needed"));
                continue;
            }
            // Keys are compared as the readers normalise them: lower-case for all but URLs and SIDs.
            String normalised = type.equals(EntityType.URL) ? key : type.equals(EntityType.ACCOUNT) ? normaliseAccount(key) : key.toLowerCase(Locale.ROOT);
            allowed.put(new Entity(type, normalised), row.cell(2));
        }
        return new EvidenceLists(Set.copyOf(generic), Map.copyOf(allowed));
    }

    private static String normaliseAccount(String name) {
        String t = name.trim();
        return t.regionMatches(true, 0, "S-1-", 0, 4) ? t.toUpperCase(Locale.ROOT) : t.toLowerCase(Locale.ROOT);
    }

    /**
     * True for an account known only by a generic name (ADMINISTRATOR, SYSTEM, ...) or by a well-known SID
     * (S-1-5-18/19/20): such a key says nothing about who acted. A qualified key (contoso\administrator,
     * someone@contoso.com) is not generic.
     */
    public boolean isGenericAccount(String accountKey) {
        return genericAccounts.contains(accountKey);
    }

    /** True when the entity is on the allow-list. */
    public boolean isAllowListed(Entity entity) {
        return allowed.containsKey(entity);
    }

    /** Why the entity is on the allow-list (its reason column), or null. */
    public String allowListReason(Entity entity) {
        return allowed.get(entity);
    }

    public int genericAccountCount() {
        return genericAccounts.size();
    }

    public int allowListSize() {
        return allowed.size();
    }
}
