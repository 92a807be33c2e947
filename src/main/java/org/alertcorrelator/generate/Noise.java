package org.alertcorrelator.generate;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.alertcorrelator.generate.AlertSpec.Ent;
import org.alertcorrelator.generate.Catalog.Plane;
import org.alertcorrelator.generate.Catalog.Row;
import org.alertcorrelator.generate.Estate.Resource;
import org.alertcorrelator.generate.Estate.Tenant;
import org.alertcorrelator.generate.Estate.User;
import org.alertcorrelator.generate.Estate.Vm;
import org.alertcorrelator.model.Severity;

/**
 * Background noise, one tenant-hour at a time:
 * <ul>
 * <li><b>lone alerts</b> of every severity and tactic, each on a machine or resource (and with accounts and
 * external addresses) no other alert named within {@code gap}, and none will: they share only what is no evidence
 * (generic accounts, well-known SIDs, loopback and link-local addresses) or infrastructure (below);</li>
 * <li><b>busy hosts</b> (build agents, jump hosts ...) repeating one benign alert: one kill-chain stage (or none), Low
 * or Informational;</li>
 * <li><b>infrastructure</b> many machines name: DNS servers, the proxy, the Azure platform address 168.63.129.16, a
 * management service account, Linux's {@code azureuser}; and <b>scanner waves</b>: one hostile address brute-forcing
 * 25 to 60 machines within the hour;</li>
 * <li><b>dismissed alerts</b> (an analyst closed them) and <b>vendor test alerts</b> (EICAR), on any machine, campaign
 * ones included: they take no part.</li>
 * </ul>
 */
final class Noise {
    private static final long MINUTE = 60_000L;
    private static final Plane[] LONE_PLANES = {Plane.WINDOWS, Plane.LINUX, Plane.NETWORK, Plane.DNS, Plane.APP_SERVICE,
            Plane.STORAGE, Plane.KUBERNETES, Plane.RESOURCE_MANAGER, Plane.KEY_VAULT, Plane.SQL, Plane.COSMOS_DB, Plane.DDOS};
    private static final double[] LONE_WEIGHTS = {30, 20, 10, 5, 8, 8, 6, 4, 4, 3, 1, 1};
    // Shares of the noise budget.
    static final double BUSY = 0.35;
    static final double SCANNER = 0.06;
    static final double DISMISSED = 0.03;
    static final double TEST = 0.01;

    private final Rnd rnd;
    private final Alerts alerts;
    private final EstateBuilder estate;
    private final long gap;
    private final Map<Plane, List<Row>> loneRows = new EnumMap<>(Plane.class);
    private final List<Row> testRows = new ArrayList<>();
    private final List<Row> scanRowsWindows = new ArrayList<>();
    private final List<Row> scanRowsLinux = new ArrayList<>();
    private final double[] scannerCredit;
    private final int[] nextWave;

    /**
     * Lone noise never uses these rows: the steps of the multi-tenant low-severity campaigns, which occur unlinked
     * only as their planned decoys (real mining steps are rare in benign noise).
     */
    void keepOff(java.util.Set<Row> rows) {
        java.util.Set<String> names = new java.util.HashSet<>();
        for (Row r : rows) {
            names.addAll(r.types());
            names.add(r.name());
        }
        for (List<Row> lone : loneRows.values()) {
            List<Row> kept = new ArrayList<>(lone);
            kept.removeIf(r -> names.contains(r.name()) || r.types().stream().anyMatch(names::contains));
            if (!kept.isEmpty()) {
                lone.clear();
                lone.addAll(kept);
            }
        }
    }

    Noise(Rnd rnd, Catalog catalog, Alerts alerts, EstateBuilder estate, int tenants, long gap) {
        this.rnd = rnd;
        this.alerts = alerts;
        this.estate = estate;
        this.gap = gap;
        for (Plane p : Plane.values()) {
            List<Row> rows = new ArrayList<>();
            for (Row r : catalog.plane(p)) if (!r.isVendorTest()) rows.add(r);
            loneRows.put(p, rows);
        }
        for (Row r : catalog.rows()) {
            if (r.isVendorTest()) testRows.add(r);
            for (String type : r.types()) {
                if (type.equals("VM_LoginBruteForceValidUserFailed") || type.equals("RDP_Incoming_BF_OneToOne")) scanRowsWindows.add(r);
                if (type.equals("VM_SshBruteForceFailed") || type.equals("SSH_Incoming_BF_OneToOne")) scanRowsLinux.add(r);
            }
        }
        scannerCredit = new double[tenants];
        nextWave = new int[tenants];
        for (int i = 0; i < tenants; i++) nextWave[i] = rnd.between(25, 60);
    }

    /** Exactly {@code budget} noise alerts of the tenant in the hour starting at {@code hourStart}. */
    void hour(Tenant t, long hourStart, int budget, List<AlertSpec> out) {
        int left = budget;
        if (!scanRowsWindows.isEmpty() && !scanRowsLinux.isEmpty()) {
            scannerCredit[t.index] += SCANNER * budget;
            int wave = nextWave[t.index];
            if (scannerCredit[t.index] >= wave && wave <= left) {
                scannerCredit[t.index] -= wave;
                scannerWave(t, hourStart, wave, out);
                left -= wave;
                nextWave[t.index] = rnd.between(25, 60);
            }
        }
        double rest = 1.0 - SCANNER;
        double[] weights = {BUSY / rest, DISMISSED / rest, TEST / rest, (1 - BUSY - SCANNER - DISMISSED - TEST) / rest};
        for (int i = 0; i < left; i++) {
            long at = hourStart + rnd.nextLong(3_600_000L);
            switch (rnd.weighted(weights)) {
                case 0 -> out.add(busy(t, at));
                case 1 -> out.add(dismissed(t, at));
                case 2 -> out.add(vendorTest(t, at));
                default -> out.add(lone(t, at));
            }
        }
    }

    // ---- busy hosts ----

    private AlertSpec busy(Tenant t, long at) {
        Vm vm = rnd.pick(t.busyVms);
        Row row = rnd.pick(vm.busyRows);
        Severity sev = row.allows(Severity.LOW) && (!row.allows(Severity.INFORMATIONAL) || rnd.chance(0.5)) ? Severity.LOW : Severity.INFORMATIONAL;
        AlertSpec a = alerts.onMachine(t, row, sev, at, rnd.chance(0.7) ? 0 : rnd.between(1, 10) * MINUTE, vm);
        Ent h = alerts.host(a, vm);
        Ent acc = alerts.domainAccount(a, t, vm.serviceAccount, h);
        alerts.process(a, vm.windows, acc, h, null);
        if (rnd.chance(0.5)) alerts.ip(a, vm.privateIp);
        if (rnd.chance(0.2)) alerts.ip(a, Alerts.AZURE_WIRESERVER);
        else if (rnd.chance(0.1)) alerts.ip(a, rnd.pick(t.dnsServers));
        return a;
    }

    // ---- lone alerts ----

    private AlertSpec lone(Tenant t, long at) {
        Plane plane = LONE_PLANES[rnd.weighted(LONE_WEIGHTS)];
        if (!plane.onMachine() && !loneRows.get(plane).isEmpty()) {
            Resource r = freeResource(t, plane, at);
            if (r != null) return loneOnResource(t, plane, r, at);
        }
        if (!plane.onMachine()) plane = rnd.chance(0.6) ? Plane.WINDOWS : Plane.LINUX;
        return loneOnMachine(t, plane, at);
    }

    private long loneDuration(Row row) {
        String n = row.name().toLowerCase(Locale.ROOT);
        if (n.contains("seen multiple times") || n.contains("brute force")) return rnd.between(10, 180) * MINUTE;
        double x = rnd.nextDouble();
        return x < 0.7 ? 0 : x < 0.9 ? rnd.between(1, 30) * MINUTE : rnd.between(30, 180) * MINUTE;
    }

    private AlertSpec loneOnMachine(Tenant t, Plane plane, long at) {
        Boolean windows = plane == Plane.WINDOWS ? Boolean.TRUE : plane == Plane.LINUX ? Boolean.FALSE : null;
        Vm vm = freeVm(t, windows, at);
        if (plane == Plane.NETWORK || plane == Plane.DNS) {
            // Network and DNS alerts are about any machine; Windows/Linux rows must match the machine's OS.
        } else if (vm.windows != (plane == Plane.WINDOWS)) {
            plane = vm.windows ? Plane.WINDOWS : Plane.LINUX;
        }
        Row row = rnd.pick(loneRows.get(plane));
        long duration = loneDuration(row);
        AlertSpec a = alerts.onMachine(t, row, alerts.severityOf(row), at, duration, vm);
        vm.lastUse = at + duration;
        Ent h = alerts.host(a, vm);
        Ent acc = machineAccount(a, t, vm, h, at + duration);
        if (rnd.chance(0.6)) alerts.process(a, vm.windows, acc, h, null);
        if (rnd.chance(0.15)) alerts.fileHash(a, alerts.randomHash(), rnd.hex(8) + (vm.windows ? ".exe" : ""), vm.windows);
        if (rnd.chance(0.4)) alerts.ip(a, vm.privateIp);
        if (plane == Plane.NETWORK || rnd.chance(0.3)) alerts.ip(a, alerts.externalIp(t, at + duration, gap));
        if (plane == Plane.DNS) {
            alerts.ip(a, rnd.pick(t.dnsServers));
            alerts.dns(a, rnd.hex(10) + rnd.pick(new String[]{".xyz", ".top", ".ru", ".info", ".duckdns.org"}));
        } else {
            double x = rnd.nextDouble();
            if (x < 0.12) alerts.ip(a, rnd.pick(t.dnsServers));
            else if (x < 0.20) alerts.ip(a, t.proxyIp);
            else if (x < 0.30) alerts.ip(a, Alerts.AZURE_WIRESERVER);
        }
        if (rnd.chance(0.05)) {
            alerts.ip(a, rnd.pick(new String[]{"127.0.0.1", "::1", "169.254.169.254", "fe80::1c2b:3aff:fe4d:5e6f", "0.0.0.0"}));
        }
        return a;
    }

    private Ent machineAccount(AlertSpec a, Tenant t, Vm vm, Ent h, long until) {
        double x = rnd.nextDouble();
        if (vm.windows) {
            if (x < 0.35) return alerts.genericAccount(a, true, h);
            if (x < 0.60) return alerts.localAccount(a, vm, rnd.pick(new String[]{"localadmin", "azureadmin", "itsupport", "backupadmin"}), h);
            if (x < 0.75) {
                User u = vm.owner != null ? vm.owner : rnd.pick(t.users);
                if (u.freeAt(until, gap) && u.freeAt(a.startNanos / 1_000_000L, gap)) {
                    u.lastUse = until;
                    return alerts.domainAccount(a, t, u.sam, h);
                }
                return null;
            }
            if (x < 0.85) return alerts.domainAccount(a, t, t.managementAccount, h);
            return null;
        }
        if (x < 0.5) return alerts.genericAccount(a, false, h);
        if (x < 0.65) {
            Ent e = a.entity("account").put("Name", "azureuser");
            e.put("Host", h);
            return e;
        }
        return null;
    }

    private AlertSpec loneOnResource(Tenant t, Plane plane, Resource r, long at) {
        Row row = rnd.pick(loneRows.get(plane));
        long duration = loneDuration(row);
        AlertSpec a = alerts.onResource(t, row, alerts.severityOf(row), at, duration, r);
        r.lastUse = at + duration;
        if (rnd.chance(0.85)) alerts.ip(a, alerts.externalIp(t, at + duration, gap));
        if (plane == Plane.RESOURCE_MANAGER || plane == Plane.KEY_VAULT || plane == Plane.STORAGE && rnd.chance(0.3)) {
            User u = rnd.pick(t.users);
            if (u.freeAt(at, gap) && u.freeAt(at + duration, gap)) {
                u.lastUse = at + duration;
                alerts.upnAccount(a, t, u);
            }
            alerts.cloudApp(a, rnd.pick(new String[]{"Azure Portal", "Azure PowerShell", "Azure CLI", "Terraform"}), null);
        }
        return a;
    }

    private Vm freeVm(Tenant t, Boolean windows, long at) {
        for (int i = 0; i < 12; i++) {
            Vm vm = rnd.pick(t.vms);
            if ((windows == null || vm.windows == windows) && vm.freeAt(at, gap) && vm.freeAt(at + 3 * 3_600_000L, gap)) return vm;
        }
        Vm vm;
        do {
            vm = estate.newVm(t, false);
        } while (windows != null && vm.windows != windows);
        t.vms.add(vm); // no quiet machine left: the estate is larger than planned
        return vm;
    }

    private Resource freeResource(Tenant t, Plane plane, long at) {
        List<Resource> pool = t.resources(plane);
        for (int i = 0; i < 6 && !pool.isEmpty(); i++) {
            Resource r = rnd.pick(pool);
            if (r.freeAt(at, gap) && r.freeAt(at + 3 * 3_600_000L, gap)) return r;
        }
        return null;
    }

    // ---- scanner waves ----

    private void scannerWave(Tenant t, long hourStart, int size, List<AlertSpec> out) {
        long start = hourStart + rnd.nextLong(30 * MINUTE);
        long span = rnd.between(5, 29) * MINUTE;
        Alerts.IpAsset scanner = alerts.hostileFreeAt(start, gap);
        String address = scanner != null ? scanner.address : alerts.externalIp(t, start, gap);
        for (int i = 0; i < size; i++) {
            long at = start + rnd.nextLong(span);
            Vm vm = freeVm(t, null, at);
            Row row = rnd.pick(vm.windows ? scanRowsWindows : scanRowsLinux);
            long duration = rnd.between(1, 20) * MINUTE;
            AlertSpec a = alerts.onMachine(t, row, alerts.severityOf(row), at, duration, vm);
            vm.lastUse = at + duration;
            Ent h = alerts.host(a, vm);
            alerts.ip(a, address);
            if (rnd.chance(0.5)) alerts.genericAccount(a, vm.windows, h);
            if (rnd.chance(0.3)) alerts.ip(a, vm.privateIp);
            a.extended("Attacker source IP", address);
            out.add(a);
        }
        if (scanner != null) scanner.lastUse = start + span + 20 * MINUTE;
    }

    // ---- alerts that take no part ----

    private AlertSpec dismissed(Tenant t, long at) {
        Vm vm = rnd.chance(0.1) && !t.busyVms.isEmpty() ? rnd.pick(t.busyVms) : rnd.pick(t.vms);
        Row row;
        do {
            row = rnd.pick(loneRows.get(vm.windows ? Plane.WINDOWS : Plane.LINUX));
        } while (!row.allows(Severity.MEDIUM) && !row.allows(Severity.HIGH) && rnd.chance(0.8));
        Severity sev = row.allows(Severity.HIGH) ? Severity.HIGH : row.allows(Severity.MEDIUM) ? Severity.MEDIUM : alerts.severityOf(row);
        AlertSpec a = alerts.onMachine(t, row, sev, at, 0, vm);
        a.status = "Dismissed";
        Ent h = alerts.host(a, vm);
        alerts.process(a, vm.windows, null, h, null);
        if (rnd.chance(0.5)) alerts.ip(a, vm.privateIp);
        return a;
    }

    private AlertSpec vendorTest(Tenant t, long at) {
        Row row = rnd.pick(testRows);
        if (row.plane() == Plane.APP_SERVICE && !t.resources(Plane.APP_SERVICE).isEmpty()) {
            return alerts.onResource(t, row, Severity.HIGH, at, 0, rnd.pick(t.resources(Plane.APP_SERVICE)));
        }
        if (row.plane() == Plane.KUBERNETES && !t.resources(Plane.KUBERNETES).isEmpty()) {
            return alerts.onResource(t, row, Severity.HIGH, at, 0, rnd.pick(t.resources(Plane.KUBERNETES)));
        }
        Vm vm = rnd.pick(t.vms);
        AlertSpec a = alerts.onMachine(t, row, alerts.severityOf(row).atLeast(Severity.MEDIUM) ? Severity.HIGH : Severity.LOW, at, 0, vm);
        Ent h = alerts.host(a, vm);
        alerts.process(a, vm.windows, null, h, vm.windows ? "cmd.exe /c echo X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR > eicar.com" : "echo 'X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR' > /tmp/eicar");
        return a;
    }
}
