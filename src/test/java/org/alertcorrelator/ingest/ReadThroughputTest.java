package org.alertcorrelator.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Not a check but a measurement, run on demand:
 * {@code mvn -q -Dtest=ReadThroughputTest -Dingest.benchmark=true [-Dingest.benchmark.alerts=1000000] test}.
 * Writes a JSON-lines file of flat Defender export alerts (about 1.6 KB each, five entities with references),
 * then prints the reader's alerts/s next to Jackson's readTree-per-line (the parse-only floor).
 */
@EnabledIfSystemProperty(named = "ingest.benchmark", matches = "true")
class ReadThroughputTest {
    @TempDir
    Path tmp;

    @Test
    void jsonLines() throws IOException {
        int n = Integer.getInteger("ingest.benchmark.alerts", 100_000);
        Path file = tmp.resolve("alerts.jsonl");
        write(file, n);
        AlertReader reader = new AlertReader();
        ObjectMapper json = new ObjectMapper();
        for (int round = 1; round <= 5; round++) {
            long t0 = System.nanoTime();
            ReadResult r = reader.read(file, false);
            long t1 = System.nanoTime();
            int lines = 0;
            try (BufferedReader in = Files.newBufferedReader(file)) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    json.readTree(line);
                    lines++;
                }
            }
            long t2 = System.nanoTime();
            assertEquals(n, r.records().size());
            System.out.printf("round %d: reader %,.0f alerts/s; parse-only readTree %,.0f lines/s (%d alerts, %.0f bytes each)%n",
                    round, n / ((t1 - t0) / 1e9), lines / ((t2 - t1) / 1e9), n, (double) Files.size(file) / n);
        }
    }

    private static void write(Path file, int n) throws IOException {
        Random random = new Random(7);
        try (BufferedWriter out = Files.newBufferedWriter(file)) {
            for (int i = 0; i < n; i++) {
                String host = String.format("WEB%03d", random.nextInt(500));
                String vm = "/subscriptions/3c1bb38c-82e3-4f8d-a115-a7110ba70d05/resourceGroups/prod/providers/Microsoft.Compute/virtualMachines/" + host;
                out.write("{\"SystemAlertId\":\"" + new java.util.UUID(random.nextLong(), random.nextLong()) + "\","
                        + "\"AlertType\":\"VM_SuspiciousCommandLine\",\"AlertDisplayName\":\"Suspicious command line detected\","
                        + "\"Description\":\"Analysis of host data detected a suspicious command line on the machine.\","
                        + "\"Severity\":\"" + (random.nextBoolean() ? "High" : "Medium") + "\",\"Intent\":\"Discovery, Execution\","
                        + "\"StartTimeUtc\":\"2024-03-01T" + String.format("%02d:%02d:%02d", random.nextInt(24), random.nextInt(60), random.nextInt(60)) + ".1234567Z\","
                        + "\"EndTimeUtc\":\"2024-03-01T23:59:59.9999999Z\",\"TimeGeneratedUtc\":\"2024-03-02T00:00:05.1234567Z\","
                        + "\"Status\":\"Active\",\"ProductName\":\"Microsoft Defender for Cloud\",\"VendorName\":\"Microsoft\","
                        + "\"AzureResourceId\":\"" + vm + "\",\"CompromisedEntity\":\"" + host + "\",\"Techniques\":[\"T1059\",\"T1033\"],"
                        + "\"ExtendedProperties\":{\"resourceType\":\"Virtual Machine\"},"
                        + "\"ResourceIdentifiers\":[{\"$id\":\"1\",\"AzureResourceId\":\"" + vm + "\",\"Type\":\"AzureResource\","
                        + "\"AzureResourceTenantId\":\"72f988bf-86f1-41af-91ab-2d7cd011db47\"}],"
                        + "\"Entities\":[{\"$id\":\"2\",\"HostName\":\"" + host + "\",\"DnsDomain\":\"contoso.local\",\"NetBiosName\":\"" + host
                        + "\",\"OSFamily\":\"Windows\",\"Type\":\"host\"},"
                        + "{\"$id\":\"3\",\"Name\":\"user" + random.nextInt(200) + "\",\"NTDomain\":\"CONTOSO\",\"Sid\":\"S-1-5-21-1004336348-1177238915-682003330-"
                        + (1000 + random.nextInt(200)) + "\",\"Host\":{\"$ref\":\"2\"},\"Type\":\"account\"},"
                        + "{\"$id\":\"4\",\"Directory\":\"c:\\\\windows\\\\system32\",\"Name\":\"cmd.exe\",\"Type\":\"file\"},"
                        + "{\"$id\":\"5\",\"ProcessId\":\"0x" + Integer.toHexString(1000 + random.nextInt(60000)) + "\",\"CommandLine\":\"cmd.exe /c whoami /all\","
                        + "\"ImageFile\":{\"$ref\":\"4\"},\"Account\":{\"$ref\":\"3\"},\"Host\":{\"$ref\":\"2\"},\"Type\":\"process\","
                        + "\"CreationTimeUtc\":\"2024-03-01T10:00:00.1234567Z\"},"
                        + "{\"$id\":\"6\",\"Address\":\"10.0." + random.nextInt(256) + "." + (1 + random.nextInt(254)) + "\",\"Type\":\"ip\"}]}\n");
            }
        }
    }
}
