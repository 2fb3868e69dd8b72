package io.securitylake.subscriber.ocsf;

/** Placeholder until the catalog lands. */
public class OcsfCatalog {
    public static OcsfCatalog load() {
        return new OcsfCatalog();
    }
}
