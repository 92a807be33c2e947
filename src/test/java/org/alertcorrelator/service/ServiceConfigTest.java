package org.alertcorrelator.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.alertcorrelator.cli.Main;
import org.alertcorrelator.service.auth.Principal;
import org.alertcorrelator.service.auth.Role;
import org.alertcorrelator.service.auth.TokenStore;
import org.alertcorrelator.service.auth.Tokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Settings: defaults, config file, environment, command line; tokens; `serve --help`; `token create`. */
class ServiceConfigTest {

    @Test
    void defaultsNeedNoSetUp() {
        ServiceConfig c = ServiceConfig.load(null, Map.of(), Map.of());
        assertEquals(8080, c.port());
        assertEquals("127.0.0.1", c.bind());
        assertEquals(Path.of("data"), c.dataDir());
        assertTrue(c.effectiveStoreUrl().startsWith("jdbc:sqlite:"), c.effectiveStoreUrl());
        assertTrue(c.effectiveStoreUrl().endsWith("/data/alert-correlator.db"), c.effectiveStoreUrl());
        assertEquals(Duration.ofDays(90), c.retention());
        assertEquals(Duration.ofMinutes(5), c.lateness());
        assertEquals(10L * 1024 * 1024, c.maxRequestBytes());
        assertEquals(ReopenPolicy.REOPEN, c.reopenClosed());
        assertTrue(c.tokens().isEmpty());
    }

    @Test
    void commandLineBeatsEnvironmentBeatsConfigFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("c.properties");
        Files.writeString(file, "port = 9000\nlateness = 10m\nretention = 30d\nreopen-closed = new\nwebhook.urls = http://127.0.0.1:9/a, https://siem.example/b\n"
                + "max-request-size = 512KB\n");
        ServiceConfig c = ServiceConfig.load(file, Map.of("ALERTCORRELATOR_PORT", "9100", "ALERTCORRELATOR_LATENESS", "1m"),
                Map.of(Setting.PORT, "9200"));
        assertEquals(9200, c.port());
        assertEquals(Duration.ofMinutes(1), c.lateness());
        assertEquals(Duration.ofDays(30), c.retention());
        assertEquals(ReopenPolicy.NEW, c.reopenClosed());
        assertEquals(2, c.webhookUrls().size());
        assertEquals(512 * 1024, c.maxRequestBytes());
    }

    @Test
    void environmentVariableNamesFollowTheKeys() {
        assertEquals("ALERTCORRELATOR_PORT", Setting.PORT.env());
        assertEquals("ALERTCORRELATOR_STORE_URL", Setting.STORE_URL.env());
        assertEquals("ALERTCORRELATOR_MAX_REQUEST_SIZE", Setting.MAX_REQUEST_SIZE.env());
        assertEquals("ALERTCORRELATOR_WEBHOOK_URLS", Setting.WEBHOOK_URLS.env());
    }

    @Test
    void aBadValueNamesWhereItCameFrom(@TempDir Path dir) throws Exception {
        ConfigException env = assertThrows(ConfigException.class,
                () -> ServiceConfig.load(null, Map.of("ALERTCORRELATOR_PORT", "eighty"), Map.of()));
        assertEquals("ALERTCORRELATOR_PORT: \"eighty\" is not a port number (0-65535)", env.getMessage());
        Path file = dir.resolve("c.properties");
        Files.writeString(file, "lateness = soon\n");
        ConfigException f = assertThrows(ConfigException.class, () -> ServiceConfig.load(file, Map.of(), Map.of()));
        assertTrue(f.getMessage().startsWith(file + ": lateness: \"soon\" is not a duration"), f.getMessage());
        assertThrows(ConfigException.class, () -> ServiceConfig.load(null, Map.of("ALERTCORRELATOR_REOPEN_CLOSED", "maybe"), Map.of()));
        assertThrows(ConfigException.class, () -> ServiceConfig.load(null, Map.of("ALERTCORRELATOR_WEBHOOK_URLS", "ftp://x"), Map.of()));
        assertThrows(ConfigException.class, () -> ServiceConfig.load(null, Map.of("ALERTCORRELATOR_MAX_REQUEST_SIZE", "lots"), Map.of()));
        assertThrows(ConfigException.class, () -> ServiceConfig.load(dir.resolve("missing.properties"), Map.of(), Map.of()));
        Files.writeString(file, "token.x.role = root\ntoken.x.sha256 = " + "ab".repeat(32) + "\n");
        ConfigException role = assertThrows(ConfigException.class, () -> ServiceConfig.load(file, Map.of(), Map.of()));
        assertTrue(role.getMessage().contains("token.x.role"), role.getMessage());
    }

    @Test
    void tokensComeHashedFromTheFileAndTheEnvironment(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("c.properties");
        Files.writeString(file, "token.soc.role = analyst\ntoken.soc.sha256 = " + Tokens.sha256Hex("t-soc") + "\ntoken.soc.tenants = a, b\n");
        ServiceConfig c = ServiceConfig.load(file, Map.of("ALERTCORRELATOR_TOKENS", "ingest:" + Tokens.sha256Hex("t-in") + ":c;d"), Map.of());
        TokenStore tokens = new TokenStore(c.tokens());
        Principal soc = tokens.authenticate("t-soc").orElseThrow();
        assertEquals("soc", soc.name());
        assertEquals(Role.ANALYST, soc.role());
        assertEquals(Set.of("a", "b"), soc.tenants());
        Principal in = tokens.authenticate("t-in").orElseThrow();
        assertEquals(Role.INGEST, in.role());
        assertEquals(Set.of("c", "d"), in.tenants());
        assertTrue(tokens.authenticate("t-other").isEmpty());
        assertTrue(tokens.authenticate("").isEmpty());
    }

    @Test
    void serveHelpListsEverySetting() {
        String out = capture(() -> Main.execute("serve", "--help"));
        for (Setting s : Setting.values()) {
            assertTrue(out.contains(s.key()) && out.contains(s.env()), s + " in:\n" + out);
        }
        assertTrue(out.contains("--config"), out);
    }

    @Test
    void tokenCreateAddsAHashedTokenAndPrintsItLast(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("sub").resolve("service.properties");
        String out = capture(() -> assertEquals(0, Main.execute("token", "create", "--config", file.toString(), "--role", "analyst",
                "--tenant", "t1", "--tenant", "t2")));
        List<String> lines = out.lines().toList();
        String token = lines.get(lines.size() - 1);
        assertTrue(token.startsWith("acr_") && token.length() > 40, out);
        String text = Files.readString(file);
        assertTrue(!text.contains(token), "only the hash is stored");
        assertTrue(text.contains(Tokens.sha256Hex(token)), text);
        String second = capture(() -> Main.execute("token", "create", "--config", file.toString(), "--role", "admin", "--name", "ops"));
        String adminToken = second.lines().reduce((a, b) -> b).orElseThrow();
        ServiceConfig c = ServiceConfig.load(file, Map.of(), Map.of());
        TokenStore tokens = new TokenStore(c.tokens());
        assertEquals(Set.of("t1", "t2"), tokens.authenticate(token).orElseThrow().tenants());
        assertEquals("ops", tokens.authenticate(adminToken).orElseThrow().name());
        assertEquals(Role.ADMIN, tokens.authenticate(adminToken).orElseThrow().role());
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        }
        assertEquals(2, Main.execute("token", "create", "--config", file.toString(), "--role", "root"));
        assertEquals(2, Main.execute("token", "create", "--config", file.toString(), "--role", "admin", "--name", "ops"));
    }

    static String capture(Runnable r) {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            r.run();
        } finally {
            System.setOut(old);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }
}
