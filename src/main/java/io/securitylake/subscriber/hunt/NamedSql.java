package io.securitylake.subscriber.hunt;

import java.util.ArrayList;
import java.util.List;

/**
 * A hunt's SQL with named parameters ({@code :name}) turned into positional ones ({@code ?}) and the names in
 * their order. Quoted text, quoted identifiers, comments and casts ({@code ::}) are left alone; a {@code ?} of
 * the hunt's own (PostgreSQL's jsonb operator) is refused when the file is read, as JDBC would take it for a
 * parameter.
 */
record NamedSql(String sql, List<String> names) {

    static NamedSql parse(String text) {
        StringBuilder out = new StringBuilder(text.length());
        List<String> names = new ArrayList<>();
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (c == '\'' || c == '"') {
                int end = text.indexOf(c, i + 1);
                while (end > 0 && end + 1 < n && text.charAt(end + 1) == c) {
                    end = text.indexOf(c, end + 2);
                }
                end = end < 0 ? n : end + 1;
                out.append(text, i, end);
                i = end;
            } else if (c == '-' && i + 1 < n && text.charAt(i + 1) == '-') {
                int end = text.indexOf('\n', i);
                end = end < 0 ? n : end;
                out.append(text, i, end);
                i = end;
            } else if (c == ':' && i + 1 < n && text.charAt(i + 1) == ':') {
                out.append("::");
                i += 2;
            } else if (c == ':' && i + 1 < n && Character.isLetter(text.charAt(i + 1))) {
                int end = i + 1;
                while (end < n && (Character.isLetterOrDigit(text.charAt(end)) || text.charAt(end) == '_')) {
                    end++;
                }
                names.add(text.substring(i + 1, end));
                out.append('?');
                i = end;
            } else if (c == '?') {
                throw new IllegalArgumentException("a '?' outside quotes: write jsonb_exists(...) or a named parameter");
            } else {
                out.append(c);
                i++;
            }
        }
        return new NamedSql(out.toString(), List.copyOf(names));
    }
}
