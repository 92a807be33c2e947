package org.alertcorrelator.generate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.alertcorrelator.generate.Catalog.Plane;
import org.alertcorrelator.generate.Estate.Resource;
import org.alertcorrelator.generate.Estate.Subscription;
import org.alertcorrelator.generate.Estate.Tenant;
import org.alertcorrelator.generate.Estate.User;
import org.alertcorrelator.generate.Estate.Vm;
import org.alertcorrelator.model.Severity;

/**
 * Makes the tenants and their estate, and more machines, users and resources when noise runs short of quiet
 * ones (the estate then grows, as a real one would be larger for that many alerts).
 */
final class EstateBuilder {
    private final Rnd rnd;
    private final Catalog catalog;

    EstateBuilder(Rnd rnd, Catalog catalog) {
        this.rnd = rnd;
        this.catalog = catalog;
    }

    List<Tenant> build(int tenants, int hosts) {
        double[] weights = new double[tenants];
        double total = 0;
        for (int i = 0; i < tenants; i++) total += weights[i] = 1.0 / Math.pow(i + 1, 0.6);
        List<Tenant> out = new ArrayList<>(tenants);
        for (int i = 0; i < tenants; i++) {
            String[] c = Estate.COMPANIES[i % Estate.COMPANIES.length];
            String suffix = i < Estate.COMPANIES.length ? "" : Integer.toString(i / Estate.COMPANIES.length + 1);
            String company = c[0] + suffix;
            String domain = suffix.isEmpty() ? c[1] : c[1].replaceFirst("\\.", suffix + ".");
            Tenant t = new Tenant(i, rnd.guid(), company, domain, Estate.LOCATIONS[i % Estate.LOCATIONS.length],
                    Estate.UTC_OFFSETS[i % Estate.UTC_OFFSETS.length], weights[i] / total);
            int subs = rnd.between(2, 4);
            String[] subNames = {"Production", "Development", "Shared Services", "Data Platform"};
            for (int s = 0; s < subs; s++) t.subscriptions.add(new Subscription(rnd.guid(), company + " " + subNames[s]));
            int h = Math.max(40, (int) Math.round(hosts * t.weight));
            populate(t, h);
            out.add(t);
        }
        return out;
    }

    private void populate(Tenant t, int hosts) {
        int users = Math.max(20, hosts);
        for (int i = 0; i < users; i++) t.users.add(newUser(t));
        int busy = Math.max(2, hosts / 100);
        for (int i = 0; i < hosts; i++) {
            Vm vm = newVm(t, i < busy);
            if (vm.busy) t.busyVms.add(vm);
            else t.vms.add(vm);
        }
        for (int i = 0; i < t.subscriptions.size(); i++) {
            Subscription s = t.subscriptions.get(i);
            t.resources(Plane.RESOURCE_MANAGER).add(new Resource(Plane.RESOURCE_MANAGER, s.name, "/subscriptions/" + s.id, s.id, null));
        }
        int[] counts = {Math.max(2, hosts / 25), Math.max(2, hosts / 50), Math.max(2, hosts / 40), Math.max(2, hosts / 40),
                Math.max(1, hosts / 150), Math.max(1, hosts / 250), Math.max(1, hosts / 150)};
        Plane[] planes = {Plane.STORAGE, Plane.KEY_VAULT, Plane.APP_SERVICE, Plane.SQL, Plane.COSMOS_DB, Plane.KUBERNETES, Plane.DDOS};
        for (int p = 0; p < planes.length; p++) {
            for (int i = 0; i < counts[p]; i++) t.resources(planes[p]).add(newResource(t, planes[p]));
        }
        int base = (t.index * 16) % 256;
        t.dnsServers.add("10." + base + ".0.4");
        t.dnsServers.add("10." + base + ".0.5");
        t.proxyIp = "10." + base + ".0.8";
        t.managementAccount = rnd.pick(new String[]{"svc-sccm", "svc-intune", "svc-qualys", "svc-tanium", "svc-monitoring"});
    }

    User newUser(Tenant t) {
        String first = rnd.pick(Estate.FIRST);
        String last = rnd.pick(Estate.LAST);
        String upn = first + "." + last;
        String sam = first.charAt(0) + last;
        // Two people with one name (or one short name) get a number, as directories do.
        String baseUpn = upn;
        String baseSam = sam;
        for (int n = 2; t.accountNames.contains(upn) || t.accountNames.contains(sam); n++) {
            upn = baseUpn + n;
            sam = baseSam + n;
        }
        t.accountNames.add(upn);
        t.accountNames.add(sam);
        t.accountNames.add("adm-" + sam);
        return new User(first, last, upn, sam, rnd.guid());
    }

    Vm newVm(Tenant t, boolean busy) {
        Subscription sub = rnd.pick(t.subscriptions);
        boolean windows;
        boolean workstation = false;
        String name;
        String role;
        String env = rnd.pick(Estate.ENVS);
        double kind = rnd.nextDouble();
        if (busy) {
            role = rnd.pick(Estate.BUSY_ROLES);
            windows = rnd.chance(0.5);
            name = role + "-" + Estate.twoDigits(rnd.between(1, 40));
        } else if (kind < 0.25) {
            windows = true;
            workstation = true;
            role = "wks";
            name = switch (rnd.nextInt(3)) {
                case 0 -> "LAPTOP-" + rnd.upperAlnum(7);
                case 1 -> "DESKTOP-" + rnd.upperAlnum(7);
                default -> "WKS-" + rnd.pick(new String[]{"FIN", "HR", "ENG", "OPS", "MKT", "LEGAL", "SALES"}) + "-" + String.format(Locale.ROOT, "%04d", rnd.nextInt(10000));
            };
        } else if (kind < 0.70) {
            windows = true;
            role = rnd.pick(Estate.SERVER_ROLES);
            name = switch (rnd.nextInt(3)) {
                case 0 -> role + "-" + env + "-" + Estate.twoDigits(rnd.between(1, 60));
                case 1 -> (role + env).toUpperCase(Locale.ROOT) + Estate.twoDigits(rnd.between(1, 30));
                default -> t.company.substring(0, Math.min(3, t.company.length())) + "-" + role + "-" + Estate.twoDigits(rnd.between(1, 60));
            };
        } else {
            windows = false;
            role = rnd.pick(Estate.SERVER_ROLES);
            name = switch (rnd.nextInt(4)) {
                case 0 -> rnd.pick(Estate.LINUX_STYLES) + "-" + role + "-" + Estate.twoDigits(rnd.between(1, 60));
                case 1 -> env + "-" + role + "-" + Estate.twoDigits(rnd.between(1, 60));
                case 2 -> "ip-10-" + rnd.between(0, 255) + "-" + rnd.between(0, 255) + "-" + rnd.between(4, 250);
                default -> "vm-" + role + "-" + env + rnd.between(1, 99);
            };
        }
        name = unique(t, name);
        String dnsDomain = null;
        if (windows && rnd.chance(workstation ? 0.6 : 0.7)) dnsDomain = "corp." + t.domain;
        boolean arc = workstation || rnd.chance(0.15);
        String rg = "rg-" + (workstation ? "endpoints" : role + "-" + env);
        String resourceId = "/subscriptions/" + sub.id + "/resourceGroups/" + rg + "/providers/"
                + (arc ? "Microsoft.HybridCompute/machines/" : "Microsoft.Compute/virtualMachines/") + name;
        int k = t.nextIp++;
        int base = (t.index * 16) % 256;
        String ip = "10." + (base + 1 + k / 64000) % 256 + "." + (k / 250) % 256 + "." + (k % 250 + 4);
        Vm vm = new Vm(name, dnsDomain, windows, workstation, resourceId, ip, sub.id, rg);
        if (workstation && !t.users.isEmpty()) vm.owner = rnd.pick(t.users);
        if (busy) {
            vm.busy = true;
            vm.serviceAccount = "svc-" + Estate.compact(name); // its own: another busy host may repeat another stage
            vm.busyRows = busyRows(windows);
        }
        return vm;
    }

    private String unique(Tenant t, String name) {
        String n = name;
        int i = 2;
        while (!t.hostNames.add(n.toLowerCase(Locale.ROOT))) n = name + "-" + i++;
        return n;
    }

    /**
     * The benign alert a busy host repeats: a Low or Informational row of its OS with one kill-chain stage (or
     * none), sometimes two such rows of the same stage.
     */
    private List<Catalog.Row> busyRows(boolean windows) {
        Plane plane = windows ? Plane.WINDOWS : Plane.LINUX;
        List<Catalog.Row> candidates = new ArrayList<>();
        for (Catalog.Row r : catalog.plane(plane)) {
            if (r.isVendorTest() || !r.singleStage()) continue;
            if (r.allows(Severity.LOW) || r.allows(Severity.INFORMATIONAL)) candidates.add(r);
        }
        Catalog.Row first = rnd.pick(candidates);
        List<Catalog.Row> rows = new ArrayList<>(List.of(first));
        if (rnd.chance(0.3)) {
            List<Catalog.Row> same = new ArrayList<>();
            for (Catalog.Row r : candidates) {
                if (r != first && r.allStages().equals(first.allStages())) same.add(r);
            }
            if (!same.isEmpty()) rows.add(rnd.pick(same));
        }
        return List.copyOf(rows);
    }

    Resource newResource(Tenant t, Plane plane) {
        Subscription sub = rnd.pick(t.subscriptions);
        String env = rnd.pick(Estate.ENVS);
        String co = Estate.compact(t.company);
        String tail = rnd.hex(4);
        String rg = "rg-" + plane.name().toLowerCase(Locale.ROOT).replace('_', '-') + "-" + env;
        String name;
        String provider;
        switch (plane) {
            case STORAGE -> {
                name = (co.length() > 10 ? co.substring(0, 10) : co) + "st" + env + tail;
                provider = "Microsoft.Storage/storageAccounts/";
            }
            case KEY_VAULT -> {
                name = "kv-" + co + "-" + env + "-" + tail;
                provider = "Microsoft.KeyVault/vaults/";
            }
            case APP_SERVICE -> {
                name = co + "-" + rnd.pick(Estate.SITES) + "-" + env + "-" + tail;
                provider = "Microsoft.Web/sites/";
            }
            case SQL -> {
                String kind = rnd.pick(new String[]{"Microsoft.Sql/servers/", "Microsoft.DBforPostgreSQL/flexibleServers/", "Microsoft.DBforMySQL/flexibleServers/"});
                name = "sql-" + co + "-" + env + "-" + tail;
                provider = kind;
            }
            case COSMOS_DB -> {
                name = "cosmos-" + co + "-" + env + "-" + tail;
                provider = "Microsoft.DocumentDB/databaseAccounts/";
            }
            case KUBERNETES -> {
                name = "aks-" + co + "-" + env + "-" + tail;
                provider = "Microsoft.ContainerService/managedClusters/";
            }
            case DDOS -> {
                name = "pip-" + co + "-" + rnd.pick(Estate.SITES) + "-" + tail;
                provider = "Microsoft.Network/publicIPAddresses/";
            }
            default -> throw new IllegalArgumentException("no resource for " + plane);
        }
        // Names are unique in a tenant: a name is the resource's identity in its alerts.
        if (!t.resourceNames.add(provider + name)) return newResource(t, plane);
        return new Resource(plane, name, "/subscriptions/" + sub.id + "/resourceGroups/" + rg + "/providers/" + provider + name, sub.id, rg);
    }
}
