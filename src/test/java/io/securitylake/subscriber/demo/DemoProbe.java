package io.securitylake.subscriber.demo;

import io.securitylake.subscriber.stack.LakeTestStack;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * One object that a starter rule matches, for measuring how soon a detection and its incident follow an object:
 * a CloudTrail console login without MFA by a user of the caller's naming (its own incident when the name is new),
 * timed just before now, put in the embedded lake's bucket.
 */
public final class DemoProbe {

    /** The starter rule the probe's one event matches. */
    public static final String RULE = "aws-console-login-without-mfa";

    private DemoProbe() {
    }

    /** Writes and puts the probe object; returns its key (announce it to measure from the announcement). */
    public static String consoleLoginWithoutMfa(Path dir, String account, String user, String address, long seed) {
        DemoBatch batch = new DemoBatch(DemoSource.CLOUD_TRAIL_MGMT, account, DemoFeedPlan.REGION,
                DemoLake.Window.before(Instant.now()), 1, seed);
        try {
            Path file = Files.createTempFile(dir, "probe", ".parquet");
            DemoScenarios.write(file, new DemoScenarios.Scripted(batch,
                    (row, e) -> DemoScenarios.call(e, user, address, "signin.amazonaws.com", "ConsoleLogin")));
            LakeTestStack.putObject(batch.key(), file);
            Files.delete(file);
            return batch.key();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
