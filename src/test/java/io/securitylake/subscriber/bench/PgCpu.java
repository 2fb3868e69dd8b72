package io.securitylake.subscriber.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.stream.Stream;

/**
 * CPU seconds used by one PostgreSQL server: its postmaster, every live backend and worker it forked, and the
 * children that already ended (the postmaster's cutime). Other servers on the machine are not counted.
 */
final class PgCpu {

    private static final double TICKS = 100.0; // USER_HZ on Linux

    private final long postmaster;

    PgCpu(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            long[] backend = Bench.procStat(rs.getLong(1));
            if (backend == null) {
                throw new IllegalStateException("cannot read /proc for the PostgreSQL backend");
            }
            this.postmaster = backend[1];
        }
    }

    double seconds() {
        long[] main = Bench.procStat(postmaster);
        long ticks = main == null ? 0 : main[11] + main[12] + main[13] + main[14];
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            ticks += procs.map(p -> p.getFileName().toString())
                    .filter(name -> name.chars().allMatch(Character::isDigit))
                    .map(name -> Bench.procStat(Long.parseLong(name)))
                    .filter(stat -> stat != null && stat.length > 12 && stat[1] == postmaster)
                    .mapToLong(stat -> stat[11] + stat[12])
                    .sum();
        } catch (IOException e) {
            return -1;
        }
        return ticks / TICKS;
    }
}
