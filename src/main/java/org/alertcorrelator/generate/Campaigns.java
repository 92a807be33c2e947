package org.alertcorrelator.generate;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.alertcorrelator.generate.AlertSpec.Ent;
import org.alertcorrelator.generate.Catalog.Plane;
import org.alertcorrelator.generate.Catalog.Row;
import org.alertcorrelator.generate.Estate.Resource;
import org.alertcorrelator.generate.Estate.Tenant;
import org.alertcorrelator.generate.Estate.User;
import org.alertcorrelator.generate.Estate.Vm;
import org.alertcorrelator.model.Severity;
import org.alertcorrelator.model.Tactic;

/**
 * Plans the attack campaigns before any noise is made, so that noise can keep off their entities. Each campaign
 * moves forward through the kill chain across entities and over hours or days:
 * <ul>
 * <li>a host kill chain: brute force, code execution, evasion, credential theft, C2 on one machine;</li>
 * <li>an identity attack: a sign-in to the cloud from a hostile address, then privilege, secrets and data theft
 * by the same account;</li>
 * <li>lateral movement: one machine compromised, then others reached with a stolen admin account from its
 * address;</li>
 * <li>the same campaign (attacker address, malware) in several tenants: one truth id per tenant, since an
 * incident never spans tenants;</li>
 * <li>crypto-mining in a Kubernetes cluster, a web shell on a web app.</li>
 * </ul>
 * Every entity a campaign names for linking (machine, account, resource, attacker address) is reserved for the
 * campaign's span: noise keeps {@code gap} away from it on both sides.
 */
final class Campaigns {
    enum Kind { HOST, IDENTITY, LATERAL, MULTI_TENANT, KUBERNETES, WEB_APP }

    private static final double[] KIND_WEIGHTS = {30, 22, 18, 10, 10, 10};
    private static final long MINUTE = 60_000L;
    private static final long HOUR = 60 * MINUTE;

    private final Rnd rnd;
    private final Catalog catalog;
    private final Alerts alerts;
    private final EstateBuilder estate;
    private final List<Tenant> tenants;
    private final long streamStart;
    private final long streamEnd;
    private final long gap;
    private final double dwellShare;
    private final List<AlertSpec> out = new ArrayList<>();
    private int number;

    Campaigns(Rnd rnd, Catalog catalog, Alerts alerts, EstateBuilder estate, List<Tenant> tenants, long streamStart,
              long streamEnd, long gap, double dwellShare) {
        this.rnd = rnd;
        this.catalog = catalog;
        this.alerts = alerts;
        this.estate = estate;
        this.tenants = tenants;
        this.streamStart = streamStart;
        this.streamEnd = streamEnd;
        this.gap = gap;
        this.dwellShare = dwellShare;
    }

    /** Plans {@code count} campaigns with at most {@code maxAlerts} alerts in all; returns their alerts. */
    List<AlertSpec> plan(int count, int maxAlerts) {
        for (int i = 0; i < count; i++) {
            int before = out.size();
            number++;
            Kind kind = Kind.values()[rnd.weighted(KIND_WEIGHTS)];
            if (kind == Kind.MULTI_TENANT && tenants.size() < 2) kind = Kind.HOST;
            switch (kind) {
                case HOST -> host(tenant(), id(null), rnd.chance(0.6));
                case IDENTITY -> identity(tenant(), id(null));
                case LATERAL -> lateral(tenant(), id(null));
                case MULTI_TENANT -> multiTenant();
                case KUBERNETES -> kubernetes(tenant(), id(null));
                case WEB_APP -> webApp(tenant(), id(null));
            }
            if (out.size() > maxAlerts) {
                // No room for this one: the stream is mostly noise.
                while (out.size() > before) out.remove(out.size() - 1);
                number--;
                break;
            }
            // A campaign (or its part in one tenant) of one alert is no campaign: the catalog had too few rows.
            java.util.Map<String, Integer> sizes = new java.util.HashMap<>();
            for (int k = before; k < out.size(); k++) sizes.merge(out.get(k).campaignId, 1, Integer::sum);
            for (int k = out.size() - 1; k >= before; k--) if (sizes.get(out.get(k).campaignId) < 2) out.remove(k);
        }
        return out;
    }

    /** Campaigns planned (a campaign in several tenants counts once). */
    int campaigns() {
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (AlertSpec a : out) {
            if (a.campaignId == null) continue; // a decoy
            int part = a.campaignId.indexOf("-t");
            ids.add(part < 0 ? a.campaignId : a.campaignId.substring(0, part));
        }
        return ids.size();
    }

    private String id(Tenant partOf) {
        String base = String.format(Locale.ROOT, "C%04d", number);
        return partOf == null ? base : base + "-t" + partOf.index;
    }

    private Tenant tenant() {
        double[] w = new double[tenants.size()];
        for (int i = 0; i < w.length; i++) w[i] = tenants.get(i).weight;
        return tenants.get(rnd.weighted(w));
    }

    // ---- timing ----

    /** Offsets (ms from the campaign start) of {@code n} steps: minutes to hours apart, sometimes a dwell of days. */
    private long[] offsets(int n) {
        long[] o = new long[n];
        int dwellAt = n > 1 && rnd.chance(dwellShare) ? rnd.between(1, n - 1) : -1;
        for (int i = 1; i < n; i++) {
            long g = i == dwellAt ? rnd.between(26 * 60, 60 * 60) * MINUTE
                    : Math.max(MINUTE, Math.min(20 * HOUR, (long) (rnd.logNormal(40, 1.2) * MINUTE)));
            o[i] = o[i - 1] + g;
        }
        // A short stream squeezes the campaign into it (keeping the order of its steps).
        long room = maxSpan();
        if (n > 1 && o[n - 1] > room) {
            for (int i = 1; i < n; i++) o[i] = Math.max(o[i - 1] + 1000, (long) ((double) o[i] / o[n - 1] * room));
        }
        return o;
    }

    /** The longest a campaign's steps may spread: the stream less some room at both ends. */
    private long maxSpan() {
        return Math.max(HOUR, streamEnd - streamStart - 4 * HOUR);
    }

    /** A start such that the campaign (span ms long) lies inside the stream. */
    private long start(long span) {
        long room = streamEnd - streamStart - span - HOUR;
        if (room <= 0) return streamStart + HOUR;
        return streamStart + HOUR + rnd.nextLong(room);
    }

    // ---- assets ----

    private Vm vm(Tenant t, Boolean windows, long from, long to) {
        for (int i = 0; i < 24; i++) {
            Vm vm = rnd.pick(t.vms);
            if ((windows == null || vm.windows == windows) && vm.freeFor(from, to, gap)) {
                vm.reserve(from, to);
                return vm;
            }
        }
        Vm vm;
        do {
            vm = estate.newVm(t, false);
        } while (windows != null && vm.windows != windows);
        t.vms.add(vm);
        vm.reserve(from, to);
        return vm;
    }

    private User user(Tenant t, long from, long to) {
        for (int i = 0; i < 24; i++) {
            User u = rnd.pick(t.users);
            if (u.freeFor(from, to, gap)) {
                u.reserve(from, to);
                return u;
            }
        }
        User u = estate.newUser(t);
        t.users.add(u);
        u.reserve(from, to);
        return u;
    }

    private Resource resource(Tenant t, Plane p, long from, long to, boolean mayCreate) {
        List<Resource> pool = t.resources(p);
        for (int i = 0; i < 24 && !pool.isEmpty(); i++) {
            Resource r = rnd.pick(pool);
            if (r.freeFor(from, to, gap)) {
                r.reserve(from, to);
                return r;
            }
        }
        if (!mayCreate) return null;
        Resource r = estate.newResource(t, p);
        pool.add(r);
        r.reserve(from, to);
        return r;
    }

    private String hostileIp(long from, long to) {
        Alerts.IpAsset a = alerts.hostileFreeFor(from, to, gap);
        if (a == null) return alerts.externalIp(tenants.get(0), from, gap); // crowded: an address from a cloud range
        a.reserve(from, to);
        return a.address;
    }

    // ---- rows ----

    private Row row(Set<Plane> planes, Tactic tactic) {
        List<Row> rows = new ArrayList<>();
        for (Plane p : planes) {
            for (Row r : catalog.plane(p)) if (!r.isVendorTest() && r.hasTactic(tactic)) rows.add(r);
        }
        return rows.isEmpty() ? null : rnd.pick(rows);
    }

    private Row contextRow(Plane plane) {
        List<Row> rows = new ArrayList<>();
        for (Row r : catalog.plane(plane)) {
            if (!r.isVendorTest() && (r.allows(Severity.LOW) || r.allows(Severity.INFORMATIONAL))) rows.add(r);
        }
        return rows.isEmpty() ? null : rnd.pick(rows);
    }

    private static Severity contextSeverity(Row r) {
        return r.allows(Severity.INFORMATIONAL) ? Severity.INFORMATIONAL : Severity.LOW;
    }

    /** The tactics of a chain: the fixed first ones, then a few of the optional ones, in kill-chain order. */
    private List<Tactic> chain(Set<Plane> planes, List<Tactic> first, List<Tactic> optional, int min, int max) {
        List<Tactic> out = new ArrayList<>();
        for (Tactic t : first) if (row(planes, t) != null) out.add(t);
        List<Tactic> available = new ArrayList<>();
        for (Tactic t : optional) if (row(planes, t) != null) available.add(t);
        int want = Math.min(available.size(), rnd.between(min, max));
        while (available.size() > want) available.remove(rnd.nextInt(available.size()));
        out.addAll(available);
        out.sort(null);
        return out;
    }

    private long duration(Row r) {
        String n = r.name().toLowerCase(Locale.ROOT);
        if (n.contains("brute force") || n.contains("seen multiple times") || n.contains("mining")) return rnd.between(10, 90) * MINUTE;
        return rnd.chance(0.8) ? 0 : rnd.between(1, 20) * MINUTE;
    }

    private AlertSpec add(AlertSpec a, String campaignId) {
        a.campaignId = campaignId;
        out.add(a);
        return a;
    }

    // ---- campaigns ----

    private static final List<Tactic> HOST_LATER = List.of(Tactic.EXECUTION, Tactic.PERSISTENCE, Tactic.DEFENSE_EVASION,
            Tactic.CREDENTIAL_ACCESS, Tactic.DISCOVERY, Tactic.LATERAL_MOVEMENT, Tactic.COMMAND_AND_CONTROL,
            Tactic.EXFILTRATION, Tactic.IMPACT);

    /** A kill chain on one machine. */
    private void host(Tenant t, String id, boolean withRecon) {
        boolean windows = rnd.chance(0.55);
        Plane os = windows ? Plane.WINDOWS : Plane.LINUX;
        Set<Plane> planes = EnumSet.of(os, Plane.NETWORK, Plane.DNS);
        List<Tactic> first = withRecon ? List.of(Tactic.RECONNAISSANCE, Tactic.INITIAL_ACCESS) : List.of(Tactic.INITIAL_ACCESS);
        List<Tactic> tactics = chain(planes, first, HOST_LATER, 2, 4);
        List<Tactic> steps = new ArrayList<>();
        for (Tactic tac : tactics) {
            steps.add(tac);
            if (tac != Tactic.RECONNAISSANCE && rnd.chance(0.2)) steps.add(tac);
        }
        int context = rnd.between(0, 2);
        long[] at = offsets(steps.size());
        long span = at[at.length - 1] + 2 * HOUR;
        long s = start(span);
        long end = s + span;
        Vm vm = vm(t, windows, s, end);
        String attacker = hostileIp(s, end);
        String c2 = hostileIp(s, end);
        String hash = alerts.randomHash();
        String tool = rnd.pick(new String[]{"svchost32.exe", "update.exe", "kworkerd", "xmrig", ".x64", "beacon.dll"});
        User u = windows && rnd.chance(0.5) ? user(t, s, end) : null;
        String localName = rnd.pick(new String[]{"localadmin", "azureadmin", "adminuser", "itsupport", "deploy", "backup"});
        for (int i = 0; i < steps.size(); i++) {
            Tactic tac = steps.get(i);
            Row row = row(planes, tac);
            AlertSpec a = alerts.onMachine(t, row, alerts.severityOf(row), s + at[i], duration(row), vm);
            Ent h = alerts.host(a, vm);
            boolean early = tac == Tactic.RECONNAISSANCE || tac == Tactic.INITIAL_ACCESS;
            if (early || rnd.chance(0.4)) alerts.ip(a, attacker);
            if (tac.ordinal() >= Tactic.INITIAL_ACCESS.ordinal() && (tac == Tactic.INITIAL_ACCESS || rnd.chance(0.7))) {
                Ent acc = u != null ? alerts.domainAccount(a, t, u.sam, h) : alerts.localAccount(a, vm, localName, h);
                if (rnd.chance(0.7)) alerts.process(a, windows, acc, h, null);
            } else if (rnd.chance(0.3)) {
                alerts.genericAccount(a, windows, h);
            }
            if ((tac == Tactic.EXECUTION || tac == Tactic.PERSISTENCE || tac == Tactic.DEFENSE_EVASION) && rnd.chance(0.6)) {
                alerts.fileHash(a, hash, tool, windows);
            }
            if (tac == Tactic.COMMAND_AND_CONTROL || tac == Tactic.EXFILTRATION || tac == Tactic.IMPACT) alerts.ip(a, c2);
            if (rnd.chance(0.4)) alerts.ip(a, vm.privateIp);
            if (rnd.chance(0.05)) alerts.ip(a, rnd.chance(0.5) ? Alerts.AZURE_WIRESERVER : t.dnsServers.get(0));
            add(a, id);
        }
        for (int i = 0; i < context; i++) {
            Row row = contextRow(os);
            if (row == null) break;
            AlertSpec a = alerts.onMachine(t, row, contextSeverity(row), s + rnd.nextLong(at[at.length - 1] + 1), 0, vm);
            Ent h = alerts.host(a, vm);
            if (rnd.chance(0.5)) alerts.genericAccount(a, windows, h);
            add(a, id);
        }
    }

    private static final List<Tactic> IDENTITY_MIDDLE = List.of(Tactic.PERSISTENCE, Tactic.PRIVILEGE_ESCALATION,
            Tactic.DEFENSE_EVASION, Tactic.CREDENTIAL_ACCESS, Tactic.DISCOVERY);

    /** A cloud sign-in from a hostile address, then privilege, secrets and data theft by the same account. */
    private void identity(Tenant t, String id) {
        List<Tactic> middle = new ArrayList<>(IDENTITY_MIDDLE);
        List<Tactic> tactics = new ArrayList<>();
        tactics.add(Tactic.INITIAL_ACCESS);
        int m = rnd.between(0, 3);
        while (middle.size() > m) middle.remove(rnd.nextInt(middle.size()));
        tactics.addAll(middle);
        if (rnd.chance(0.6)) tactics.add(Tactic.COLLECTION);
        if (tactics.get(tactics.size() - 1) != Tactic.COLLECTION || rnd.chance(0.5)) tactics.add(Tactic.EXFILTRATION);
        long[] at = offsets(tactics.size());
        long span = at[at.length - 1] + 2 * HOUR;
        long s = start(span);
        long end = s + span;
        User u = user(t, s, end);
        String attacker = hostileIp(s, end);
        Resource sub = resource(t, Plane.RESOURCE_MANAGER, s, end, false);
        Resource storage = resource(t, Plane.STORAGE, s, end, true);
        Resource vault = resource(t, Plane.KEY_VAULT, s, end, true);
        String[] apps = {"Azure Portal", "Azure PowerShell", "Azure CLI", "Microsoft Azure Storage Explorer"};
        for (int i = 0; i < tactics.size(); i++) {
            Tactic tac = tactics.get(i);
            Set<Plane> planes = EnumSet.noneOf(Plane.class);
            if (sub != null) planes.add(Plane.RESOURCE_MANAGER);
            planes.add(Plane.STORAGE);
            planes.add(Plane.KEY_VAULT);
            Row row = row(planes, tac);
            if (row == null) continue;
            Resource r = row.plane() == Plane.RESOURCE_MANAGER ? sub : row.plane() == Plane.KEY_VAULT ? vault : storage;
            AlertSpec a = alerts.onResource(t, row, alerts.severityOf(row), s + at[i], duration(row), r);
            // Management and key vault operations always name their caller; storage access by SAS token may not.
            boolean named = i == 0 || row.plane() != Plane.STORAGE || rnd.chance(0.7);
            if (named) alerts.upnAccount(a, t, u);
            if (!named || rnd.chance(0.8)) alerts.ip(a, attacker);
            alerts.cloudApp(a, rnd.pick(apps), null);
            a.extended("Client IP Address", attacker);
            a.extended("User Name", u.upnName + "@" + t.domain);
            add(a, id);
        }
    }

    /** One machine compromised, then others reached with a stolen admin account from its address. */
    private void lateral(Tenant t, String id) {
        Set<Plane> aPlanes = EnumSet.of(Plane.WINDOWS, Plane.NETWORK);
        List<Tactic> aTactics = chain(aPlanes, List.of(Tactic.INITIAL_ACCESS, Tactic.CREDENTIAL_ACCESS),
                List.of(Tactic.RECONNAISSANCE, Tactic.EXECUTION, Tactic.DEFENSE_EVASION), 0, 2);
        int others = rnd.between(1, 3);
        List<List<Tactic>> bTactics = new ArrayList<>();
        int steps = aTactics.size();
        for (int i = 0; i < others; i++) {
            List<Tactic> b = chain(EnumSet.of(Plane.WINDOWS, Plane.NETWORK, Plane.DNS), List.of(Tactic.LATERAL_MOVEMENT),
                    List.of(Tactic.COMMAND_AND_CONTROL, Tactic.EXFILTRATION, Tactic.IMPACT), 0, 2);
            bTactics.add(b);
            steps += b.size();
        }
        long[] at = offsets(steps);
        long span = at[at.length - 1] + 2 * HOUR;
        long s = start(span);
        long end = s + span;
        Vm first = vm(t, true, s, end);
        User admin = user(t, s, end);
        String adminSam = "adm-" + admin.sam;
        String attacker = hostileIp(s, end);
        int k = 0;
        for (Tactic tac : aTactics) {
            Row row = row(aPlanes, tac);
            AlertSpec a = alerts.onMachine(t, row, alerts.severityOf(row), s + at[k++], duration(row), first);
            Ent h = alerts.host(a, first);
            if (tac.ordinal() <= Tactic.INITIAL_ACCESS.ordinal() || rnd.chance(0.3)) alerts.ip(a, attacker);
            if (tac == Tactic.CREDENTIAL_ACCESS) {
                Ent acc = alerts.domainAccount(a, t, adminSam, h);
                alerts.process(a, true, acc, h, "rundll32.exe C:\\Windows\\System32\\comsvcs.dll, MiniDump 624 C:\\Windows\\Temp\\lsass.dmp full");
            } else if (rnd.chance(0.5)) {
                alerts.genericAccount(a, true, h);
            }
            if (rnd.chance(0.5)) alerts.ip(a, first.privateIp);
            add(a, id);
        }
        for (List<Tactic> b : bTactics) {
            Vm next = vm(t, rnd.chance(0.8), s, end);
            Set<Plane> planes = EnumSet.of(next.windows ? Plane.WINDOWS : Plane.LINUX, Plane.NETWORK, Plane.DNS);
            for (Tactic tac : b) {
                Row row = row(planes, tac);
                if (row == null) row = row(EnumSet.of(Plane.WINDOWS, Plane.NETWORK), tac);
                AlertSpec a = alerts.onMachine(t, row, alerts.severityOf(row), s + at[k++], duration(row), next);
                Ent h = alerts.host(a, next);
                Ent acc = alerts.domainAccount(a, t, adminSam, h);
                if (tac == Tactic.LATERAL_MOVEMENT) {
                    alerts.ip(a, first.privateIp);
                    alerts.process(a, next.windows, acc, h, next.windows ? "PSEXESVC.exe -accepteula -s cmd.exe" : null);
                }
                alerts.ip(a, next.privateIp);
                add(a, id);
            }
        }
    }

    /** The same attacker address and malware in several tenants: a short kill chain on a Linux machine in each. */
    private void multiTenant() {
        int n = Math.min(tenants.size(), rnd.between(2, 4));
        List<Tenant> pool = new ArrayList<>(tenants);
        List<Tenant> chosen = new ArrayList<>();
        while (chosen.size() < n) chosen.add(pool.remove(rnd.nextInt(pool.size())));
        Set<Plane> planes = EnumSet.of(Plane.LINUX, Plane.NETWORK);
        List<Tactic> tactics = chain(planes, List.of(Tactic.RECONNAISSANCE, Tactic.INITIAL_ACCESS, Tactic.EXECUTION,
                Tactic.COMMAND_AND_CONTROL), List.of(Tactic.IMPACT, Tactic.DEFENSE_EVASION), 0, 1);
        long[][] at = new long[n][];
        long span = 0;
        long[] shift = new long[n];
        for (int i = 0; i < n; i++) {
            at[i] = offsets(tactics.size());
            shift[i] = i == 0 ? 0 : Math.min(rnd.between(0, 36 * 60) * MINUTE, Math.max(0, maxSpan() - at[i][at[i].length - 1]));
            span = Math.max(span, shift[i] + at[i][at[i].length - 1] + 2 * HOUR);
        }
        long s = start(span);
        long end = s + span;
        String attacker = hostileIp(s, end);
        String pool2 = hostileIp(s, end);
        String hash = alerts.randomHash();
        for (int i = 0; i < n; i++) {
            Tenant t = chosen.get(i);
            String id = id(t);
            long from = s + shift[i];
            long to = from + at[i][at[i].length - 1] + 2 * HOUR;
            Vm vm = vm(t, false, from, to);
            for (int k = 0; k < tactics.size(); k++) {
                Tactic tac = tactics.get(k);
                Row row = row(planes, tac);
                AlertSpec a = alerts.onMachine(t, row, alerts.severityOf(row), from + at[i][k], duration(row), vm);
                Ent h = alerts.host(a, vm);
                if (tac.ordinal() <= Tactic.INITIAL_ACCESS.ordinal()) {
                    alerts.ip(a, attacker);
                    alerts.genericAccount(a, false, h);
                }
                if (tac == Tactic.EXECUTION) alerts.fileHash(a, hash, "kdevtmpfsi", false);
                if (tac == Tactic.COMMAND_AND_CONTROL || tac == Tactic.IMPACT) alerts.ip(a, pool2);
                if (rnd.chance(0.5)) alerts.ip(a, vm.privateIp);
                add(a, id);
            }
        }
    }

    private static final List<Tactic> K8S_MIDDLE = List.of(Tactic.EXECUTION, Tactic.PERSISTENCE, Tactic.PRIVILEGE_ESCALATION,
            Tactic.DEFENSE_EVASION, Tactic.CREDENTIAL_ACCESS, Tactic.LATERAL_MOVEMENT);

    /** An exposed service in a cluster, then a privileged container, then mining (repeated). */
    private void kubernetes(Tenant t, String id) {
        Set<Plane> planes = EnumSet.of(Plane.KUBERNETES);
        List<Tactic> tactics = chain(planes, List.of(Tactic.INITIAL_ACCESS), K8S_MIDDLE, 1, 3);
        int mining = rnd.between(1, 6);
        for (int i = 0; i < mining; i++) tactics.add(Tactic.EXFILTRATION);
        long[] at = offsets(tactics.size());
        long span = at[at.length - 1] + 2 * HOUR;
        long s = start(span);
        long end = s + span;
        Resource cluster = resource(t, Plane.KUBERNETES, s, end, true);
        String attacker = hostileIp(s, end);
        String miningPool = hostileIp(s, end);
        String node = "aks-nodepool1-" + rnd.between(10_000_000, 99_999_999) + "-vmss00000" + rnd.between(0, 9);
        for (int i = 0; i < tactics.size(); i++) {
            Tactic tac = tactics.get(i);
            Row row = tac == Tactic.EXFILTRATION ? miningRow() : row(planes, tac);
            if (row == null) continue;
            AlertSpec a = alerts.onResource(t, row, alerts.severityOf(row), s + at[i], duration(row), cluster);
            if (row.types().get(0).startsWith("K8S.NODE")) a.entity("host").put("HostName", node).put("OSFamily", "Linux");
            if (tac == Tactic.INITIAL_ACCESS || rnd.chance(0.4)) alerts.ip(a, attacker);
            if (tac == Tactic.EXFILTRATION) alerts.ip(a, miningPool);
            add(a, id);
        }
    }

    private Row miningRow() {
        for (Row r : catalog.plane(Plane.KUBERNETES)) if (r.types().contains("K8S.NODE_CurrencyMining")) return r;
        return row(EnumSet.of(Plane.KUBERNETES), Tactic.EXECUTION);
    }

    /** Scanning, an injected upload, a web shell, then C2 or data theft on one web app. */
    private void webApp(Tenant t, String id) {
        Set<Plane> planes = EnumSet.of(Plane.APP_SERVICE);
        List<Tactic> tactics = chain(planes, List.of(Tactic.INITIAL_ACCESS, Tactic.EXECUTION),
                List.of(Tactic.RECONNAISSANCE, Tactic.PERSISTENCE, Tactic.DEFENSE_EVASION, Tactic.CREDENTIAL_ACCESS,
                        Tactic.COMMAND_AND_CONTROL, Tactic.EXFILTRATION), 1, 3);
        long[] at = offsets(tactics.size());
        long span = at[at.length - 1] + 2 * HOUR;
        long s = start(span);
        long end = s + span;
        Resource site = resource(t, Plane.APP_SERVICE, s, end, true);
        String attacker = hostileIp(s, end);
        String shell = "https://" + site.name + ".azurewebsites.net/wp-content/uploads/" + alerts.randomHash().substring(0, 8) + ".php";
        for (int i = 0; i < tactics.size(); i++) {
            Tactic tac = tactics.get(i);
            Row row = row(planes, tac);
            AlertSpec a = alerts.onResource(t, row, alerts.severityOf(row), s + at[i], duration(row), site);
            if (i == 0 || rnd.chance(0.8)) alerts.ip(a, attacker);
            if (tac.ordinal() >= Tactic.EXECUTION.ordinal() && rnd.chance(0.6)) a.entity("url").put("Url", shell);
            add(a, id);
        }
    }

    // ---- multi-tenant low-severity campaigns (cross-tenant prevalence) ----

    /**
     * The steps of the low-severity campaigns that run in many tenants: Linux alerts that may be Low or
     * Informational, in catalog order, in templates of four (at most three templates). Busy hosts never repeat
     * them, so that the only linked occurrences of these steps are the campaigns' (lone occurrences elsewhere are
     * the decoys: the same types, unlinked).
     */
    static List<List<Row>> prevalentTemplates(Catalog catalog) {
        List<Row> pool = lowLinuxRows(catalog);
        List<List<Row>> templates = new ArrayList<>();
        for (int i = 0; i + 4 <= pool.size() && templates.size() < 3; i += 4) templates.add(List.copyOf(pool.subList(i, i + 4)));
        return templates;
    }

    /** Two low Linux steps in no template, for the decoys linked in one tenant only (none if the catalog is short). */
    static List<Row> decoyRows(Catalog catalog) {
        java.util.Set<String> used = new java.util.HashSet<>();
        for (List<Row> t : prevalentTemplates(catalog)) for (Row r : t) used.addAll(r.types());
        List<Row> out = new ArrayList<>();
        for (Row r : lowLinuxRows(catalog)) {
            if (out.size() < 2 && r.types().stream().noneMatch(used::contains)) {
                out.add(r);
                used.addAll(r.types());
            }
        }
        return out.size() == 2 ? out : List.of();
    }

    private static List<Row> lowLinuxRows(Catalog catalog) {
        List<Row> pool = new ArrayList<>();
        for (Row r : catalog.plane(Plane.LINUX)) {
            if (!r.isVendorTest() && (r.allows(Severity.LOW) || r.allows(Severity.INFORMATIONAL))) pool.add(r);
        }
        return pool;
    }

    /**
     * Plans {@code waves} waves of a low-severity campaign (crypto-mining on Linux: download, persistence, miner,
     * pool connections), each in three to five tenants (as many as there are) within 18 hours: three or four
     * steps of one template, in order, on one machine per tenant, Low or Informational, with tactics that do not
     * progress (all one tactic, or none). No kill-chain or shared-context rule raises them; cross-tenant
     * prevalence should. Truth ids {@code Pnnnn-tK}. Also plans one decoy per wave: two other low steps linked on
     * one machine in one tenant only (noise: no truth id).
     */
    List<AlertSpec> planPrevalent(int waves, List<List<Row>> templates, List<Row> decoy) {
        List<AlertSpec> planned = new ArrayList<>();
        if (templates.isEmpty() || tenants.size() < 3) return planned;
        int before = out.size();
        for (int w = 0; w < waves; w++) {
            List<Row> template = templates.get(w % templates.size());
            int n = Math.min(tenants.size(), rnd.between(3, 5));
            List<Tenant> pool = new ArrayList<>(tenants);
            List<Tenant> chosen = new ArrayList<>();
            while (chosen.size() < n) chosen.add(pool.remove(rnd.nextInt(pool.size())));
            long span = 18 * HOUR + 8 * HOUR;
            long s = start(span);
            String miningPool = hostileIp(s, s + span);
            boolean noTactics = rnd.chance(0.3);
            for (int i = 0; i < n; i++) {
                Tenant t = chosen.get(i);
                String id = String.format(Locale.ROOT, "P%04d-t%d", w + 1, t.index);
                long from = s + rnd.between(0, 18 * 60) * MINUTE;
                List<Row> steps = new ArrayList<>(template);
                if (rnd.chance(0.5)) steps.remove(rnd.between(1, steps.size() - 1)); // three steps, the first kept
                Vm vm = vm(t, false, from, from + 8 * HOUR);
                long at = from;
                for (Row row : steps) {
                    AlertSpec a = alerts.onMachine(t, row, row.allows(Severity.LOW) ? Severity.LOW : Severity.INFORMATIONAL,
                            at, 0, vm);
                    a.tactics = noTactics ? List.of() : List.of(Tactic.EXECUTION.label());
                    a.writeTactics = !noTactics;
                    alerts.host(a, vm);
                    if (row == steps.get(steps.size() - 1)) alerts.ip(a, miningPool);
                    add(a, id);
                    at += rnd.between(2, 90) * MINUTE;
                }
                // A decoy in the same tenant: one of the template's steps alone on another machine, linked to nothing.
                long when = s + rnd.between(0, 24 * 60) * MINUTE;
                Vm lone = vm(t, false, when, when + HOUR);
                Row row = rnd.pick(template);
                AlertSpec d = alerts.onMachine(t, row, Severity.INFORMATIONAL, when, 0, lone);
                d.tactics = List.of(Tactic.EXECUTION.label());
                alerts.host(d, lone);
                d.campaignId = null;
                out.add(d);
            }
            // The decoy: two low steps linked on one machine of one tenant only.
            if (decoy.size() < 2) continue;
            Tenant t = tenants.get(0); // always the same one: the pair is linked in one tenant only
            long from = s + rnd.between(0, 18 * 60) * MINUTE;
            Vm vm = vm(t, false, from, from + 4 * HOUR);
            for (int k = 0; k < 2; k++) {
                Row row = decoy.get(k);
                AlertSpec a = alerts.onMachine(t, row, Severity.INFORMATIONAL, from + k * 30 * MINUTE, 0, vm);
                a.tactics = List.of(Tactic.EXECUTION.label());
                alerts.host(a, vm);
                a.campaignId = null;
                out.add(a);
            }
        }
        planned.addAll(out.subList(before, out.size()));
        return planned;
    }
}
