package org.alertcorrelator.service;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * The config file holds token hashes and maybe a store password: only its owner may read it. {@code token create}
 * sets 0600 on it (also on one that existed); {@code serve} refuses one that group or others may read or write.
 */
public final class ConfigFilePermissions {
    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private ConfigFilePermissions() {
    }

    private static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }

    /** @throws ConfigException when group or others have any access to the file */
    public static void checkPrivate(Path config) {
        if (config == null || !posix() || !Files.exists(config)) return;
        try {
            Set<PosixFilePermission> p = Files.getPosixFilePermissions(config);
            p.retainAll(OTHERS);
            if (!p.isEmpty()) {
                throw new ConfigException(config + ": readable or writable by others ("
                        + PosixFilePermissions.toString(Files.getPosixFilePermissions(config))
                        + "); it holds token hashes: chmod 600 " + config);
            }
        } catch (IOException e) {
            throw new ConfigException(config + ": cannot read its permissions: " + e.getMessage(), e);
        }
    }

    /** Sets 0600 (owner read and write only). */
    public static void makePrivate(Path config) throws IOException {
        if (posix()) Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-------"));
    }
}
