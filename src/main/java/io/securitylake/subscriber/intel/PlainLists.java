package io.securitylake.subscriber.intel;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A plain list → its indicators, all of the feed's one type: one value a line ({@code list}), or a CSV file whose
 * named column holds the value ({@code csv}, the header being the first line that names the column, also as a
 * {@code #} comment, the way abuse.ch publishes). Blank and {@code #} lines are passed over. A line longer than the
 * limit is refused and skipped without being held (a 10 MB line costs no 10 MB), as is a value not of the type.
 */
final class PlainLists {

    private PlainLists() {
    }

    static FeedLoad read(InputStream in, String feed, IndicatorType type, String column, int defaultConfidence,
                         int maxLineLength) throws IOException {
        FeedLoad load = new FeedLoad();
        int index = column == null ? 0 : -1;
        try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            Lines lines = new Lines(reader, maxLineLength);
            String line;
            while ((line = lines.next()) != null) {
                if (line == Lines.TOO_LONG) {
                    load.refuse("line " + lines.number, "line longer than " + maxLineLength + " characters");
                    continue;
                }
                String text = line.strip();
                if (index < 0) {
                    index = header(text, column);
                    continue;
                }
                if (text.isEmpty() || text.startsWith("#")) {
                    continue;
                }
                String raw = text;
                if (column != null) {
                    List<String> cells = cells(text);
                    if (index >= cells.size()) {
                        load.refuse("line " + lines.number, "line without column " + column);
                        continue;
                    }
                    raw = cells.get(index);
                }
                try {
                    load.add(Indicator.listed(feed, type, type.normalise(raw), defaultConfidence));
                } catch (IllegalArgumentException e) {
                    load.refuse("line " + lines.number, e.getMessage());
                }
            }
        }
        if (index < 0) {
            throw new IOException("no header line names column " + column);
        }
        return load;
    }

    /** The column's index in a header line (also one written as a comment), or -1 when the line is no such header. */
    private static int header(String text, String column) {
        String header = text.startsWith("#") ? text.substring(1).strip() : text;
        List<String> names = cells(header);
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).strip().equalsIgnoreCase(column)) {
                return i;
            }
        }
        return -1;
    }

    /** The cells of one CSV line: comma-separated, a cell in double quotes may hold commas and {@code ""}. */
    static List<String> cells(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                out.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        out.add(cell.toString());
        return out;
    }

    /** Lines of at most a given length; a longer one is read through and answered by {@link #TOO_LONG}. */
    private static final class Lines {

        @SuppressWarnings("StringOperationCanBeSimplified")
        static final String TOO_LONG = new String("");

        private final Reader reader;
        private final int max;
        private final StringBuilder line = new StringBuilder();
        private final char[] buffer = new char[8192];
        private int position;
        private int limit;
        int number;

        Lines(Reader reader, int max) {
            this.reader = reader;
            this.max = max;
        }

        String next() throws IOException {
            line.setLength(0);
            boolean tooLong = false;
            boolean any = false;
            while (true) {
                if (position == limit) {
                    limit = reader.read(buffer);
                    position = 0;
                    if (limit <= 0) {
                        limit = 0;
                        if (!any) {
                            return null;
                        }
                        break;
                    }
                }
                any = true;
                char c = buffer[position++];
                if (c == '\n') {
                    break;
                }
                if (!tooLong && line.length() >= max) {
                    tooLong = true;
                    line.setLength(0);
                    line.trimToSize();
                }
                if (!tooLong) {
                    line.append(c);
                }
            }
            number++;
            return tooLong ? TOO_LONG : line.toString();
        }
    }
}
