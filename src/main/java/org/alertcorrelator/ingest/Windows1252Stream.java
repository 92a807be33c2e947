package org.alertcorrelator.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * Windows-1252 text as UTF-8 bytes, for files saved by older Windows tools (Excel's "CSV" among them) that the
 * readers, which read UTF-8, would otherwise reject as binary. Byte by byte: used only for such files.
 */
final class Windows1252Stream extends InputStream {
    private static final byte[][] UTF8 = new byte[256][];

    static {
        Charset cp1252 = Charset.forName("windows-1252");
        for (int i = 0; i < 256; i++) UTF8[i] = new String(new byte[] {(byte) i}, cp1252).getBytes(StandardCharsets.UTF_8);
    }

    private final InputStream in;
    private byte[] pending;
    private int pos;

    Windows1252Stream(InputStream in) {
        this.in = in;
    }

    @Override
    public int read() throws IOException {
        if (pending != null && pos < pending.length) return pending[pos++] & 0xff;
        int c = in.read();
        if (c < 0) return -1;
        byte[] u = UTF8[c];
        if (u.length > 1) {
            pending = u;
            pos = 1;
        }
        return u[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) return 0;
        int n = 0;
        while (n < len) {
            if ((pending == null || pos >= pending.length) && n > 0 && in.available() <= 0) break;
            int c = read();
            if (c < 0) break;
            b[off + n++] = (byte) c;
        }
        return n == 0 ? -1 : n;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
