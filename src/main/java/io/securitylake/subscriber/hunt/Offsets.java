package io.securitylake.subscriber.hunt;

import java.util.List;

/** Offset paging of a hunt's or a statement's rows: the position is the offset of the page's first row. */
final class Offsets {

    private Offsets() {
    }

    static long of(String position, int maxRows, int limit) {
        long offset;
        try {
            offset = position == null ? 0 : Long.parseLong(position);
        } catch (NumberFormatException e) {
            throw new HuntRefused("cursor is not one this API returned");
        }
        if (offset < 0 || offset > maxRows) {
            throw new HuntRefused("cursor is not one this API returned");
        }
        return offset;
    }

    /** The page of {@code limit} rows out of the {@code limit + 1} read; more follow when the extra row came. */
    static HuntResult page(List<HuntResult.Column> columns, List<List<Object>> rows, long offset, int limit, int maxRows) {
        boolean more = rows.size() > limit && offset + limit < maxRows;
        List<List<Object>> page = rows.size() > limit ? rows.subList(0, limit) : rows;
        return new HuntResult(columns, List.copyOf(page), more ? Long.toString(offset + limit) : null);
    }
}
