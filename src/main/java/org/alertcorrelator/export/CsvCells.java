package org.alertcorrelator.export;

import java.util.ArrayList;
import java.util.List;

/**
 * CSV cells made safe to open in a spreadsheet (OWASP, "CSV Injection"): a text cell beginning with {@code =},
 * {@code +}, {@code -}, {@code @}, a tab or a carriage return would be read as a formula (e.g.
 * {@code =HYPERLINK(...)} in an alert's display name), so it gets a leading single quote, which spreadsheets show
 * as text. Every CSV the project writes goes through {@link #neutralise(List)}. Numbers are left as they are.
 */
public final class CsvCells {
    private CsvCells() {
    }

    public static Object neutralise(Object cell) {
        if (!(cell instanceof String s) || s.isEmpty()) return cell;
        char c = s.charAt(0);
        return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r' ? "'" + s : s;
    }

    public static List<Object> neutralise(List<?> row) {
        List<Object> out = new ArrayList<>(row.size());
        for (Object cell : row) out.add(neutralise(cell));
        return out;
    }
}
