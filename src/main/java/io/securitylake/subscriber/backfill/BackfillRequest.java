package io.securitylake.subscriber.backfill;

import java.time.LocalDate;
import java.util.List;

/**
 * What a backfill reads, once validated: the objects of these accounts in the bucket whose event day lies in
 * {@code [from, to]}, optionally of one source and one region.
 *
 * @param tenant   the tenant asked for, or null when the request named an account only
 * @param accounts the AWS accounts whose partitions are listed (the tenant's, or the one asked for)
 * @param source   a source's name in the keys ({@code CLOUD_TRAIL_MGMT}, a custom source's name), or null for all
 * @param region   a region, or null for all
 */
public record BackfillRequest(String bucket, String tenant, List<String> accounts, String source, String region,
                              LocalDate from, LocalDate to) {

    public BackfillRequest {
        accounts = List.copyOf(accounts);
    }
}
