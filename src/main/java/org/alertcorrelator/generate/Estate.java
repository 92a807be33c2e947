package org.alertcorrelator.generate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The tenants and what they own: machines, users, cloud resources, and the infrastructure many machines share
 * (DNS servers, proxies, a management service account). Everything an alert can name comes from here, so that
 * the same host or account is named the same way in every alert that names it.
 *
 * <p>Each {@link Asset} remembers when noise last used it and the periods campaigns reserved it for: that is how
 * the generator keeps lone alerts lone and campaign entities apart from noise (see {@link StreamGenerator}).
 */
final class Estate {

    /** Something alerts name and that noise must not share by accident: a machine, a user, a cloud resource. */
    static class Asset {
        long lastUse = Long.MIN_VALUE / 4;
        // [from, to] pairs, in epoch ms, when a campaign uses the asset.
        long[] reserved = new long[0];

        /** True when noise may use the asset at {@code t}: no use and no campaign within {@code gap} of it. */
        boolean freeAt(long t, long gap) {
            if (lastUse + gap >= t) return false;
            for (int i = 0; i < reserved.length; i += 2) {
                if (t >= reserved[i] - gap && t <= reserved[i + 1] + gap) return false;
            }
            return true;
        }

        /** True when a campaign may reserve the asset for [from, to]: no other campaign within {@code gap}. */
        boolean freeFor(long from, long to, long gap) {
            for (int i = 0; i < reserved.length; i += 2) {
                if (from <= reserved[i + 1] + gap && to >= reserved[i] - gap) return false;
            }
            return true;
        }

        void reserve(long from, long to) {
            long[] r = java.util.Arrays.copyOf(reserved, reserved.length + 2);
            r[reserved.length] = from;
            r[reserved.length + 1] = to;
            reserved = r;
        }
    }

    static final class User extends Asset {
        final String first;
        final String last;
        final String upnName;   // john.smith
        final String sam;       // jsmith
        final String aadId;

        User(String first, String last, String upnName, String sam, String aadId) {
            this.first = first;
            this.last = last;
            this.upnName = upnName;
            this.sam = sam;
            this.aadId = aadId;
        }
    }

    static final class Vm extends Asset {
        final String name;          // as the machine calls itself: web-prod-03, LAPTOP-7F2K9QX
        final String dnsDomain;     // null when alerts name it by its short name only
        final boolean windows;
        final boolean workstation;
        final String resourceId;
        final String privateIp;
        final String subscriptionId;
        final String resourceGroup;
        User owner;                 // workstations: the user who works on it
        boolean busy;
        List<Catalog.Row> busyRows = List.of();
        String serviceAccount;      // busy hosts: the account their benign job runs as

        Vm(String name, String dnsDomain, boolean windows, boolean workstation, String resourceId, String privateIp,
           String subscriptionId, String resourceGroup) {
            this.name = name;
            this.dnsDomain = dnsDomain;
            this.windows = windows;
            this.workstation = workstation;
            this.resourceId = resourceId;
            this.privateIp = privateIp;
            this.subscriptionId = subscriptionId;
            this.resourceGroup = resourceGroup;
        }

        String fqdn() {
            return dnsDomain == null ? name : name + "." + dnsDomain;
        }
    }

    /** A cloud resource alerts are about: a storage account, key vault, web app, cluster, subscription ... */
    static final class Resource extends Asset {
        final Catalog.Plane plane;
        final String name;
        final String resourceId;
        final String subscriptionId;
        final String resourceGroup;

        Resource(Catalog.Plane plane, String name, String resourceId, String subscriptionId, String resourceGroup) {
            this.plane = plane;
            this.name = name;
            this.resourceId = resourceId;
            this.subscriptionId = subscriptionId;
            this.resourceGroup = resourceGroup;
        }
    }

    static final class Subscription {
        final String id;
        final String name;

        Subscription(String id, String name) {
            this.id = id;
            this.name = name;
        }
    }

    static final class Tenant {
        final int index;
        final String id;
        final String company;       // contoso
        final String domain;        // contoso.com
        final String netbios;       // CONTOSO
        final String location;
        final int utcOffsetHours;
        final double weight;
        final List<Subscription> subscriptions = new ArrayList<>();
        final List<Vm> vms = new ArrayList<>();          // machines noise and campaigns may use
        final List<Vm> busyVms = new ArrayList<>();      // machines that repeat one benign alert
        final List<User> users = new ArrayList<>();
        final Map<Catalog.Plane, List<Resource>> resources = new HashMap<>();
        final List<String> dnsServers = new ArrayList<>();
        String proxyIp;
        String managementAccount;   // e.g. CONTOSO\svc-sccm: on every managed machine
        final Set<String> hostNames = new HashSet<>();
        final Set<String> accountNames = new HashSet<>();
        final Set<String> resourceNames = new HashSet<>();
        int nextIp;

        Tenant(int index, String id, String company, String domain, String location, int utcOffsetHours, double weight) {
            this.index = index;
            this.id = id;
            this.company = company;
            this.domain = domain;
            this.netbios = company.toUpperCase(Locale.ROOT).replace("-", "");
            this.location = location;
            this.utcOffsetHours = utcOffsetHours;
            this.weight = weight;
        }

        List<Resource> resources(Catalog.Plane p) {
            return resources.computeIfAbsent(p, k -> new ArrayList<>());
        }
    }

    // ---- names ----

    static final String[][] COMPANIES = {
            {"contoso", "contoso.com"}, {"fabrikam", "fabrikam.com"}, {"northwind", "northwindtraders.com"},
            {"adatum", "adatum.com"}, {"woodgrove", "woodgrovebank.com"}, {"litware", "litwareinc.com"},
            {"proseware", "proseware.com"}, {"tailspin", "tailspintoys.com"}, {"wingtip", "wingtiptoys.com"},
            {"fourthcoffee", "fourthcoffee.com"}, {"alpineski", "alpineskihouse.com"}, {"cohowinery", "cohowinery.com"},
            {"lucerne", "lucernepublishing.com"}, {"margies", "margiestravel.com"}, {"treyresearch", "treyresearch.net"},
            {"relecloud", "relecloud.com"}, {"humongous", "humongousinsurance.com"}, {"blueyonder", "blueyonderairlines.com"},
            {"wideworld", "wideworldimporters.com"}, {"adventure-works", "adventure-works.com"},
            {"tailwind", "tailwindtraders.com"}, {"lamna", "lamnahealthcare.com"}, {"cpandl", "cpandl.com"},
            {"vanarsdel", "vanarsdelltd.com"}, {"consolidated", "consolidatedmessenger.com"}};
    static final String[] LOCATIONS = {"westeurope", "eastus", "northeurope", "westus2", "uksouth", "germanywestcentral",
            "eastus2", "southeastasia", "australiaeast", "francecentral"};
    static final int[] UTC_OFFSETS = {1, -5, 0, -8, 0, 1, -5, 8, 10, 1};
    static final String[] FIRST = {"james", "mary", "robert", "patricia", "john", "jennifer", "michael", "linda", "david",
            "elizabeth", "william", "barbara", "richard", "susan", "joseph", "jessica", "thomas", "sarah", "chris", "karen",
            "daniel", "lisa", "matthew", "nancy", "anthony", "sandra", "mark", "ashley", "steven", "emily", "paul", "donna",
            "andrew", "michelle", "joshua", "carol", "kevin", "amanda", "brian", "melissa", "george", "deborah", "timothy",
            "laura", "ahmed", "fatima", "wei", "mei", "hiroshi", "yuki", "raj", "priya", "olga", "ivan", "lucas", "sofia",
            "mateo", "valentina", "noah", "emma", "liam", "olivia", "elena", "marco", "anna", "jonas", "lea", "pierre",
            "camille", "sven", "ingrid", "pedro", "ana", "omar", "leila", "kwame", "amara", "tomasz", "zofia", "dmitri"};
    static final String[] LAST = {"smith", "johnson", "williams", "brown", "jones", "garcia", "miller", "davis", "rodriguez",
            "martinez", "hernandez", "lopez", "gonzalez", "wilson", "anderson", "thomas", "taylor", "moore", "jackson",
            "martin", "lee", "perez", "thompson", "white", "harris", "sanchez", "clark", "ramirez", "lewis", "robinson",
            "walker", "young", "allen", "king", "wright", "scott", "torres", "nguyen", "hill", "flores", "green", "adams",
            "nelson", "baker", "hall", "rivera", "campbell", "mitchell", "carter", "roberts", "mueller", "schmidt",
            "schneider", "fischer", "weber", "meyer", "wagner", "becker", "dubois", "moreau", "laurent", "rossi", "russo",
            "bianchi", "kowalski", "nowak", "ivanov", "petrov", "tanaka", "suzuki", "sato", "kim", "park", "chen", "wang",
            "li", "zhang", "patel", "sharma", "singh", "okafor", "mensah", "haddad", "silva", "santos", "oliveira"};
    static final String[] SERVER_ROLES = {"web", "app", "api", "sql", "db", "dc", "file", "print", "mail", "exch", "jump",
            "vpn", "log", "mon", "kafka", "redis", "es", "etl", "bi", "sap", "crm", "erp", "bkp", "ftp", "rdsh", "cache",
            "iis", "adfs", "ca", "wsus", "sccm", "hr", "pay", "ora", "mq", "nginx", "gw", "batch", "report", "share"};
    static final String[] ENVS = {"prod", "prd", "uat", "dev", "test", "stg", "qa"};
    static final String[] LINUX_STYLES = {"ubuntu", "centos", "rhel", "debian", "vm-linux", "lnx"};
    static final String[] BUSY_ROLES = {"build", "ci-agent", "jenkins", "gitlab-runner", "devbox", "sccm", "scan", "jump", "rdgw", "tfs-agent"};
    static final String[] SITES = {"shop", "portal", "api", "www", "intranet", "careers", "partners", "booking", "docs", "status",
            "billing", "support", "identity", "media", "catalog", "search"};

    private Estate() {
    }

    /** Lower-case storage/vault-style name: letters and digits only. */
    static String compact(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isLetterOrDigit(c)) b.append(Character.toLowerCase(c));
        }
        return b.toString();
    }

    static String twoDigits(int n) {
        return n < 10 ? "0" + n : Integer.toString(n);
    }
}
