package io.securitylake.subscriber.hunt;

import java.util.List;

/** One page of a hunt's or a statement's result: typed columns, rows in column order, and whether more follow. */
public record HuntResult(List<Column> columns, List<List<Object>> rows, Object next) {

    /** A result column: its name and its type as the engine names it (PostgreSQL's or Athena's). */
    public record Column(String name, String type) {
    }
}
